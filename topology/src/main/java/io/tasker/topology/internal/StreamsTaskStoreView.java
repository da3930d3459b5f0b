package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.templates.TaskTemplate;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.List;
import java.util.Optional;

/** {@link TaskStoreView} on the interactive queries of a running {@link KafkaStreams}. */
final class StreamsTaskStoreView implements TaskStoreView {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final TemplateCatalog catalog;
    private final NamespaceTopics namespaceTopics;
    private final io.tasker.schemas.TaskerTopics topics;

    StreamsTaskStoreView(KafkaStreams streams, TemplateCatalog catalog, NamespaceTopics namespaceTopics, io.tasker.schemas.TaskerTopics topics) {
        this.streams = streams;
        this.catalog = catalog;
        this.namespaceTopics = namespaceTopics;
        this.topics = topics;
    }

    @Override
    public boolean namespaceReady(String namespace) {
        return namespaceTopics.exists(topics.stepCommands(namespace));
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Optional<Owner> owner(String taskId) {
        KeyQueryMetadata md = streams.queryMetadataForKey(TopologyNames.TASKS_STORE, taskId, KEYS);
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) return Optional.empty();
        return Optional.of(new Owner(md.activeHost(), md.partition()));
    }

    @Override
    public Optional<ObjectNode> localTask(String taskId, int partition) {
        ReadOnlyKeyValueStore<String, TaskRecord> store = streams.store(StoreQueryParameters
                .fromNameAndType(TopologyNames.TASKS_STORE, QueryableStoreTypes.<String, TaskRecord>keyValueStore())
                .withPartition(partition));
        ReadOnlyKeyValueStore<String, byte[]> data = streams.store(StoreQueryParameters
                .fromNameAndType(TopologyNames.TASK_DATA_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .withPartition(partition));
        TaskRecord task = TaskData.hydrate(store.get(taskId), data);
        return task == null ? Optional.empty() : Optional.of(Json.MAPPER.valueToTree(task));
    }

    @Override
    public ObjectNode localPage(TaskListing.Filter filter) {
        return TaskListing.localPage(streams, filter);
    }

    @Override
    public List<HostInfo> instances() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).toList();
    }

    @Override
    public Optional<TemplateCatalog.Entry> template(String namespace, String name, String version) {
        return catalog.find(templatesStore(), namespace, name, version);
    }

    @Override
    public List<TaskTemplate> templates() {
        return catalog.all(templatesStore());
    }

    @Override
    public List<TemplateCatalog.Registration> registrations() {
        return catalog.registrations(templatesStore());
    }

    @Override
    public java.util.Map<String, Long> localTemplateCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> TemplateCounts.sum(
                streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.TASK_TEMPLATE_COUNTS_STORE,
                        QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(task.taskId().partition())), out)));
        return out;
    }

    private ReadOnlyKeyValueStore<String, byte[]> templatesStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(TopologyNames.TEMPLATES_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }
}
