package io.tasker.templates.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Cycle detection shared by the validator and {@link io.tasker.templates.TemplateDag}. */
public final class Graphs {

    private Graphs() {
    }

    /** First cycle found; see {@link #findCycles}. */
    public static Optional<List<String>> findCycle(List<String> nodes, Function<String, List<String>> edges) {
        List<List<String>> cycles = findCycles(nodes, edges);
        return cycles.isEmpty() ? Optional.empty() : Optional.of(cycles.get(0));
    }

    /**
     * Distinct cycles reachable by depth-first search in node order. Each cycle is returned as a closed path that
     * starts and ends with the same node, following edges (e.g. {@code [a, b, c, a]} when a -> b -> c -> a).
     * Edges to nodes not in {@code nodes} and self-loops are ignored: callers report those separately.
     */
    public static List<List<String>> findCycles(List<String> nodes, Function<String, List<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // absent = unvisited, 1 = on stack, 2 = done
        List<List<String>> cycles = new ArrayList<>();
        Set<String> known = new HashSet<>(nodes);
        for (String start : nodes) {
            if (!state.containsKey(start)) {
                visit(start, known, edges, state, new ArrayList<>(), cycles);
            }
        }
        return cycles;
    }

    private static void visit(String node, Set<String> nodes, Function<String, List<String>> edges,
            Map<String, Integer> state, List<String> stack, List<List<String>> cycles) {
        state.put(node, 1);
        stack.add(node);
        List<String> next = edges.apply(node);
        if (next != null) {
            for (String n : next) {
                if (n.equals(node) || !nodes.contains(n)) {
                    continue;
                }
                Integer s = state.get(n);
                if (s == null) {
                    visit(n, nodes, edges, state, stack, cycles);
                } else if (s == 1) {
                    List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(n), stack.size()));
                    cycle.add(n);
                    cycles.add(List.copyOf(cycle));
                }
            }
        }
        stack.remove(stack.size() - 1);
        state.put(node, 2);
    }
}
