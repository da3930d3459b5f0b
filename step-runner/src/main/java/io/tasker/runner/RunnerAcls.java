package io.tasker.runner;

import io.tasker.schemas.TaskerTopics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The minimal Kafka ACLs of a step runner serving one namespace when its topics exist (created by the platform or an
 * operator): the runner section of the README's ACL table, as bindings an operator can apply with the Admin client.
 * READ and WRITE imply DESCRIBE; no cluster ACL is needed (idempotent producers need WRITE on a topic since Kafka 2.8).
 * To let the runner create a new namespace's topics itself, also grant CREATE on them.
 *
 * <p>{@code RunnerAclIT} proves the list sufficient against a broker with the StandardAuthorizer on, and launcher's
 * end-to-end ACL test and compose check use it for the runner's part. Thread-safe; stateless.
 */
public final class RunnerAcls {
    private RunnerAcls() {
    }

    /**
     * The ACLs of a runner whose principal is {@code principal} (e.g. {@code User:runner}) serving {@code namespace} in
     * consumer group {@code groupId}; never null.
     */
    public static List<AclBinding> forNamespace(String principal, TaskerTopics topics, String namespace, String groupId) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, topics.templates(), AclOperation.READ, AclOperation.WRITE);
        topic(acls, principal, topics.stepCommands(namespace), AclOperation.READ);
        topic(acls, principal, topics.stepResults(), AclOperation.WRITE);
        topic(acls, principal, topics.domainEvents(namespace), AclOperation.WRITE);
        topic(acls, principal, topics.rejected(), AclOperation.WRITE);
        topic(acls, principal, topics.registry(), AclOperation.WRITE);
        acls.add(binding(principal, ResourceType.GROUP, groupId, AclOperation.READ));
        return acls;
    }

    private static void topic(List<AclBinding> acls, String principal, String topic, AclOperation... ops) {
        for (AclOperation op : ops) acls.add(binding(principal, ResourceType.TOPIC, topic, op));
    }

    private static AclBinding binding(String principal, ResourceType type, String name, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
