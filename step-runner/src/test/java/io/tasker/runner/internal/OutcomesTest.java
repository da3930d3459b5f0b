package io.tasker.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.runner.PermanentStepException;
import io.tasker.runner.StepOutcome;
import io.tasker.runner.testing.TestStepContext;
import io.tasker.schemas.RejectReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    private static final AttemptEvents NO_EVENTS =
            AttemptEvents.declared("s1", java.util.List.of(), java.time.Clock.systemUTC(), () -> { });

    private final TestStepContext ctx = TestStepContext.builder().build();

    private static int recurse(int n) throws IOException {
        if (n == 0) {
            throw new IOException("disk on fire");
        }
        return recurse(n - 1) + 1;
    }

    @Test
    void exceptionIsARetryableFailureWithClassAndBoundedBacktrace() {
        StepOutcome out = ctx.run(c -> StepOutcome.success(recurse(50)));
        assertThat(out).isInstanceOf(StepOutcome.Failure.class);
        StepOutcome.Failure f = (StepOutcome.Failure) out;
        assertThat(f.retryable()).isTrue();
        assertThat(f.message()).isEqualTo("disk on fire");
        assertThat(f.exceptionClass()).isEqualTo(IOException.class.getName());
        assertThat(f.backtrace()).hasSize(Outcomes.MAX_BACKTRACE);
        assertThat(f.backtrace().get(0)).contains("recurse");
        assertThat(f.backtrace().get(Outcomes.MAX_BACKTRACE - 1)).matches("\\.\\.\\. \\d+ more");
    }

    @Test
    void permanentStepExceptionIsNotRetryable() {
        StepOutcome.Failure f = (StepOutcome.Failure) ctx.run(c -> {
            throw new PermanentStepException("unknown SKU X", new IllegalStateException("inner"));
        });
        assertThat(f.retryable()).isFalse();
        assertThat(f.message()).isEqualTo("unknown SKU X");
        assertThat(f.exceptionClass()).isEqualTo(PermanentStepException.class.getName());
        assertThat(f.backtrace()).anyMatch(l -> l.startsWith("Caused by: java.lang.IllegalStateException: inner"));
    }

    @Test
    void nullOutcomeAndNullMessage() {
        StepOutcome.Failure nul = (StepOutcome.Failure) ctx.run(c -> null);
        assertThat(nul.retryable()).isFalse();
        assertThat(nul.message()).contains("returned null");
        StepOutcome.Failure npe = (StepOutcome.Failure) ctx.run(c -> {
            throw new NullPointerException();
        });
        assertThat(npe.message()).isEqualTo(NullPointerException.class.getName());
        assertThat(npe.retryable()).isTrue();
    }

    private static StepCommand command() {
        return StepCommand.newBuilder().setTaskId("t1").setStepName("s1").setAttempt(3).setNamespace("ns")
                .setTemplateName("tpl").setTemplateVersion("1.0.0").setHandler("h").setContextJson("{}")
                .setDependencyResultsJson(Map.of()).setCorrelationId("corr").setDispatchedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void retryAfterBecomesRetryAfterMs() {
        Instant start = Instant.ofEpochMilli(1000);
        Instant end = Instant.ofEpochMilli(2000);
        StepResult r = Outcomes.toResult(command(), StepOutcome.retryAfter("rate limited", Duration.ofSeconds(7)),
                "runner-1", start, end);
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
        assertThat(r.getError().getRetryAfterMs()).isEqualTo(7000L);
        assertThat(r.getError().getRetryable()).isTrue();
        assertThat(r.getError().getMessage()).isEqualTo("rate limited");
        assertThat(r.getResultJson()).isNull();
        assertThat(r.getTaskId()).isEqualTo("t1");
        assertThat(r.getStepName()).isEqualTo("s1");
        assertThat(r.getAttempt()).isEqualTo(3);
        assertThat(r.getCorrelationId()).isEqualTo("corr");
        assertThat(r.getRunnerId()).isEqualTo("runner-1");
        assertThat(r.getStartedAt()).isEqualTo(start);
        assertThat(r.getFinishedAt()).isEqualTo(end);
    }

    @Test
    void failureFromExceptionMapsToStepError() {
        StepOutcome out = ctx.run(c -> {
            throw new PermanentStepException("nope");
        });
        StepResult r = Outcomes.toResult(command(), out, "r", Instant.EPOCH, Instant.EPOCH);
        assertThat(r.getError().getRetryable()).isFalse();
        assertThat(r.getError().getExceptionClass()).isEqualTo(PermanentStepException.class.getName());
        assertThat(r.getError().getRetryAfterMs()).isNull();
        assertThat(r.getError().getBacktrace()).isNotEmpty().hasSizeLessThanOrEqualTo(Outcomes.MAX_BACKTRACE);
    }

    @Test
    void everyResultEchoesTheDispatchIdOfItsCommandAndNoneWhenTheCommandHasNone() {
        StepCommand cmd = StepCommand.newBuilder(command()).setDispatchId(-1_234_567_890_123L).build();
        assertThat(Outcomes.toResult(cmd, StepOutcome.success(Map.of()), "r", Instant.EPOCH, Instant.EPOCH).getDispatchId())
                .isEqualTo(-1_234_567_890_123L);
        assertThat(Outcomes.toResult(cmd, StepOutcome.permanent("no"), "r", Instant.EPOCH, Instant.EPOCH)
                .getDispatchId()).isEqualTo(-1_234_567_890_123L);
        assertThat(Outcomes.toResult(command(), StepOutcome.success(Map.of()), "r", Instant.EPOCH, Instant.EPOCH)
                .getDispatchId()).as("a command from a topology that predates dispatch ids").isNull();
    }

    @Test
    void successCarriesResultJson() {
        StepResult r = Outcomes.toResult(command(), StepOutcome.success(Map.of("ok", true)), "r", Instant.EPOCH,
                Instant.EPOCH);
        assertThat(r.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(r.getResultJson()).isEqualTo("{\"ok\":true}");
        assertThat(r.getError()).isNull();
        assertThat(Outcomes.toResult(command(), new StepOutcome.Success(NullNode.getInstance()), "r", Instant.EPOCH,
                Instant.EPOCH).getResultJson()).isEqualTo("null");
    }

    @Test
    void commandContextParsesJsonAndDeadline() {
        StepCommand cmd = command();
        cmd.setContextJson("{\"x\":1}");
        cmd.setHandlerConfigJson("{\"rate\":0.5}");
        cmd.setDependencyResultsJson(Map.of("a", "[1,2]"));
        cmd.setTimeoutMs(5000L);
        CommandStepContext c = CommandStepContext.of(cmd, Instant.ofEpochMilli(1000), NO_EVENTS);
        assertThat(c.context().path("x").asInt()).isEqualTo(1);
        assertThat(c.config().path("rate").asDouble()).isEqualTo(0.5);
        assertThat(c.dependencyResult("a").size()).isEqualTo(2);
        assertThat(c.deadline()).contains(Instant.ofEpochMilli(6000));
        assertThat(c.correlationId()).isEqualTo("corr");
    }

    @Test
    void failureMessageBacktraceLinesAndExceptionClassAreBounded() {
        StepOutcome.Failure huge = new StepOutcome.Failure("m".repeat(1_000_000), true, null, "C".repeat(10_000),
                java.util.Collections.nCopies(500, "x".repeat(100_000)));
        StepResult r = Outcomes.toResult(command(), huge, "r", Instant.EPOCH, Instant.EPOCH);
        assertThat(r.getError().getMessage()).hasSize(Outcomes.MAX_MESSAGE_CHARS)
                .endsWith("... (" + (1_000_000 - Outcomes.MAX_MESSAGE_CHARS) + " more characters)");
        assertThat(r.getError().getExceptionClass()).hasSize(Outcomes.MAX_EXCEPTION_CLASS_CHARS);
        assertThat(r.getError().getBacktrace()).hasSize(Outcomes.MAX_BACKTRACE)
                .allMatch(l -> l.length() == Outcomes.MAX_BACKTRACE_LINE_CHARS);
        assertThat(Outcomes.truncate("short", 10)).isEqualTo("short");
    }

    @Test
    void tooLargeResultIsAPermanentFailureNamingSizeAndLimit() {
        StepOutcome.Failure f = Outcomes.resultTooLarge(300_000);
        assertThat(f.retryable()).isFalse();
        assertThat(f.message()).isEqualTo("result too large: 300000 bytes, limit 262144 bytes (256 KiB)");
    }

    @Test
    void runnerTimeoutIsARetryableStepTimeout() {
        StepOutcome.Failure f = Outcomes.timedOut(command(), 1500, "runner-1");
        assertThat(f.retryable()).isTrue();
        assertThat(f.exceptionClass()).isEqualTo("io.tasker.StepTimeout");
        assertThat(f.message()).isEqualTo("step 's1' attempt 3 timed out after 1500 ms on runner runner-1; the"
                + " handler was interrupted");
    }

    @Test
    void malformedJsonFieldsNameTheFieldAndTheReason() {
        StepCommand badContext = command();
        badContext.setContextJson("{nope");
        assertThatThrownBy(() -> CommandStepContext.of(badContext, Instant.EPOCH, NO_EVENTS))
                .isInstanceOfSatisfying(MalformedCommandException.class, e -> {
                    assertThat(e.field()).isEqualTo("context_json");
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_CONTEXT);
                });
        StepCommand badDependency = command();
        badDependency.setDependencyResultsJson(Map.of("a", "[1,"));
        assertThatThrownBy(() -> CommandStepContext.of(badDependency, Instant.EPOCH, NO_EVENTS))
                .isInstanceOfSatisfying(MalformedCommandException.class, e -> {
                    assertThat(e.field()).isEqualTo("dependency_results_json[a]");
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_COMMAND);
                    assertThat(e.getMessage()).startsWith("dependency_results_json[a] is not valid JSON");
                });
    }
}
