package io.tasker.infra;

import io.tasker.infra.testkit.SharedTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicProvisionerIT {
    static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestCluster.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void createsMissingTopicsAndLeavesExistingOnesAlone() throws Exception {
        String a = SharedTestCluster.unique("a");
        String b = SharedTestCluster.unique("b");
        var provisioner = new TopicProvisioner(admin);
        List<String> created = provisioner.ensure(List.of(new TopicSpec(a, 3, (short) 1, Map.of("cleanup.policy", "compact"))));
        assertThat(created).containsExactly(a);
        created = provisioner.ensure(List.of(new TopicSpec(a, 3, (short) 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(b, 2, (short) 1, Map.of())));
        assertThat(created).containsExactly(b);
        assertThat(admin.describeTopics(List.of(a)).allTopicNames().get().get(a).partitions()).hasSize(3);
    }

    @Test
    void failsWithANamedConflictWhenAnExistingTopicHasTheWrongConfig() throws Exception {
        String t = SharedTestCluster.unique("templates");
        admin.createTopics(List.of(new NewTopic(t, 1, (short) 1))).all().get();
        var provisioner = new TopicProvisioner(admin);
        assertThatThrownBy(() -> provisioner.ensure(List.of(new TopicSpec(t, 1, (short) 1, Map.of("cleanup.policy", "compact")))))
                .isInstanceOf(TopicProvisioner.TopicConflictException.class)
                .hasMessageContaining(t)
                .hasMessageContaining("cleanup.policy is 'delete', expected 'compact'");
    }

    @Test
    void failsWhenAnExistingTopicHasFewerPartitionsThanRequired() throws Exception {
        String t = SharedTestCluster.unique("requests");
        admin.createTopics(List.of(new NewTopic(t, 1, (short) 1))).all().get();
        assertThatThrownBy(() -> new TopicProvisioner(admin).ensure(List.of(new TopicSpec(t, 4, (short) 1, Map.of()))))
                .hasMessageContaining("partitions is 1, expected at least 4");
    }
}
