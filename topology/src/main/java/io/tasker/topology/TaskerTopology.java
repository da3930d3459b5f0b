package io.tasker.topology;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.topology.internal.CommandProcessor;
import io.tasker.topology.internal.NamespaceTopics;
import io.tasker.topology.internal.TaskEngine;
import io.tasker.topology.internal.RequestProcessor;
import io.tasker.topology.internal.ResultProcessor;
import io.tasker.topology.internal.TaskRecordSerde;
import io.tasker.topology.internal.TimerHints;
import io.tasker.topology.internal.TaskRedaction;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.topology.internal.TemplateCatalog;
import io.tasker.topology.internal.TemplatesUpdater;
import io.tasker.telemetry.TaskerTelemetry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology. Side-effect free: nothing connects to Kafka or the registry until the topology
 * runs, so tests call {@link #build} directly (TopologyTestDriver or a real broker).
 *
 * <pre>
 * task-requests ─► task-request-processor ─┐            ┌─► step-commands.&lt;namespace&gt;
 *                                          ├─ tasks ────┼─► lifecycle
 * step-results  ─► step-result-processor ──┘  store     ├─► domain-events.&lt;namespace&gt; (durable events of recorded attempts)
 *                                                       └─► rejected
 * templates (compacted) ─► global templates store (read by both processors)
 * </pre>
 */
public final class TaskerTopology {
    private TaskerTopology() {
    }

    /**
     * The parts the topology needs: where topics are, how records are (de)serialized, where counters go, which
     * namespace topics exist, how long finished tasks are kept ({@code retentionMs}, 0 = forever), the engine
     * (thread-safe, shared by every processor; replaceable so tests can inject one that fails), where telemetry-only
     * system events go ({@link TelemetryEvents}), what is masked in what leaves the topology ({@link TaskRedaction}) and
     * the process's OpenTelemetry ({@code taskerTelemetry}: the instruments of the workflow metrics and where the tasks'
     * spans go; by default the one of {@code counters}, so {@code /v1/stats}, {@code /metrics} and OTLP read the same
     * instruments).
     */
    public record Parts(TaskerTopics topics, SchemaRegistryClient registry, TopologyCounters counters, TemplateCatalog catalog,
                        NamespaceTopics namespaceTopics, long retentionMs, TaskEngine engine, TelemetryEvents telemetry,
                        TaskRedaction redaction, TaskerTelemetry taskerTelemetry) {
        public static Parts of(TaskerTopics topics, SchemaRegistryClient registry, TopologyCounters counters) {
            var registrations = new TaskerAvroSerde<>(TemplateRegistration.class, registry, false);
            return new Parts(topics, registry, counters, new TemplateCatalog(registrations.deserializer(), topics.templates()),
                    NamespaceTopics.assumeAll(), TopologyConfig.DEFAULT_RETENTION_MS, new TaskEngine(),
                    TelemetryEvents.countingAndLogging(counters),
                    new TaskRedaction(Redactor.defaults()), counters.taskerTelemetry());
        }

        public Parts withNamespaceTopics(NamespaceTopics n) {
            return new Parts(topics, registry, counters, catalog, n, retentionMs, engine, telemetry, redaction, taskerTelemetry);
        }

        public Parts withRetentionMs(long ms) {
            return new Parts(topics, registry, counters, catalog, namespaceTopics, ms, engine, telemetry, redaction, taskerTelemetry);
        }

        public Parts withEngine(TaskEngine e) {
            return new Parts(topics, registry, counters, catalog, namespaceTopics, retentionMs, e, telemetry, redaction, taskerTelemetry);
        }

        public Parts withCatalog(TemplateCatalog c) {
            return new Parts(topics, registry, counters, c, namespaceTopics, retentionMs, engine, telemetry, redaction, taskerTelemetry);
        }

        /** Telemetry events go to {@code t} instead of the default count-and-log sink. */
        public Parts withTelemetry(TelemetryEvents t) {
            return new Parts(topics, registry, counters, catalog, namespaceTopics, retentionMs, engine, t, redaction, taskerTelemetry);
        }

        /**
         * Metrics go to {@code t}'s instruments and the spans of every task to its tracer (a no-op when its tracing is
         * off, the default); step commands and lifecycle records then carry a {@code traceparent} header. Give it the
         * telemetry of {@link #counters()} too (see {@link TopologyCounters#TopologyCounters(TaskerTelemetry)}) so
         * {@code /v1/stats} shows the same values.
         */
        public Parts withTelemetry(TaskerTelemetry t) {
            return new Parts(topics, registry, counters, catalog, namespaceTopics, retentionMs, engine, telemetry, redaction,
                    java.util.Objects.requireNonNull(t, "telemetry"));
        }

        /** What leaves the topology (lifecycle events, rejected-topic headers) is masked by {@code r}. */
        public Parts withRedactor(Redactor r) {
            return new Parts(topics, registry, counters, catalog, namespaceTopics, retentionMs, engine, telemetry, new TaskRedaction(r), taskerTelemetry);
        }
    }

    public static Topology build(Parts parts) {
        TaskerTopics topics = parts.topics();
        SchemaRegistryClient registry = parts.registry();
        var requests = new TaskerAvroSerde<>(TaskRequest.class, registry, false);
        var results = new TaskerAvroSerde<>(StepResult.class, registry, false);
        var taskCommands = new TaskerAvroSerde<>(TaskCommand.class, registry, false);
        var commands = new TaskerAvroSerde<>(StepCommand.class, registry, false);
        var lifecycle = new TaskerAvroSerde<>(LifecycleEvent.class, registry, false);
        var domainEvents = new TaskerAvroSerde<>(DomainEvent.class, registry, false);

        Topology t = new Topology();
        TimerHints timerHints = new TimerHints();
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TEMPLATES_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                TopologyNames.TEMPLATES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.templates(),
                TopologyNames.TEMPLATES_PROCESSOR, TemplatesUpdater::new);

        // Values are decoded inside the processors, not by the source, so a bad record can be sent to the
        // rejected topic with its source partition and offset instead of stopping the application.
        t.addSource(TopologyNames.REQUESTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.taskRequests());
        t.addSource(TopologyNames.RESULTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.stepResults());
        t.addSource(TopologyNames.COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.taskCommands());
        t.addProcessor(TopologyNames.COMMAND_PROCESSOR,
                () -> new CommandProcessor(taskCommands.deserializer(), parts, timerHints), TopologyNames.COMMANDS_SOURCE);
        t.addProcessor(TopologyNames.REQUEST_PROCESSOR,
                () -> new RequestProcessor(requests.deserializer(), parts, timerHints), TopologyNames.REQUESTS_SOURCE);
        t.addProcessor(TopologyNames.RESULT_PROCESSOR,
                () -> new ResultProcessor(results.deserializer(), parts, timerHints), TopologyNames.RESULTS_SOURCE);
        // No record caches: measured no throughput gain with them, and a range over a cached store copies the
        // cache's keys on every scan (timers are scanned every 50 ms).
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TASKS_STORE), Serdes.String(), new TaskRecordSerde()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);

        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TASK_DATA_STORE), Serdes.String(), Serdes.ByteArray()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);

        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TIMERS_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);

        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TASK_INDEX_STORE), Serdes.String(), Serdes.String()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TASK_COUNTS_STORE), Serdes.String(), Serdes.Long()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.TASK_TEMPLATE_COUNTS_STORE), Serdes.String(), Serdes.Long()),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);

        TopicNameExtractor<String, StepCommand> byNamespace = (key, command, ctx) -> topics.stepCommands(command.getNamespace());
        t.addSink(TopologyNames.STEP_COMMANDS_SINK, byNamespace, new StringSerializer(), commands.serializer(),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        TopicNameExtractor<String, DomainEvent> eventsByNamespace = (key, event, ctx) -> topics.domainEvents(event.getNamespace());
        t.addSink(TopologyNames.DOMAIN_EVENTS_SINK, eventsByNamespace, new StringSerializer(), domainEvents.serializer(),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        t.addSink(TopologyNames.LIFECYCLE_SINK, topics.lifecycle(), new StringSerializer(), lifecycle.serializer(),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        t.addSink(TopologyNames.REJECTED_SINK, topics.rejected(), new ByteArraySerializer(), new ByteArraySerializer(),
                TopologyNames.REQUEST_PROCESSOR, TopologyNames.RESULT_PROCESSOR, TopologyNames.COMMAND_PROCESSOR);
        return t;
    }
}
