package io.tasker.topology.internal;

import io.tasker.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global templates store equal to the compacted templates topic: raw bytes in, so live updates
 * and a restore (which copies bytes) produce the same store. Decoding happens on read, in {@link TemplateCatalog}.
 */
public final class TemplatesUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(TemplatesUpdater.class);
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> ctx;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        ctx = context;
        store = context.getStateStore(TopologyNames.TEMPLATES_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("templates record without a key ignored ({}): templates are keyed namespace/name/version",
                    ProcessorSupport.where(ctx));
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
