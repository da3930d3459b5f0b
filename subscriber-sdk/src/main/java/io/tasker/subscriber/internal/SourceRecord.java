package io.tasker.subscriber.internal;

import org.apache.kafka.common.header.Headers;

/** Where a record came from and its original bytes, kept to build its dead-letter record. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {
}
