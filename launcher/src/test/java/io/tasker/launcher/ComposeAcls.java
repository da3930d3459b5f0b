package io.tasker.launcher;

import io.tasker.examples.Examples;
import io.tasker.examples.subscribers.ExampleSubscribers;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.SubscriberConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ACLs deploy/kafka/init.sh grants, read from its {@code acl PRINCIPAL OPERATIONS RESOURCE...} lines, against the
 * ones {@link ComponentAcls} says each compose service's Kafka user needs, worked out from the service's own command
 * and environment: a topology instance (plus its HTTP API's producer), the runner of the example templates'
 * namespaces, and every example subscriber (which creates its dead-letter and replay topics). Each difference is one
 * problem naming the principal and the missing or extra binding.
 */
final class ComposeAcls {
    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]*)\"");
    private static final Pattern ACL_LINE = Pattern.compile("(?m)^\\s*acl\\s+(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** init.sh's variables and the kafka-init environment variable each one takes its value from. */
    private static final Map<String, String> SCRIPT_VARIABLES = Map.of("PREFIX", "TOPIC_PREFIX",
            "APPLICATION_ID", "APPLICATION_ID", "RUNNER_GROUP", "RUNNER_GROUP");
    private static final Map<String, ResourceType> RESOURCE_OPTIONS = Map.of("--topic", ResourceType.TOPIC,
            "--group", ResourceType.GROUP, "--transactional-id", ResourceType.TRANSACTIONAL_ID);

    /** One ALLOW binding, as kafka-acls.sh shows it. */
    record Grant(String principal, AclOperation operation, ResourceType type, String name, PatternType pattern)
            implements Comparable<Grant> {
        static Grant of(AclBinding b) {
            return new Grant(b.entry().principal(), b.entry().operation(), b.pattern().resourceType(),
                    b.pattern().name(), b.pattern().patternType());
        }

        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return operation + " on " + type + " " + name + (pattern == PatternType.PREFIXED ? " (prefixed)" : "");
        }
    }

    private ComposeAcls() {
    }

    /** init.sh grants every compose principal exactly what {@link ComponentAcls} says it needs. */
    static List<String> initAcls(ComposeCheck c, String script) {
        Map<String, Set<Grant>> granted = granted(script, c.environment("kafka-init"), c.problems);
        Map<String, Set<Grant>> needed = needed(c);
        Set<String> principals = new TreeSet<>(granted.keySet());
        principals.addAll(needed.keySet());
        for (String principal : principals) {
            Set<Grant> want = needed.getOrDefault(principal, Set.of());
            Set<Grant> have = granted.getOrDefault(principal, Set.of());
            for (Grant g : want) {
                if (!have.contains(g)) c.problems.add("kafka-init does not grant " + principal + " " + g + ", which it needs (ComponentAcls)");
            }
            for (Grant g : have) {
                if (!want.contains(g)) c.problems.add("kafka-init grants " + principal + " " + g + ", which is more than it needs (ComponentAcls)");
            }
        }
        return c.problems;
    }

    /** What each compose service's Kafka user needs, by principal. */
    static Map<String, Set<Grant>> needed(ComposeCheck c) {
        Map<String, Set<Grant>> needed = new TreeMap<>();
        for (String s : c.ourServices()) {
            Optional<ComposeCheck.Parsed> parsed = c.parse(s);
            Matcher user = JAAS_USER.matcher(c.environment(s).getOrDefault("TASKER_KAFKA_SASL_JAAS_CONFIG", ""));
            if (parsed.isEmpty() || !user.find()) continue;
            String principal = "User:" + user.group(1);
            ComposeCheck.Parsed p = parsed.get();
            TaskerTopics topics = new TaskerTopics(String.valueOf(p.value("--topic-prefix")));
            List<AclBinding> acls = new ArrayList<>();
            switch (p.words().get(0)) {
                case "topology" -> {
                    acls.addAll(ComponentAcls.topology(principal, topics, String.valueOf(p.value("--application-id"))));
                    acls.addAll(ComponentAcls.api(principal, topics));
                }
                case "runner" -> {
                    if (p.value("--template") instanceof List<?> extra && !extra.isEmpty()) {
                        c.problems.add("service " + s + " registers --template files: their namespaces' ACLs are not checked");
                    }
                    String group = String.valueOf(p.value("--group-id"));
                    Examples.templates(null).stream().map(t -> t.namespace()).distinct()
                            .forEach(ns -> acls.addAll(ComponentAcls.runner(principal, topics, ns, group)));
                }
                case "examples-subscribers" -> {
                    ExamplesSubscribersCommand command = (ExamplesSubscribersCommand) p.spec().userObject();
                    for (ExampleSubscribers.Example ex : ExampleSubscribers.all(Path.of("x"), URI.create("http://pager"))) {
                        SubscriberConfig config = command.config(ex, io.opentelemetry.api.OpenTelemetry.noop());
                        String name = config.subscriberName();
                        // one namespace each, or null: every namespace
                        List<String> namespaces = config.namespaces().isEmpty() ? java.util.Collections.singletonList(null)
                                : config.namespaces();
                        namespaces.forEach(ns -> acls.addAll(ComponentAcls.subscriber(principal, topics, name, config.groupId(), ns)));
                        acls.addAll(ComponentAcls.subscriberCreatingItsTopics(principal, topics, name));
                    }
                }
                default -> c.problems.add("service " + s + " runs `tasker " + p.name() + "`: no ACL list for it in ComponentAcls");
            }
            acls.forEach(b -> needed.computeIfAbsent(principal, k -> new TreeSet<>()).add(Grant.of(b)));
        }
        return needed;
    }

    /** The bindings of init.sh's {@code acl} lines, its variables replaced by kafka-init's {@code environment}. */
    static Map<String, Set<Grant>> granted(String script, Map<String, String> environment, List<String> problems) {
        Map<String, Set<Grant>> granted = new TreeMap<>();
        Matcher line = ACL_LINE.matcher(script);
        while (line.find()) {
            if (line.group(1).startsWith("()")) continue; // the function's definition
            List<String> words = new ArrayList<>();
            for (String w : line.group(1).trim().split("\\s+")) {
                if (w.startsWith("#")) break;
                words.add(substitute(w.replace("\"", ""), environment, problems));
            }
            String where = "kafka-init line `acl " + line.group(1).trim() + "`";
            if (words.size() < 3) {
                problems.add(where + ": want PRINCIPAL OPERATIONS RESOURCE");
                continue;
            }
            String principal = "User:" + words.get(0);
            ResourceType type = null;
            String name = null;
            PatternType pattern = PatternType.LITERAL;
            for (int i = 2; i < words.size(); i++) {
                String w = words.get(i);
                if (w.equals("--cluster")) {
                    type = ResourceType.CLUSTER;
                    name = "kafka-cluster";
                } else if (RESOURCE_OPTIONS.containsKey(w) && i + 1 < words.size()) {
                    type = RESOURCE_OPTIONS.get(w);
                    name = words.get(++i);
                } else if (w.equals("--resource-pattern-type") && i + 1 < words.size()) {
                    pattern = PatternType.fromString(words.get(++i).toUpperCase(Locale.ROOT));
                    if (pattern != PatternType.LITERAL && pattern != PatternType.PREFIXED) problems.add(where + ": unknown pattern type " + words.get(i));
                } else {
                    problems.add(where + ": unknown option " + w);
                }
            }
            if (type == null) {
                problems.add(where + ": names no resource");
                continue;
            }
            for (String op : words.get(1).split(",")) {
                AclOperation operation = operation(op);
                if (operation == AclOperation.UNKNOWN) problems.add(where + ": unknown operation " + op);
                else granted.computeIfAbsent(principal, k -> new TreeSet<>()).add(new Grant(principal, operation, type, name, pattern));
            }
        }
        return granted;
    }

    /** kafka-acls.sh's operation names ({@code Read}, {@code IdempotentWrite}) as {@link AclOperation}s. */
    static AclOperation operation(String name) {
        return AclOperation.fromString(name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }

    private static String substitute(String word, Map<String, String> environment, List<String> problems) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String variable = m.group(1) != null ? m.group(1) : m.group(2);
            String value = SCRIPT_VARIABLES.containsKey(variable) ? environment.get(SCRIPT_VARIABLES.get(variable)) : null;
            if (value == null) {
                problems.add("kafka-init: ACL of " + word + " uses $" + variable + ", which is not set from kafka-init's environment");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
