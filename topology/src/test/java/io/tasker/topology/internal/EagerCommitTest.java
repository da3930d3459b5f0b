package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskState;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** When a decision asks Kafka Streams for an early commit: something became visible-worthy, rate-limited, not when behind. */
class EagerCommitTest {
    private static final TaskTemplate ONE = new TemplateLoader(null).parse("""
            name: one
            namespace: test
            version: 1.0.0
            steps:
              - name: a
                handler: h.a
            """, "one.yaml");

    private final TaskRecord running = new TaskEngine(() -> 0.5).start("t1", ONE, JsonNodeFactory.instance.objectNode(),
            null, null, 0).task();
    private final TaskRecord complete = running.withState(TaskState.COMPLETE, 1, null);

    // settings are read once per thread (a stream thread serves one topology); other tests ran topologies on this one
    @org.junit.jupiter.api.BeforeEach
    @AfterEach
    void forget() {
        EagerCommit.resetForThisThread();
    }

    private static MockProcessorContext<Object, Object> context(Long minIntervalMs) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "eager");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
        if (minIntervalMs != null) p.put(TopologyConfig.EAGER_COMMIT_MIN_INTERVAL_MS, minIntervalMs);
        return new MockProcessorContext<>(p);
    }

    private static boolean requested(MockProcessorContext<Object, Object> ctx) {
        boolean c = ctx.committed();
        ctx.resetCommit();
        return c;
    }

    @Test
    void aDispatchOrAFinishedTaskAsksForACommitAtMostOncePerMinInterval() {
        var ctx = context(20L);
        EagerCommit.maybeRequest(ctx, null, running, true, 1000, 1000);
        assertThat(requested(ctx)).as("a dispatch").isTrue();
        EagerCommit.maybeRequest(ctx, running, complete, false, 1010, 1010);
        assertThat(requested(ctx)).as("10 ms later: rate-limited").isFalse();
        EagerCommit.maybeRequest(ctx, running, complete, false, 1020, 1020);
        assertThat(requested(ctx)).as("a finished task, 20 ms later").isTrue();
        EagerCommit.maybeRequest(ctx, running, running, false, 2000, 2000);
        assertThat(requested(ctx)).as("nothing dispatched, nothing finished").isFalse();
    }

    @Test
    void aThreadThatIsBehindDoesNotAskTheRegularIntervalCommitsAnyway() {
        var ctx = context(20L);
        EagerCommit.maybeRequest(ctx, null, running, true, 5000, 5000 - 101);
        assertThat(requested(ctx)).isFalse();
        EagerCommit.maybeRequest(ctx, null, running, true, 5000, 5000 - 100);
        assertThat(requested(ctx)).isTrue();
    }

    @Test
    void zeroTurnsItOff() {
        var ctx = context(0L);
        EagerCommit.maybeRequest(ctx, null, running, true, 1000, 1000);
        assertThat(requested(ctx)).isFalse();
    }
}
