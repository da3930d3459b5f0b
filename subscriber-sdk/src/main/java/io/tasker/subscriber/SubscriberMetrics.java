package io.tasker.subscriber;

import java.util.List;

/**
 * A snapshot of a subscriber's counters. {@code records} counts records read, {@code undecodable} those
 * dead-lettered because they could not be decoded, {@code unmatched} events no handler asked for (on topics read for
 * other names), {@code lag} the records behind the end of the assigned partitions at the last poll,
 * {@code stuckHandlerThreads} handler threads that ignored the interrupt at their timeout and have not returned yet.
 */
public record SubscriberMetrics(String subscriber, long records, long undecodable, long unmatched, long lag,
        int stuckHandlerThreads, List<HandlerStats> handlers) {

    /** Sum over events of one handler's handled count. */
    public long handled(String handler) {
        return handlers.stream().filter(h -> h.handler().equals(handler)).mapToLong(HandlerStats::handled).sum();
    }

    public long retried(String handler) {
        return handlers.stream().filter(h -> h.handler().equals(handler)).mapToLong(HandlerStats::retried).sum();
    }

    public long deadLettered(String handler) {
        return handlers.stream().filter(h -> h.handler().equals(handler)).mapToLong(HandlerStats::deadLettered).sum();
    }

    public long received(String handler) {
        return handlers.stream().filter(h -> h.handler().equals(handler)).mapToLong(HandlerStats::received).sum();
    }

    public long timedOut(String handler) {
        return handlers.stream().filter(h -> h.handler().equals(handler)).mapToLong(HandlerStats::timedOut).sum();
    }
}
