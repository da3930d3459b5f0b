package io.tasker.launcher;

import io.tasker.infra.TopicSpec;
import io.tasker.schemas.RegistryTopic;
import io.tasker.schemas.TaskerTopics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The topics a platform needs, with the configs that must hold on them. */
public final class PlatformTopics {
    private PlatformTopics() {
    }

    /**
     * Task requests, step results and step commands share a partition count: every record of a task is keyed
     * by task id, and the topology's request and result processors share the tasks store, so their input
     * topics must be co-partitioned.
     */
    public static List<TopicSpec> specs(TaskerTopics topics, int partitions, short replication, Collection<String> namespaces) {
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(topics.templates(), 1, replication, Map.of("cleanup.policy", "compact")));
        specs.add(new TopicSpec(topics.taskRequests(), partitions, replication, Map.of()));
        specs.add(new TopicSpec(topics.taskCommands(), partitions, replication, Map.of()));
        // The broker stamps results on arrival, so "did the result arrive before the step's deadline" does not
        // depend on runner clocks (see TaskEngine: results that arrived in time count even after an outage).
        specs.add(new TopicSpec(topics.stepResults(), partitions, replication, Map.of("message.timestamp.type", "LogAppendTime")));
        specs.add(new TopicSpec(topics.lifecycle(), partitions, replication, Map.of()));
        specs.add(new TopicSpec(topics.rejected(), 1, replication, Map.of()));
        // Runners and subscribers create it too when it is missing (with the same configs): they may start first.
        specs.add(new TopicSpec(topics.registry(), RegistryTopic.PARTITIONS, replication, RegistryTopic.CONFIGS));
        for (String ns : namespaces) {
            specs.add(new TopicSpec(topics.stepCommands(ns), partitions, replication, Map.of()));
            specs.add(new TopicSpec(topics.domainEvents(ns), partitions, replication, Map.of()));
        }
        return specs;
    }
}
