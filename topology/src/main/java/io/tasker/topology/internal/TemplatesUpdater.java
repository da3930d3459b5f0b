package io.tasker.topology.internal;

import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global templates store equal to the compacted templates topic: raw bytes in, so live updates
 * and a restore (which copies bytes) produce the same store. Decoding happens on read, in {@link TemplateCatalog}.
 */
public final class TemplatesUpdater implements Processor<String, byte[], Void, Void> {
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyNames.TEMPLATES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
