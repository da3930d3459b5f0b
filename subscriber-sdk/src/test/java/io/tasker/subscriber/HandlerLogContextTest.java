package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.schemas.LogKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** While a subscriber handler runs, the MDC names the event's task; it is removed after every attempt. */
class HandlerLogContextTest {

    @Test
    void everyAttemptOfAHandlerSeesTheEventsTaskInTheMdcAndNothingIsLeftAfterwards() {
        List<Map<String, String>> seen = new ArrayList<>();
        TaskerSubscriber s = TaskerSubscriber.builder("mdc")
                .retry(RetryPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .on("order.created", e -> {
                    Map<String, String> mdc = new HashMap<>();
                    for (String key : LogKeys.ALL) mdc.put(key, MDC.get(key));
                    seen.add(mdc);
                    if (seen.size() == 1) throw new UncheckedIOException(new IOException("busy"));
                }).named("mailer").build();
        SubscriberTestKit kit = SubscriberTestKit.of(s);

        kit.send(Event.builder("order.created").taskId("task-7").correlationId("corr-7").step("charge").attempt(2).build());

        assertThat(seen).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(seen.get(i)).containsEntry(LogKeys.TASK_ID, "task-7").containsEntry(LogKeys.CORRELATION_ID, "corr-7")
                    .containsEntry(LogKeys.STEP_NAME, "charge").containsEntry(LogKeys.ATTEMPT, "2")
                    .containsEntry(LogKeys.HANDLER_ATTEMPT, Integer.toString(i + 1));
        }
        // the test kit runs handlers on this thread: the ids were removed when the attempts ended
        for (String key : LogKeys.ALL) assertThat(MDC.get(key)).as(key).isNull();
    }
}
