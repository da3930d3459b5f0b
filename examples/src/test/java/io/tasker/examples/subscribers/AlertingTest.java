package io.tasker.examples.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasker.schemas.DlqHeaders;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.SubscriberDefinitionException;
import io.tasker.subscriber.SubscriberTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting example against the demo's unreliable pager (a real local HTTP server). */
class AlertingTest {
    @TempDir
    Path dir;
    DemoPager pager;
    SubscriberTestKit kit;

    @BeforeEach
    void start() throws Exception {
        pager = DemoPager.start(dir.resolve("alerts.jsonl"));
        kit = SubscriberTestKit.of(new Alerting(), Map.of(Alerting.PAGER_URL, pager.url().toString()));
    }

    @AfterEach
    void stop() {
        pager.close();
    }

    static Event stepFailed(String taskId, String stepState) {
        return Event.builder("step.failed").kind(Event.Kind.LIFECYCLE).taskId(taskId).step("fetch_cart").attempt(1)
                .template("order_fulfillment", "1.0.0")
                .payload(Map.of("step_state", stepState, "error_message", "cart service unavailable")).build();
    }

    @Test
    void retriesABusyPagerAndDeadLettersAlertsWhileItIsDown() throws Exception {
        var first = kit.send(stepFailed("t-1", "waiting_for_retry"));
        var second = kit.send(Event.builder("task.failed").kind(Event.Kind.LIFECYCLE).taskId("t-2")
                .template("order_fulfillment", "1.0.0").payload(Map.of("error_message", "unknown SKU")).build());
        var third = kit.send(stepFailed("t-3", "error"));

        assertThat(first.handled()).containsExactly("handleStepFailed");
        assertThat(second.handled()).containsExactly("handleTaskFailed");
        assertThat(kit.metrics().retried("handleStepFailed")).isEqualTo(1 + 2); // busy once; down: 2 retries
        assertThat(third.deadLettered()).singleElement().satisfies(l -> {
            assertThat(l.reason()).isEqualTo(DlqHeaders.REASON_RETRIES_EXHAUSTED);
            assertThat(l.attempts()).isEqualTo(3);
            assertThat(l.headers().get(DlqHeaders.EXCEPTION_MESSAGE)).isEqualTo("pager answered 503: pager down");
        });
        assertThat(pager.accepted()).extracting(a -> a.path("task_id").asText()).containsExactly("t-1", "t-2");
        assertThat(pager.accepted().get(0).path("severity").asText()).isEqualTo("warning");
        assertThat(pager.accepted().get(1).path("summary").asText()).contains("failed: unknown SKU");
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(2);

        // replayed from the DLQ, the alert gets through: the pager is back
        assertThat(kit.send(third.event()).handled()).containsExactly("handleStepFailed");
        assertThat(pager.accepted()).extracting(a -> a.path("task_id").asText()).containsExactly("t-1", "t-2", "t-3");
    }

    @Test
    void acceptsARedeliveredAlertWithoutStoringItTwice() throws Exception {
        Event e = stepFailed("t-1", "error");
        kit.send(e);
        kit.send(e);
        assertThat(pager.accepted()).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(1);
    }

    @Test
    void refusesToStartWithoutAnHttpPagerUrl() {
        assertThatThrownBy(() -> SubscriberTestKit.of(new Alerting(), Map.of(Alerting.PAGER_URL, "ftp://x")))
                .isInstanceOf(SubscriberDefinitionException.class).hasMessageContaining("config.pager_url = 'ftp://x'");
    }
}
