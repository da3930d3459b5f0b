package io.tasker.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.topology.RocksDbMemory;
import io.tasker.topology.TopologyConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbConfigSetterTest {
    static {
        RocksDB.loadLibrary();
    }

    private static Map<String, String> required(String... kv) {
        Map<String, String> p = new HashMap<>(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r:8081"));
        for (int i = 0; i < kv.length; i += 2) p.put(kv[i], kv[i + 1]);
        return p;
    }

    /** What Kafka Streams gives a store's setter: its own table config, as RocksDBStore builds it. */
    private static Options storeOptions() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static Map<String, Object> streamsConfigs(TopologyConfig config) {
        Properties props = new Properties();
        BoundedRocksDbConfigSetter.applyTo(props, config.rocksDb());
        Map<String, Object> configs = new HashMap<>();
        props.forEach((k, v) -> configs.put((String) k, v));
        return configs;
    }

    @Test
    void everyStoreSharesOneCacheAndWriteBufferManagerOfTheConfiguredSizes() {
        TopologyConfig config = TopologyConfig.fromProperties(required(RocksDbMemory.BLOCK_CACHE_MB, "48",
                RocksDbMemory.WRITE_BUFFER_MB, "16")).validate();
        Map<String, Object> configs = streamsConfigs(config);
        assertThat(configs).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class.getName());

        BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
        try (Options tasks = storeOptions(); Options timers = storeOptions()) {
            setter.setConfig("tasks", tasks, configs);
            new BoundedRocksDbConfigSetter().setConfig("timers", timers, configs);

            BoundedRocksDbConfigSetter.Shared shared = BoundedRocksDbConfigSetter.shared(new RocksDbMemory(48, 16));
            assertThat(shared.memory()).isEqualTo(new RocksDbMemory(48, 16));
            assertThat(tasks.writeBufferManager()).isSameAs(shared.writeBuffers());
            assertThat(timers.writeBufferManager()).isSameAs(shared.writeBuffers());
            for (Options o : new Options[] {tasks, timers}) {
                BlockBasedTableConfigWithAccessibleCache table = (BlockBasedTableConfigWithAccessibleCache) o.tableFormatConfig();
                assertThat(table.blockCache()).isSameAs(shared.cache());
                assertThat(((BlockBasedTableConfig) table).cacheIndexAndFilterBlocks()).isTrue();
                assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            }
            setter.close("tasks", tasks);
        }
    }

    @Test
    void boundedByDefaultAndZeroLeavesKafkaStreamsPerStoreDefaults() {
        TopologyConfig defaults = TopologyConfig.fromProperties(required()).validate();
        assertThat(defaults.rocksDb()).isEqualTo(new RocksDbMemory(RocksDbMemory.DEFAULT_BLOCK_CACHE_MB, RocksDbMemory.DEFAULT_WRITE_BUFFER_MB));
        assertThat(streamsConfigs(defaults)).containsEntry(RocksDbMemory.BLOCK_CACHE_MB, "128").containsEntry(RocksDbMemory.WRITE_BUFFER_MB, "64");
        assertThat(defaults.toString()).contains("rocksDb=RocksDbMemory[blockCacheMb=128, writeBufferMb=64]");

        TopologyConfig off = TopologyConfig.fromProperties(required(RocksDbMemory.BLOCK_CACHE_MB, "0")).validate();
        assertThat(streamsConfigs(off)).isEmpty();
    }

    @Test
    void badSizesAreRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> TopologyConfig.fromProperties(required(RocksDbMemory.BLOCK_CACHE_MB, "64MB")))
                .hasMessage("topology.rocksdb.block-cache-mb must be an integer (MiB), was '64MB'");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(required(RocksDbMemory.BLOCK_CACHE_MB, "-1")).validate())
                .hasMessageContaining("topology.rocksdb.block-cache-mb must be between 0 (Kafka Streams' per-store defaults) and 1048576, was -1");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(required(RocksDbMemory.BLOCK_CACHE_MB, "32",
                        RocksDbMemory.WRITE_BUFFER_MB, "64")).validate())
                .hasMessageContaining("topology.rocksdb.write-buffer-mb must be between 1 and topology.rocksdb.block-cache-mb (32), was 64");
        assertThatThrownBy(() -> TopologyConfig.fromProperties(required(RocksDbMemory.WRITE_BUFFER_MB, "0")).validate())
                .hasMessageContaining("topology.rocksdb.write-buffer-mb must be between 1 and topology.rocksdb.block-cache-mb (128), was 0");
    }
}
