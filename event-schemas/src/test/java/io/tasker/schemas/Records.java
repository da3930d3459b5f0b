package io.tasker.schemas;

import io.tasker.avro.StepError;
import io.tasker.avro.StepOutcome;
import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample records for tests; timestamps are whole milliseconds because the schemas use timestamp-millis. */
final class Records {
    static final Instant NOW = Instant.ofEpochMilli(1_760_000_000_123L);

    private Records() {
    }

    static TaskRequest taskRequest(String taskId) {
        return TaskRequest.newBuilder()
                .setTaskId(taskId)
                .setNamespace("payments")
                .setTemplateName("refund")
                .setTemplateVersion("1.2.0")
                .setContextJson("{\"order\":42}")
                .setRequestedAt(NOW)
                .setCorrelationId("corr-1")
                .setIdempotencyKey("idem-" + taskId)
                .setInitiator("tests")
                .setTags(Map.of("team", "billing", "priority", "high"))
                .build();
    }

    static StepResult failedStepResult(String taskId) {
        return StepResult.newBuilder()
                .setTaskId(taskId)
                .setStepName("charge")
                .setAttempt(2)
                .setStatus(StepOutcome.FAILURE)
                .setError(StepError.newBuilder()
                        .setMessage("card declined")
                        .setExceptionClass("com.example.Declined")
                        .setRetryable(false)
                        .setRetryAfterMs(1500L)
                        .setBacktrace(List.of("a.b.C.d(C.java:1)", "e.f.G.h(G.java:2)"))
                        .build())
                .setRunnerId("runner-7")
                .setStartedAt(NOW)
                .setFinishedAt(NOW.plusMillis(250))
                .build();
    }
}
