package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.TaskTemplate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API reads from this instance's Kafka Streams: its state, who owns a task, the local stores and the
 * registered templates. An interface so the HTTP edge can be tested without a broker.
 * Store reads throw {@link InvalidStateStoreException} while stores restore or move (the API answers 503).
 */
interface TaskStoreView {
    /** The instance that owns a task's partition, and the partition. */
    record Owner(HostInfo host, int partition) {
    }

    KafkaStreams.State state();

    /** The owner of the task id's partition; empty while it is not known (rebalancing). */
    Optional<Owner> owner(String taskId);

    /** The task as {@code GET /v1/tasks/{id}} shows it, from the local store of {@code partition}; empty if there is none. */
    Optional<ObjectNode> localTask(String taskId, int partition);

    /** One page of the tasks of the partitions this instance owns, see {@link TaskListing#localPage}. */
    ObjectNode localPage(TaskListing.Filter filter);

    /** Every instance of the application, this one included. */
    List<HostInfo> instances();

    /** The template with that version, or the newest when {@code version} is null. */
    Optional<TemplateCatalog.Entry> template(String namespace, String name, String version);

    List<TaskTemplate> templates();

    /** Who registered each template version, and when. */
    List<TemplateCatalog.Registration> registrations();

    /**
     * Tasks per template version and state over the partitions this instance owns, keyed like
     * {@link TemplateCounts#key}.
     */
    java.util.Map<String, Long> localTemplateCounts();

    /** Whether the step-command topic of {@code namespace} exists, i.e. a runner serving it has started. */
    boolean namespaceReady(String namespace);
}
