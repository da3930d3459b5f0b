package io.tasker.examples;

import io.tasker.runner.StepHandler;
import io.tasker.runner.StepOutcome;
import java.util.Map;

/**
 * Test-support handlers used by integration tests and the demo. Stateless and thread-safe.
 */
public final class DemoHandlers {

    public static final String FLAKY = "demo.flaky";
    public static final String ALWAYS_FAIL = "demo.always_fail";
    public static final String NOOP = "demo.noop";
    public static final String SLOW = "demo.slow";

    private DemoHandlers() {
    }

    /**
     * {@code demo.flaky}: fails retryably while {@code attempt <= config.fail_times} (default 1), then succeeds with
     * {@code {"attempts": attempt}}.
     */
    public static StepHandler flaky() {
        return ctx -> {
            int failTimes = ctx.config().path("fail_times").asInt(1);
            if (ctx.attempt() <= failTimes) {
                return StepOutcome.retryable("demo.flaky: attempt " + ctx.attempt() + " fails (fail_times="
                        + failTimes + ")");
            }
            return StepOutcome.success(Map.of("attempts", ctx.attempt()));
        };
    }

    /** {@code demo.always_fail}: always a retryable failure with message {@code demo.always_fail: configured to fail}. */
    public static StepHandler alwaysFail() {
        return ctx -> StepOutcome.retryable("demo.always_fail: configured to fail");
    }

    /**
     * {@code demo.slow}: sleeps {@code config.sleep_ms} (default 1000) on attempts up to {@code config.slow_attempts}
     * (default all), then succeeds with the attempt number; for timeout and kill tests.
     */
    public static StepHandler slow() {
        return ctx -> {
            int slowAttempts = ctx.config().path("slow_attempts").asInt(Integer.MAX_VALUE);
            if (ctx.attempt() <= slowAttempts) {
                Thread.sleep(ctx.config().path("sleep_ms").asLong(1000));
            }
            return StepOutcome.success(Map.of("attempt", ctx.attempt()));
        };
    }

    /** Wraps a handler so its first attempt fails retryably: the demo workflow "with a failing-once step". */
    public static StepHandler failingFirstAttempt(StepHandler delegate) {
        return ctx -> ctx.attempt() == 1
                ? StepOutcome.retryable(ctx.stepName() + ": first attempt fails on purpose")
                : delegate.handle(ctx);
    }

    /** {@code demo.noop}: succeeds with {@code {"ok": true}}. */
    public static StepHandler noop() {
        return ctx -> StepOutcome.success(Map.of("ok", true));
    }
}
