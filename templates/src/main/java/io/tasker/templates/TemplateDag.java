package io.tasker.templates;

import io.tasker.templates.internal.Graphs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The dependency graph of a template's steps. Lists are in template (declaration) order unless stated otherwise.
 *
 * <p>Immutable and thread-safe. Obtain one from {@link TaskTemplate#dag()}, which caches it per template instance.
 * Methods taking a step name throw {@link IllegalArgumentException} for names that are not steps of the template.
 */
public final class TemplateDag {

    private final List<String> steps;
    private final Map<String, Integer> index;
    private final Map<String, List<String>> dependencies;
    private final Map<String, List<String>> dependants;
    private final List<String> roots;
    private final List<String> topologicalOrder;

    private TemplateDag(List<StepDefinition> stepDefinitions) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (StepDefinition s : stepDefinitions) {
            if (idx.putIfAbsent(s.name(), names.size()) != null) {
                throw new IllegalArgumentException("duplicate step name '" + s.name() + "'");
            }
            names.add(s.name());
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, List<String>> dependantsTmp = new LinkedHashMap<>();
        names.forEach(n -> dependantsTmp.put(n, new ArrayList<>()));
        for (StepDefinition s : stepDefinitions) {
            for (String d : s.dependsOn()) {
                if (!idx.containsKey(d)) {
                    throw new IllegalArgumentException("step '" + s.name() + "' depends on unknown step '" + d + "'");
                }
            }
            deps.put(s.name(), List.copyOf(new LinkedHashSet<>(s.dependsOn())));
        }
        // dependants in template order: iterate steps in order and append
        for (String n : names) {
            for (String d : deps.get(n)) {
                dependantsTmp.get(d).add(n);
            }
        }
        Optional<List<String>> cycle = Graphs.findCycle(names, deps::get);
        if (cycle.isPresent()) {
            throw new IllegalArgumentException("cycle: " + String.join(" -> ", cycle.get()));
        }
        Map<String, List<String>> dependantsFinal = new LinkedHashMap<>();
        dependantsTmp.forEach((k, v) -> dependantsFinal.put(k, List.copyOf(v)));
        this.steps = List.copyOf(names);
        this.index = Collections.unmodifiableMap(idx);
        this.dependencies = Collections.unmodifiableMap(deps);
        this.dependants = Collections.unmodifiableMap(dependantsFinal);
        this.roots = names.stream().filter(n -> deps.get(n).isEmpty()).toList();
        this.topologicalOrder = computeTopologicalOrder();
    }

    /**
     * Builds the graph of the given steps.
     *
     * @throws IllegalArgumentException on duplicate names, unknown dependencies or a cycle
     */
    public static TemplateDag of(List<StepDefinition> steps) {
        return new TemplateDag(steps);
    }

    /** All step names in template order. */
    public List<String> steps() {
        return steps;
    }

    /** Whether the template has a step with this name. */
    public boolean contains(String step) {
        return index.containsKey(step);
    }

    /** Steps without dependencies; they are ready as soon as a task starts. */
    public List<String> roots() {
        return roots;
    }

    /** Direct dependencies of {@code step}, in declared order. */
    public List<String> dependenciesOf(String step) {
        return require(dependencies, step);
    }

    /** Steps that directly depend on {@code step}. */
    public List<String> dependantsOf(String step) {
        return require(dependants, step);
    }

    /**
     * All steps such that every step comes after its dependencies. Deterministic: among steps whose dependencies are
     * satisfied, the one declared first comes first.
     */
    public List<String> topologicalOrder() {
        return topologicalOrder;
    }

    /**
     * Steps (in template order) that are pending and whose dependencies are all complete.
     *
     * @param isPending  whether a step has not been started yet
     * @param isComplete whether a step finished successfully
     * @return an unmodifiable list, possibly empty
     */
    public List<String> readySteps(Predicate<String> isPending, Predicate<String> isComplete) {
        List<String> ready = new ArrayList<>();
        for (String s : steps) {
            if (isPending.test(s) && dependencies.get(s).stream().allMatch(isComplete)) {
                ready.add(s);
            }
        }
        return Collections.unmodifiableList(ready);
    }

    /**
     * Steps that can never run because a (transitive) dependency is in a terminal non-complete state (e.g. error).
     * Steps for which {@code isFailed} is itself true are not included.
     *
     * @param isFailed whether a step ended in a terminal state other than complete
     * @return an unmodifiable set iterating in template order, possibly empty
     */
    public Set<String> blockedBy(Predicate<String> isFailed) {
        Set<String> reached = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String s : steps) {
            if (isFailed.test(s)) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            for (String dependant : dependants.get(queue.poll())) {
                if (reached.add(dependant)) {
                    queue.add(dependant);
                }
            }
        }
        Set<String> blocked = new LinkedHashSet<>();
        for (String s : steps) {
            if (reached.contains(s) && !isFailed.test(s)) {
                blocked.add(s);
            }
        }
        return Collections.unmodifiableSet(blocked);
    }

    private List<String> computeTopologicalOrder() {
        Map<String, Integer> remaining = new LinkedHashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(index.get(a), index.get(b)));
        for (String s : steps) {
            remaining.put(s, dependencies.get(s).size());
            if (dependencies.get(s).isEmpty()) {
                ready.add(s);
            }
        }
        List<String> order = new ArrayList<>(steps.size());
        while (!ready.isEmpty()) {
            String s = ready.poll();
            order.add(s);
            for (String d : dependants.get(s)) {
                if (remaining.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return List.copyOf(order);
    }

    private static List<String> require(Map<String, List<String>> map, String step) {
        List<String> result = map.get(step);
        if (result == null) {
            throw new IllegalArgumentException("unknown step '" + step + "'");
        }
        return result;
    }

    @Override
    public String toString() {
        return "TemplateDag" + dependencies;
    }
}
