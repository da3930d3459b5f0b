package io.tasker.launcher;

import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.SubscriberConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

/**
 * The minimal ACLs of each component when the platform's topics exist (provisioned by an operator or
 * {@code tasker dev}): the README's table, as bindings, so the end-to-end test grants exactly what the README says,
 * and ComposeFileTest holds deploy/kafka/init.sh to exactly these for the compose principals. READ and WRITE imply
 * DESCRIBE; no cluster ACL is needed (idempotent producers need WRITE on a topic, not IDEMPOTENT_WRITE, since Kafka
 * 2.8).
 */
final class ComponentAcls {
    private ComponentAcls() {
    }

    /**
     * A topology instance (Kafka Streams application {@code applicationId}, exactly-once v2): its group, its
     * transactional ids and internal (changelog) topics, both prefixed by the application id; its inputs, the global
     * templates table, the registry it reads for the HTTP API, and every namespace's step-command and domain-events
     * topics it writes to.
     */
    static List<AclBinding> topology(String principal, TaskerTopics topics, String applicationId) {
        List<AclBinding> acls = new ArrayList<>();
        add(acls, principal, GROUP, applicationId, LITERAL, READ);
        add(acls, principal, TRANSACTIONAL_ID, applicationId + "-", PREFIXED, WRITE);
        add(acls, principal, TOPIC, applicationId + "-", PREFIXED, CREATE, READ, WRITE);
        for (String input : List.of(topics.taskRequests(), topics.stepResults(), topics.taskCommands(),
                topics.templates(), topics.registry())) {
            add(acls, principal, TOPIC, input, LITERAL, READ);
        }
        for (String output : List.of(topics.lifecycle(), topics.rejected())) {
            add(acls, principal, TOPIC, output, LITERAL, WRITE);
        }
        add(acls, principal, TOPIC, topics.stepCommands(""), PREFIXED, WRITE);
        add(acls, principal, TOPIC, topics.domainEvents(""), PREFIXED, WRITE);
        return acls;
    }

    /** The HTTP API's producer (part of the topology process): submitted tasks and operator commands. */
    static List<AclBinding> api(String principal, TaskerTopics topics) {
        List<AclBinding> acls = new ArrayList<>();
        add(acls, principal, TOPIC, topics.taskRequests(), LITERAL, WRITE);
        add(acls, principal, TOPIC, topics.taskCommands(), LITERAL, WRITE);
        return acls;
    }

    /** A step runner serving {@code namespace} in consumer group {@code groupId}: the runner's own list. */
    static List<AclBinding> runner(String principal, TaskerTopics topics, String namespace, String groupId) {
        return io.tasker.runner.RunnerAcls.forNamespace(principal, topics, namespace, groupId);
    }

    /**
     * Subscriber {@code name} (group {@code groupId}, by default its name) reading lifecycle events and the domain
     * events of {@code namespace}, or of every namespace when {@code namespace} is null (the prefix
     * {@code <prefix>domain-events.}: a subscriber configured without namespaces reads them all).
     */
    static List<AclBinding> subscriber(String principal, TaskerTopics topics, String name, String groupId,
            String namespace) {
        List<AclBinding> acls = new ArrayList<>();
        add(acls, principal, GROUP, groupId, LITERAL, READ);
        add(acls, principal, TOPIC, topics.lifecycle(), LITERAL, READ);
        if (namespace == null) add(acls, principal, TOPIC, topics.domainEvents(""), PREFIXED, READ);
        else add(acls, principal, TOPIC, topics.domainEvents(namespace), LITERAL, READ);
        add(acls, principal, TOPIC, topics.dlq(name), LITERAL, WRITE);
        add(acls, principal, TOPIC, topics.dlq(name) + SubscriberConfig.REPLAY_SUFFIX, LITERAL, READ);
        add(acls, principal, TOPIC, topics.registry(), LITERAL, WRITE);
        return acls;
    }

    /**
     * What subscriber {@code name} needs on top of {@link #subscriber} when nobody created its dead-letter and replay
     * topics beforehand: it creates them at start-up.
     */
    static List<AclBinding> subscriberCreatingItsTopics(String principal, TaskerTopics topics, String name) {
        List<AclBinding> acls = new ArrayList<>();
        add(acls, principal, TOPIC, topics.dlq(name), LITERAL, CREATE);
        add(acls, principal, TOPIC, topics.dlq(name) + SubscriberConfig.REPLAY_SUFFIX, LITERAL, CREATE);
        return acls;
    }

    private static void add(List<AclBinding> acls, String principal, ResourceType type, String name,
            PatternType pattern, AclOperation... ops) {
        for (AclOperation op : ops) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
    }
}
