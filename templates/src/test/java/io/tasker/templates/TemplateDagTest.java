package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateDagTest {

    private static TemplateDag dag(StepDefinition... steps) {
        return new TaskTemplate("ns", "t", "1", null, null, List.of(steps), null).dag();
    }

    private static StepDefinition s(String name, String... deps) {
        return StepDefinition.of(name, "h", deps);
    }

    @Test
    void parallelRootsAreAllReadyAtStart() {
        TemplateDag dag = new TemplateLoader(null).loadResource("templates/order.yaml").dag();

        assertThat(dag.roots()).containsExactly("fetch_cart", "fetch_products");
        assertThat(dag.readySteps(s -> true, s -> false)).containsExactly("fetch_cart", "fetch_products");
        assertThat(dag.topologicalOrder()).containsExactly(
                "fetch_cart", "fetch_products", "validate_products", "create_order", "publish_event");
    }

    @Test
    void diamondJoinIsReadyOnlyWhenBothBranchesComplete() {
        TemplateDag dag = dag(s("a"), s("b", "a"), s("c", "a"), s("d", "b", "c"));

        assertThat(dag.dependantsOf("a")).containsExactly("b", "c");
        assertThat(dag.dependenciesOf("d")).containsExactly("b", "c");
        assertThat(dag.readySteps(n -> !n.equals("a"), Set.of("a")::contains)).containsExactly("b", "c");
        assertThat(dag.readySteps(Set.of("c", "d")::contains, Set.of("a", "b")::contains)).containsExactly("c");
        assertThat(dag.readySteps(Set.of("d")::contains, Set.of("a", "b", "c")::contains)).containsExactly("d");
    }

    @Test
    void multiWayJoinWaitsForAllThreeParents() {
        TemplateDag dag = dag(s("p1"), s("p2"), s("p3"), s("join", "p1", "p2", "p3"));

        assertThat(dag.roots()).containsExactly("p1", "p2", "p3");
        assertThat(dag.readySteps(Set.of("join")::contains, Set.of("p1", "p3")::contains)).isEmpty();
        assertThat(dag.readySteps(Set.of("join")::contains, Set.of("p1", "p2", "p3")::contains))
                .containsExactly("join");
    }

    @Test
    void readyStepsExcludesStepsThatAreNotPending() {
        TemplateDag dag = dag(s("a"), s("b"), s("c", "a"));

        assertThat(dag.readySteps(Set.of("b")::contains, n -> false)).containsExactly("b");
        assertThat(dag.readySteps(n -> false, n -> true)).isEmpty();
    }

    @Test
    void blockedByIsTransitiveAndExcludesIndependentSteps() {
        TemplateDag dag = dag(s("a"), s("b", "a"), s("c", "b"), s("d"), s("e", "c", "d"));

        assertThat(dag.blockedBy("a"::equals)).containsExactly("b", "c", "e");
        assertThat(dag.blockedBy("d"::equals)).containsExactly("e");
        assertThat(dag.blockedBy(n -> false)).isEmpty();
    }

    @Test
    void topologicalOrderPutsDependenciesFirstAndIsStable() {
        TemplateDag dag = dag(s("late", "mid"), s("mid", "root"), s("root"), s("other"));
        assertThat(dag.topologicalOrder()).containsExactly("root", "mid", "late", "other");
    }

    @Test
    void isCachedPerTemplateInstance() {
        TaskTemplate t = new TemplateLoader(null).loadResource("templates/order.yaml");
        assertThat(t.dag()).isSameAs(t.dag());
    }

    @Test
    void rejectsUnknownStepsAndCyclesInDirectlyBuiltTemplates() {
        assertThatThrownBy(() -> dag(s("a")).dependenciesOf("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dag(s("a", "b"), s("b", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cycle: a -> b -> a");
        assertThatThrownBy(() -> dag(s("a", "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
