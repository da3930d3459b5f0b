package io.tasker.topology;

import java.util.List;
import java.util.Map;

/**
 * How much native memory the RocksDB state stores of one topology process may use. Kafka Streams' own default gives
 * every store instance (7 stores x partitions) its own 50 MB block cache and up to three 16 MB memtables, so RocksDB's
 * memory grows with the partition count and, under write bursts, is not bounded in practice. With a non-zero
 * {@link #blockCacheMb()} every store of the process shares one LRU block cache of that size, index and filter blocks
 * live in it, and memtables are charged to it through one write buffer manager of {@link #writeBufferMb()}: RocksDB's
 * memory (blocks, indexes, filters, memtables) is then bounded by about {@code blockCacheMb}.
 *
 * @param blockCacheMb  size of the shared cache in MiB; 0 = Kafka Streams' per-store defaults (unbounded)
 * @param writeBufferMb part of the cache the memtables of all stores may use before the largest is flushed, in MiB
 */
public record RocksDbMemory(long blockCacheMb, long writeBufferMb) {
    public static final String BLOCK_CACHE_MB = "topology.rocksdb.block-cache-mb";
    public static final long DEFAULT_BLOCK_CACHE_MB = 128;
    public static final String WRITE_BUFFER_MB = "topology.rocksdb.write-buffer-mb";
    public static final long DEFAULT_WRITE_BUFFER_MB = 64;
    /** Far beyond any sensible value; catches a size given in bytes or KiB by mistake. */
    public static final long MAX_MB = 1024L * 1024;

    /**
     * The defaults: 128 MiB shared, of which memtables may use 64 MiB. 64/32 cost a third of the burst throughput (the
     * ~40 memtables of 7 stores x 6 partitions then flush all the time); 128/64 measured as fast as unbounded stores.
     */
    public static RocksDbMemory defaults() {
        return new RocksDbMemory(DEFAULT_BLOCK_CACHE_MB, DEFAULT_WRITE_BUFFER_MB);
    }

    /** Whether the stores share the bounded cache (false: Kafka Streams' per-store defaults). */
    public boolean bounded() {
        return blockCacheMb > 0;
    }

    static RocksDbMemory fromProperties(Map<String, String> p) {
        return new RocksDbMemory(parse(p, BLOCK_CACHE_MB, DEFAULT_BLOCK_CACHE_MB), parse(p, WRITE_BUFFER_MB, DEFAULT_WRITE_BUFFER_MB));
    }

    private static long parse(Map<String, String> p, String key, long defaultValue) {
        String v = p.get(key);
        if (v == null) return defaultValue;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer (MiB), was '" + v + "'");
        }
    }

    /** Adds an error naming the key and the bad value for each setting out of range. */
    void validate(List<String> errors) {
        if (blockCacheMb < 0 || blockCacheMb > MAX_MB) {
            errors.add(BLOCK_CACHE_MB + " must be between 0 (Kafka Streams' per-store defaults) and " + MAX_MB + ", was " + blockCacheMb);
        } else if (bounded() && (writeBufferMb < 1 || writeBufferMb > blockCacheMb)) {
            errors.add(WRITE_BUFFER_MB + " must be between 1 and " + BLOCK_CACHE_MB + " (" + blockCacheMb + "), was " + writeBufferMb);
        }
    }
}
