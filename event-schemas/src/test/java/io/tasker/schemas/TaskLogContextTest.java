package io.tasker.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TaskLogContextTest {

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void setsTheKnownKeysAndRemovesEveryTaskKeyOnClose() {
        MDC.put("unrelated", "kept");
        try (TaskLogContext log = TaskLogContext.open("t-1").correlationId("c-1").step("charge", 2)) {
            assertThat(MDC.get(LogKeys.TASK_ID)).isEqualTo("t-1");
            assertThat(MDC.get(LogKeys.CORRELATION_ID)).isEqualTo("c-1");
            assertThat(MDC.get(LogKeys.STEP_NAME)).isEqualTo("charge");
            assertThat(MDC.get(LogKeys.ATTEMPT)).isEqualTo("2");
        }
        for (String key : LogKeys.ALL) assertThat(MDC.get(key)).as(key).isNull();
        assertThat(MDC.get("unrelated")).isEqualTo("kept");
    }

    @Test
    void skipsUnknownValuesAndDropsWhatAnEarlierTaskLeftBehind() {
        MDC.put(LogKeys.STEP_NAME, "left-over");
        MDC.put(LogKeys.CORRELATION_ID, "left-over");
        try (TaskLogContext log = TaskLogContext.open("t-2").correlationId(null).step(null, 0)) {
            assertThat(MDC.get(LogKeys.TASK_ID)).isEqualTo("t-2");
            assertThat(MDC.get(LogKeys.CORRELATION_ID)).isNull();
            assertThat(MDC.get(LogKeys.STEP_NAME)).isNull();
            assertThat(MDC.get(LogKeys.ATTEMPT)).isNull();
        }
    }
}
