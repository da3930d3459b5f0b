package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskEngineTest {
    private static final String DIAMOND = """
            name: diamond
            namespace: test
            version: 1.0.0
            steps:
              - name: a
                handler: h.a
              - name: b
                depends_on: [a]
                handler: h.b
              - name: c
                depends_on: [a]
                handler: h.c
                retry: { max_attempts: 2 }
              - name: d
                depends_on: [b, c]
                handler: h.d
              - name: e
                handler: h.e
            """;

    private final TaskEngine engine = new TaskEngine();
    private final TaskTemplate template = new TemplateLoader(null).parse(DIAMOND, "diamond.yaml");
    private final JsonNode ctx = JsonNodeFactory.instance.objectNode().put("x", 1);

    private static StepResultIn ok(String step, int attempt) {
        return new StepResultIn("t1", step, attempt, true, JsonNodeFactory.instance.objectNode().put("from", step),
                null, null, true, null, List.of(), "r1", 1, 2);
    }

    private static StepResultIn fail(String step, int attempt, boolean retryable) {
        return new StepResultIn("t1", step, attempt, false, null, "boom " + step, "java.lang.IllegalStateException",
                retryable, null, List.of("at x"), "r1", 1, 2);
    }

    private static List<String> dispatched(Decision d) {
        return d.dispatches().stream().map(Decision.Dispatch::stepName).toList();
    }

    @Test
    void startDispatchesEveryRootStepInParallel() {
        Decision d = engine.start("t1", template, ctx, "corr", null, 100);
        assertThat(d.task().state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(dispatched(d)).containsExactly("a", "e");
        assertThat(d.task().step("a").orElseThrow().state()).isEqualTo(StepState.ENQUEUED);
        assertThat(d.task().step("a").orElseThrow().attempt()).isEqualTo(1);
        assertThat(d.events()).extracting(Decision.Event::type).containsExactly("task.started", "step.enqueued", "step.enqueued");
    }

    @Test
    void joinStepRunsOnlyWhenAllItsDependenciesCompleteAndReceivesTheirResults() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        Decision d = engine.onResult(t, template, ok("a", 1), 110);
        assertThat(dispatched(d)).containsExactly("b", "c");
        assertThat(d.dispatches().get(0).dependencyResults()).containsOnlyKeys("a");
        t = d.task();
        d = engine.onResult(t, template, ok("b", 1), 120);
        assertThat(dispatched(d)).as("d waits for c").isEmpty();
        t = d.task();
        d = engine.onResult(t, template, ok("c", 1), 130);
        assertThat(dispatched(d)).containsExactly("d");
        assertThat(d.dispatches().get(0).dependencyResults()).containsOnlyKeys("b", "c");
        assertThat(d.dispatches().get(0).dependencyResults().get("c").get("from").asText()).isEqualTo("c");
    }

    @Test
    void taskCompletesWhenEveryStepCompletes() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        for (String s : List.of("a", "e", "b", "c", "d")) {
            t = engine.onResult(t, template, ok(s, 1), 200).task();
        }
        assertThat(t.state()).isEqualTo(TaskState.COMPLETE);
        assertThat(t.completedAt()).isEqualTo(200);
        assertThat(t.steps()).allMatch(s -> s.state() == StepState.COMPLETE);
    }

    @Test
    void retryableFailureWithAttemptsLeftIsRedispatchedAsTheNextAttempt() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        Decision d = engine.onResult(t, template, fail("c", 1, true), 120);
        assertThat(d.dispatches()).singleElement().satisfies(x -> {
            assertThat(x.stepName()).isEqualTo("c");
            assertThat(x.attempt()).isEqualTo(2);
        });
        StepRecord c = d.task().step("c").orElseThrow();
        assertThat(c.state()).isEqualTo(StepState.ENQUEUED);
        assertThat(c.attempts()).hasSize(2);
        assertThat(c.attempts().get(0).outcome()).isEqualTo("failure");
        assertThat(c.attempts().get(0).errorMessage()).isEqualTo("boom c");
        assertThat(c.lastError()).isEqualTo("boom c");
    }

    @Test
    void exhaustedStepGoesToErrorIndependentBranchesFinishThenTaskFailsNamingTheStep() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        t = engine.onResult(t, template, fail("c", 1, true), 120).task();
        Decision d = engine.onResult(t, template, fail("c", 2, true), 130);
        assertThat(d.task().step("c").orElseThrow().state()).isEqualTo(StepState.ERROR);
        assertThat(d.task().state()).as("b and e still running").isEqualTo(TaskState.IN_PROGRESS);
        t = engine.onResult(d.task(), template, ok("b", 1), 140).task();
        assertThat(t.state()).isEqualTo(TaskState.IN_PROGRESS);
        d = engine.onResult(t, template, ok("e", 1), 150);
        assertThat(d.task().state()).isEqualTo(TaskState.ERROR);
        assertThat(d.task().error()).contains("c (boom c)");
        assertThat(d.task().step("d").orElseThrow().state()).as("blocked, never dispatched").isEqualTo(StepState.PENDING);
        assertThat(d.events()).extracting(Decision.Event::type).contains("task.failed");
    }

    @Test
    void permanentFailureIsNotRetriedEvenWithAttemptsLeft() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        t = engine.onResult(t, template, ok("a", 1), 110).task();
        Decision d = engine.onResult(t, template, fail("c", 1, false), 120);
        assertThat(d.dispatches()).isEmpty();
        assertThat(d.task().step("c").orElseThrow().state()).isEqualTo(StepState.ERROR);
    }

    @Test
    void duplicateStaleAndLateResultsAreDroppedWithAReason() {
        TaskRecord t = engine.start("t1", template, ctx, null, null, 100).task();
        TaskRecord afterA = engine.onResult(t, template, ok("a", 1), 110).task();
        assertThat(engine.onResult(afterA, template, ok("a", 1), 111).dropReason()).isEqualTo(TaskEngine.DROP_NOT_AWAITING);
        assertThat(engine.onResult(afterA, template, ok("b", 2), 111).dropReason()).isEqualTo(TaskEngine.DROP_STALE_ATTEMPT);
        assertThat(engine.onResult(afterA, template, ok("zzz", 1), 111).dropReason()).isEqualTo(TaskEngine.DROP_UNKNOWN_STEP);
        assertThat(engine.onResult(afterA, template, ok("d", 1), 111).dropReason()).as("d was never dispatched").isEqualTo(TaskEngine.DROP_NOT_AWAITING);
        TaskRecord done = afterA;
        for (String s : List.of("e", "b", "c", "d")) done = engine.onResult(done, template, ok(s, 1), 200).task();
        assertThat(engine.onResult(done, template, ok("d", 1), 300).dropReason()).isEqualTo(TaskEngine.DROP_TASK_NOT_RUNNING);
    }

    @Test
    void taskRecordSurvivesTheStoreSerdeUnchanged() {
        TaskRecord t = engine.start("t1", template, ctx, "corr", "key-1", 100).task();
        t = engine.onResult(t, template, fail("a", 1, true), 110).task();
        TaskRecordSerde serde = new TaskRecordSerde();
        TaskRecord back = serde.deserializer().deserialize("x", serde.serializer().serialize("x", t));
        assertThat(back).isEqualTo(t);
    }
}
