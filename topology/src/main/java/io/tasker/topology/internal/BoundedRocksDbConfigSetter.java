package io.tasker.topology.internal;

import io.tasker.topology.RocksDbMemory;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka Streams' documented pattern for bounding RocksDB's memory: every store instance of the process uses one shared
 * LRU block cache, keeps its index and filter blocks in it (high priority, so data blocks are evicted first), and
 * charges its memtables to it through one shared {@link WriteBufferManager}. The sizes come from the Streams
 * properties under the {@link RocksDbMemory} keys ({@link #applyTo(Properties, RocksDbMemory)} puts them there).
 *
 * <p>Streams creates a setter per store by reflection, so the shared cache lives in a static map keyed by the sizes;
 * topology instances of one JVM (bench, tests) with the same sizes share one bound. The cache is never closed: stores
 * come and go with rebalances, and it lives as long as the process.
 */
public final class BoundedRocksDbConfigSetter implements RocksDBConfigSetter {
    /** Share of the cache reserved for index and filter blocks (the high-priority pool), as in the Kafka docs. */
    static final double INDEX_FILTER_RATIO = 0.1;
    private static final long MIB = 1024L * 1024;
    private static final Map<RocksDbMemory, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and write buffer manager shared by every store configured with {@code memory}. */
    record Shared(RocksDbMemory memory, Cache cache, WriteBufferManager writeBuffers) {
    }

    /** Sets this setter and the sizes in Streams properties, when {@code memory} is bounded. */
    public static void applyTo(Properties streamsProps, RocksDbMemory memory) {
        if (!memory.bounded()) return;
        streamsProps.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class.getName());
        streamsProps.put(RocksDbMemory.BLOCK_CACHE_MB, Long.toString(memory.blockCacheMb()));
        streamsProps.put(RocksDbMemory.WRITE_BUFFER_MB, Long.toString(memory.writeBufferMb()));
    }

    static Shared shared(RocksDbMemory memory) {
        return SHARED.computeIfAbsent(memory, m -> {
            Cache cache = new LRUCache(m.blockCacheMb() * MIB, -1, false, INDEX_FILTER_RATIO);
            return new Shared(m, cache, new WriteBufferManager(m.writeBufferMb() * MIB, cache));
        });
    }

    static RocksDbMemory memoryOf(Map<String, Object> configs) {
        return new RocksDbMemory(mb(configs, RocksDbMemory.BLOCK_CACHE_MB), mb(configs, RocksDbMemory.WRITE_BUFFER_MB));
    }

    private static long mb(Map<String, Object> configs, String key) {
        Object v = configs.get(key);
        if (v == null) throw new IllegalStateException(key + " is missing from the Streams configuration of " + BoundedRocksDbConfigSetter.class.getSimpleName());
        return Long.parseLong(v.toString().trim());
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(memoryOf(configs));
        // Streams' own table config (bloom filter, block size) is kept; only the cache handling changes.
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // the shared cache and write buffer manager outlive every store (see the class comment)
    }
}
