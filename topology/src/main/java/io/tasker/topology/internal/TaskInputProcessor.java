package io.tasker.topology.internal;

import io.tasker.topology.TopologyCounters;
import io.tasker.topology.TopologyNames;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the three task processors (requests, results, commands) share: the partition's stores, the template
 * catalog, the engine, and decoding a value in the processor so a bad record is rejected with its source
 * instead of stopping the application.
 */
abstract class TaskInputProcessor<T> implements Processor<byte[], byte[], Object, Object> {
    private final Deserializer<T> deserializer;
    private final String what;
    protected final TemplateCatalog catalog;
    protected final TopologyCounters counters;
    protected final TaskEngine engine = new TaskEngine();
    protected ProcessorContext<Object, Object> ctx;
    protected ProcessorSupport.Stores stores;
    protected KeyValueStore<String, TaskRecord> tasks;
    protected ReadOnlyKeyValueStore<String, byte[]> templates;

    /** @param what the record kind for error messages, e.g. "a step result" */
    TaskInputProcessor(Deserializer<T> deserializer, String what, TemplateCatalog catalog, TopologyCounters counters) {
        this.deserializer = deserializer;
        this.what = what;
        this.catalog = catalog;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.ctx = context;
        this.stores = ProcessorSupport.Stores.of(context);
        this.tasks = stores.tasks();
        this.templates = context.getStateStore(TopologyNames.TEMPLATES_STORE);
    }

    /** The decoded value, or null after the record was sent to the rejected topic. A registry outage is rethrown. */
    protected T decode(Record<byte[], byte[]> in) {
        T value;
        try {
            value = deserializer.deserialize(ctx.recordMetadata().map(m -> m.topic()).orElse(""), in.headers(), in.value());
        } catch (SerializationException e) {
            Rejection.rethrowIfTransient(e);
            Rejection.reject(ctx, in, "deserialization_failed", e.getMessage(), e, counters);
            return null;
        }
        if (value == null) {
            Rejection.reject(ctx, in, "null_value", what + " must have a value", null, counters);
        }
        return value;
    }
}
