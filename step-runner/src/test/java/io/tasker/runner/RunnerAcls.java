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
 * The minimal ACLs of a step runner serving one namespace, when its topics exist (created by the platform or an
 * operator): the README's table, as bindings. READ and WRITE imply DESCRIBE. The same list as launcher's
 * {@code ComponentAcls.runner} (which MinimalAclsEndToEndIT and ComposeFileTest use): step-runner's tests cannot see
 * launcher's test classes, so the two are kept equal by hand.
 */
final class RunnerAcls {
    private RunnerAcls() {
    }

    static List<AclBinding> forNamespace(String principal, TaskerTopics topics, String namespace, String groupId) {
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

    static AclBinding binding(String principal, ResourceType type, String name, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
