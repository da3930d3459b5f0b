package io.tasker.subscriber.internal;

import io.tasker.schemas.TaskerTopics;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topics a subscriber reads: the lifecycle topic iff a handler can match a lifecycle event; the domain-event
 * topics iff a handler can match a domain event, either of the configured namespaces or of every namespace (a regex
 * subscription, so topics of namespaces created later are picked up); and its own replay topic.
 */
public record TopicSelection(boolean lifecycle, boolean domain, Pattern pattern) {

    /** Without a replay topic (tests of the selection rules). */
    public static TopicSelection of(TaskerTopics topics, List<String> namespaces, List<HandlerBinding> bindings) {
        return of(topics, namespaces, bindings, null);
    }

    /** The topics for {@code bindings}, plus {@code replayTopic} (if not null) which is always read. */
    public static TopicSelection of(TaskerTopics topics, List<String> namespaces, List<HandlerBinding> bindings,
            String replayTopic) {
        boolean lifecycle = bindings.stream().anyMatch(b -> b.pattern().coversLifecycle());
        boolean domain = bindings.stream().anyMatch(b -> b.pattern().coversDomain());
        StringBuilder alternatives = new StringBuilder();
        if (lifecycle) {
            alternatives.append(Pattern.quote(topics.lifecycle()));
        }
        if (domain) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            String base = Pattern.quote(topics.domainEvents(""));
            if (namespaces.isEmpty()) {
                alternatives.append(base).append("[A-Za-z0-9._-]+");
            } else {
                alternatives.append(base).append("(?:").append(namespaces.stream().map(Pattern::quote)
                        .collect(Collectors.joining("|"))).append(')');
            }
        }
        if (replayTopic != null) {
            if (!alternatives.isEmpty()) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(replayTopic));
        }
        return new TopicSelection(lifecycle, domain, Pattern.compile("^(?:" + alternatives + ")$"));
    }

    public boolean reads(String topic) {
        return pattern.matcher(topic).matches();
    }
}
