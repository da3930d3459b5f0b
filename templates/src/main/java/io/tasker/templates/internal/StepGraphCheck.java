package io.tasker.templates.internal;

import io.tasker.templates.internal.StepReader.StepDraft;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the step graph as read: unique names, known dependencies, no self-dependency, no cycles. */
final class StepGraphCheck {

    private StepGraphCheck() {
    }

    static void check(List<StepDraft> drafts, Problems p) {
        Map<String, StepDraft> byName = new LinkedHashMap<>();
        for (StepDraft d : drafts) {
            StepDraft first = byName.putIfAbsent(d.name(), d);
            if (first != null) {
                p.error("steps[" + d.index() + "].name", "duplicate step name '" + d.name()
                        + "' (first declared at steps[" + first.index() + "])");
            }
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (StepDraft d : drafts) {
            String path = "steps[" + d.index() + "].depends_on";
            for (String dep : d.dependsOn()) {
                if (dep.equals(d.name())) {
                    p.error(path, "step '" + d.name() + "' depends on itself");
                } else if (!byName.containsKey(dep)) {
                    List<String> known = byName.keySet().stream().filter(k -> !k.equals(d.name())).toList();
                    p.error(path, "unknown step '" + dep + "'" + Fields.hint(dep, known) + " (known: "
                            + String.join(", ", known) + ")");
                }
            }
            edges.putIfAbsent(d.name(), d.dependsOn());
        }
        List<String> names = new ArrayList<>(byName.keySet());
        Set<Set<String>> reported = new HashSet<>();
        for (List<String> cycle : Graphs.findCycles(names, edges::get)) {
            List<String> open = cycle.subList(0, cycle.size() - 1);
            if (!reported.add(new HashSet<>(open))) {
                continue;
            }
            // start at the earliest declared step so the message is stable regardless of traversal order
            int start = 0;
            for (int k = 1; k < open.size(); k++) {
                if (byName.get(open.get(k)).index() < byName.get(open.get(start)).index()) {
                    start = k;
                }
            }
            List<String> path = new ArrayList<>(open.subList(start, open.size()));
            path.addAll(open.subList(0, start));
            path.add(path.get(0));
            p.error("steps[" + byName.get(path.get(0)).index() + "].depends_on", "cycle: "
                    + String.join(" -> ", path) + " (each step depends on the next)");
        }
    }
}
