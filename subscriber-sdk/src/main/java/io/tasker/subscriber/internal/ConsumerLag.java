package io.tasker.subscriber.internal;

import static io.tasker.subscriber.internal.TelemetryNames.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's lag per assigned partition (records between its fetch position and the end of the partition, as the
 * consumer last learnt it), refreshed by the poll thread after each poll and observed by two gauges: the lag per
 * partition and the records fetched but not yet finished. The total also goes to {@link Counters#lag(long)}.
 */
final class ConsumerLag implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private record PartitionLag(Attributes attributes, long lag) {
    }

    private final Counters counters;
    private final String groupId;
    private final Map<TopicPartition, Attributes> attributes = new HashMap<>();
    private volatile Map<TopicPartition, PartitionLag> current = Map.of();
    private final ObservableLongGauge lagGauge;
    private final ObservableLongGauge inFlightGauge;

    ConsumerLag(Counters counters, String groupId, IntSupplier inFlight) {
        this.counters = counters;
        this.groupId = groupId;
        var meter = counters.meter();
        this.lagGauge = meter.gaugeBuilder(CONSUMER_LAG).ofLongs().setUnit("{message}")
                .setDescription("Records of an assigned partition not yet fetched by the subscriber")
                .buildWithCallback(m -> current.values().forEach(p -> m.record(p.lag(), p.attributes())));
        Attributes subscriber = counters.subscriberAttributes();
        this.inFlightGauge = meter.gaugeBuilder(IN_FLIGHT).ofLongs().setUnit("{record}")
                .setDescription("Records fetched and not yet finished by every handler")
                .buildWithCallback(m -> m.record(inFlight.getAsInt(), subscriber));
    }

    /** Poll thread: the lag of every assigned partition whose end the consumer knows. */
    void update(Consumer<?, ?> consumer) {
        Map<TopicPartition, PartitionLag> next = new HashMap<>();
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            var lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
                next.put(tp, new PartitionLag(attributes.computeIfAbsent(tp, this::attributesOf), lag.getAsLong()));
            }
        }
        current = next;
        counters.lag(total);
    }

    private Attributes attributesOf(TopicPartition tp) {
        return counters.subscriberAttributes().toBuilder().put(MESSAGING_SYSTEM, KAFKA)
                .put(MESSAGING_DESTINATION_NAME, tp.topic())
                .put(MESSAGING_DESTINATION_PARTITION_ID, Integer.toString(tp.partition()))
                .put(MESSAGING_CONSUMER_GROUP_NAME, groupId).build();
    }

    @Override
    public void close() {
        current = Map.of();
        try {
            lagGauge.close();
            inFlightGauge.close();
        } catch (RuntimeException e) {
            log.debug("closing the lag gauges failed: {}", e.toString());
        }
    }
}
