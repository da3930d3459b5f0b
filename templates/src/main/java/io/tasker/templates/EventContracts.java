package io.tasker.templates;

import io.tasker.templates.internal.Mappers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule that an event name means one thing in a namespace: several steps and templates of a namespace may declare
 * the same event name only with an identical {@code schema} (equal canonical JSON, so key order and YAML vs JSON
 * spelling do not matter). Subscribers of {@code tasker.domain-events.<namespace>} then read one payload shape per
 * name, whichever step or template version published it. {@code description}, {@code condition}, {@code delivery}
 * and {@code examples} may differ between declarations.
 *
 * <p>{@link TemplateLoader} applies the rule within every template and across the templates of a directory; a
 * runner applies it at start-up to the templates it registers together with those already registered. Stateless and
 * thread-safe.
 */
public final class EventContracts {

    /** The rule as worded at the end of every conflict error. */
    public static final String RULE = "an event name has one contract per namespace: declare an identical schema"
            + " or use another name";

    private EventContracts() {
    }

    /**
     * Where an event is declared.
     *
     * @param template   the declaring template
     * @param stepIndex  index of the step in {@link TaskTemplate#steps()}
     * @param eventIndex index of the declaration in the step's {@link StepDefinition#publishesEvents()}
     */
    public record Place(TaskTemplate template, int stepIndex, int eventIndex) {

        /** The declaring step. */
        public StepDefinition step() {
            return template.steps().get(stepIndex);
        }

        /** The declaration itself. */
        public EventDeclaration event() {
            return step().publishesEvents().get(eventIndex);
        }

        /** The field path within the template, e.g. {@code steps[3].publishes_events[0]}. */
        public String path() {
            return "steps[" + stepIndex + "].publishes_events[" + eventIndex + "]";
        }

        /** {@code namespace/name/version step 'x'}. */
        @Override
        public String toString() {
            return template.key() + " step '" + step().name() + "'";
        }
    }

    /**
     * Two declarations of one event name in one namespace with different schemas.
     *
     * @param first  the earliest declaration of the name (in the order the templates were given)
     * @param second a later declaration whose schema differs from {@code first}'s
     */
    public record Conflict(Place first, Place second) {

        /** The event name both declare. */
        public String event() {
            return first.event().name();
        }

        /** The namespace of both templates. */
        public String namespace() {
            return first.template().namespace();
        }

        /**
         * One line naming the event, the namespace and both places, e.g. {@code event 'order.created' in namespace
         * 'ecommerce' is declared with different schemas by ecommerce/a/1.0.0 step 'create_order' and
         * ecommerce/b/1.0.0 step 'bill'; an event name has one contract per namespace: ...}.
         */
        public String message() {
            return "event '" + event() + "' in namespace '" + namespace() + "' is declared with different schemas by "
                    + first + " and " + second + "; " + RULE;
        }
    }

    /**
     * Every declaration that contradicts an earlier one, as {@link Conflict#message()} lines; empty when the
     * templates agree. Conflicts inside one template are included (loaded templates never have them).
     *
     * @param templates the templates to check together, e.g. the registered ones plus a runner's own; a template
     *                  given twice (the same definition) adds nothing
     */
    public static List<String> conflicts(Collection<TaskTemplate> templates) {
        return find(templates).stream().map(Conflict::message).toList();
    }

    /**
     * Like {@link #conflicts}, with the places, in template, step and declaration order.
     */
    public static List<Conflict> find(Collection<TaskTemplate> templates) {
        record Contract(Place place, String schema) {
        }
        Map<List<String>, Contract> firstByEvent = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (TaskTemplate t : templates) {
            List<StepDefinition> steps = t.steps();
            for (int i = 0; i < steps.size(); i++) {
                List<EventDeclaration> events = steps.get(i).publishesEvents();
                for (int j = 0; j < events.size(); j++) {
                    Place here = new Place(t, i, j);
                    String schema = Mappers.canonical(events.get(j).schema());
                    Contract first = firstByEvent.putIfAbsent(List.of(t.namespace(), events.get(j).name()),
                            new Contract(here, schema));
                    if (first != null && !first.schema().equals(schema)) {
                        conflicts.add(new Conflict(first.place(), here));
                    }
                }
            }
        }
        return List.copyOf(conflicts);
    }
}
