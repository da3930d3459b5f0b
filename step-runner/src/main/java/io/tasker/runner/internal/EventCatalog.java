package io.tasker.runner.internal;

import io.tasker.avro.StepCommand;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where the runner finds a step's event declarations: in the templates it was started with (and registered), by the
 * command's namespace, template name and version. Immutable, thread-safe.
 */
final class EventCatalog {
    private final String runnerId;
    private final Map<String, TaskTemplate> templates;
    private final Clock clock;

    EventCatalog(String runnerId, List<TaskTemplate> templates, Clock clock) {
        this.runnerId = runnerId;
        this.templates = templates.stream().collect(Collectors.toUnmodifiableMap(TaskTemplate::key,
                Function.identity(), (a, b) -> a));
        this.clock = clock;
    }

    /** Whether the runner was started with the command's template. */
    boolean knows(StepCommand cmd) {
        return templates.containsKey(key(cmd));
    }

    /**
     * The event log of one attempt of {@code cmd}, checked against its step's declarations; one that refuses every
     * {@code publish} with an explanation when the runner was not started with the template (or it has no such
     * step).
     *
     * @param onViolation runs for every refused {@code publish}
     */
    AttemptEvents forAttempt(StepCommand cmd, Runnable onViolation) {
        String key = key(cmd);
        TaskTemplate t = templates.get(key);
        if (t == null) {
            String known = templates.keySet().stream().filter(k -> k.startsWith(cmd.getNamespace() + "/"))
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            return AttemptEvents.unknown(cmd.getStepName(), "runner " + runnerId + " was not started with template "
                    + key + " (its templates in namespace '" + cmd.getNamespace() + "': " + known + "), so it does not"
                    + " know the events step '" + cmd.getStepName() + "' declares; start the runner with that"
                    + " template to publish events", clock);
        }
        Optional<StepDefinition> step = t.step(cmd.getStepName());
        if (step.isEmpty()) {
            return AttemptEvents.unknown(cmd.getStepName(), "template " + key + " of runner " + runnerId
                    + " has no step '" + cmd.getStepName() + "'", clock);
        }
        return AttemptEvents.declared(cmd.getStepName(), step.get().publishesEvents(), clock, onViolation);
    }

    static String key(StepCommand cmd) {
        return TaskTemplate.key(cmd.getNamespace(), cmd.getTemplateName(), cmd.getTemplateVersion());
    }
}
