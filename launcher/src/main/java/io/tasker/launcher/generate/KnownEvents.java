package io.tasker.launcher.generate;

import io.tasker.schemas.LifecycleEventType;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.Suggestions;
import io.tasker.templates.TaskTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events a generated subscriber can handle: the system events published to the lifecycle topic
 * ({@link LifecycleEventType#isPublished()}) and the domain events the given templates declare.
 */
public final class KnownEvents {
    private final Map<String, EventSpec> domain = new LinkedHashMap<>();
    private final String templatesSource;

    private KnownEvents(List<TaskTemplate> templates, String templatesSource) {
        this.templatesSource = templatesSource;
        // the first declaration with examples wins: the subscriber's test feeds a declared example if there is one
        Set<String> withExamples = new HashSet<>();
        for (TaskTemplate t : templates) {
            for (StepDefinition s : t.steps()) {
                for (EventDeclaration d : s.publishesEvents()) {
                    if (!domain.containsKey(d.name()) || !withExamples.contains(d.name()) && !d.examples().isEmpty()) {
                        domain.put(d.name(), DomainEvents.spec(t, s, d));
                        if (!d.examples().isEmpty()) {
                            withExamples.add(d.name());
                        }
                    }
                }
            }
        }
    }

    /**
     * @param templates       whose {@code publishes_events} are the domain events
     * @param templatesSource how to name them in errors, e.g. {@code templates in ./templates}
     */
    public static KnownEvents of(List<TaskTemplate> templates, String templatesSource) {
        return new KnownEvents(templates, templatesSource);
    }

    /** Every name a subscriber can subscribe to: published system events, then domain events. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (LifecycleEventType t : LifecycleEventType.values()) {
            if (t.isPublished()) {
                out.add(t.wireName());
            }
        }
        out.addAll(domain.keySet());
        return out;
    }

    /**
     * The specs of {@code names}, in order, duplicates dropped.
     *
     * @throws GeneratorException for an empty list, a pattern, a telemetry-only system event, or an unknown name
     *                            (listing the close matches, or every known name when none is close)
     */
    public List<EventSpec> resolve(List<String> names) {
        Set<String> unique = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null && !n.isBlank()) {
                unique.add(n.trim());
            }
        }
        if (unique.isEmpty()) {
            throw new GeneratorException("name at least one event with --events (e.g. --events order.created,task.failed)");
        }
        List<EventSpec> out = new ArrayList<>();
        for (String n : unique) {
            out.add(resolve(n));
        }
        return out;
    }

    private EventSpec resolve(String name) {
        if (name.contains("*")) {
            throw new GeneratorException("'" + name + "': name exact events; a pattern has no single payload contract"
                    + " to generate accessors from (add it to @Subscribe by hand, with a handle...Any method)");
        }
        LifecycleEventType system = LifecycleEventType.fromWire(name);
        if (system != null && !system.isPublished()) {
            throw new GeneratorException("'" + name + "' is telemetry only: it is never published to the lifecycle"
                    + " topic, so a subscriber never receives it (published " + system.category().wireName()
                    + " events: " + String.join(", ", names().stream()
                            .filter(x -> x.startsWith(system.category().wireName() + ".")).toList()) + ")");
        }
        if (system != null) {
            return SystemEvents.spec(system);
        }
        EventSpec d = domain.get(name);
        if (d != null) {
            return d;
        }
        List<String> candidates = new ArrayList<>(names());
        for (LifecycleEventType t : LifecycleEventType.values()) {
            if (!t.isPublished()) {
                candidates.add(t.wireName()); // so a typo of one gets the telemetry explanation next time
            }
        }
        String hint = Suggestions.didYouMean(name, candidates).map(h -> ", " + h).orElse("");
        String known = hint.isEmpty() ? " Known events: " + String.join(", ", names()) + "." : "";
        throw new GeneratorException("unknown event '" + name + "'" + hint + ". A subscriber handles the system events"
                + " published to the lifecycle topic and the domain events declared by " + templatesSource + "." + known);
    }
}
