package io.tasker.templates.internal;

import io.tasker.templates.StepDefinition;
import io.tasker.templates.TemplateDag;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * Unmodifiable step list that also carries the lazily built {@link TemplateDag} and a name index. Records cannot
 * have hidden fields, and the topology asks for the DAG once per record, so the cache lives here; equality is plain
 * {@link List} equality, so record equality is unaffected.
 */
public final class StepList extends AbstractList<StepDefinition> implements RandomAccess {

    private final StepDefinition[] items;
    private final Map<String, StepDefinition> byName;
    private volatile TemplateDag dag;

    private StepList(List<StepDefinition> steps) {
        this.items = steps.toArray(new StepDefinition[0]);
        Map<String, StepDefinition> names = new HashMap<>();
        for (StepDefinition s : items) {
            Objects.requireNonNull(s, "steps must not contain null");
            names.putIfAbsent(s.name(), s);
        }
        this.byName = names;
    }

    /** Returns {@code steps} itself if it already is a StepList, else an immutable copy. */
    public static List<StepDefinition> of(List<StepDefinition> steps) {
        return steps instanceof StepList s ? s : new StepList(steps);
    }

    @Override
    public StepDefinition get(int i) {
        return items[i];
    }

    @Override
    public int size() {
        return items.length;
    }

    public Optional<StepDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public TemplateDag dag() {
        TemplateDag d = dag;
        if (d == null) {
            // Benign race: two threads may both build it; the result is identical and immutable.
            d = TemplateDag.of(this);
            dag = d;
        }
        return d;
    }
}
