package io.tasker.runner;

import io.tasker.schemas.SchemaRegistrySettings;
import io.tasker.schemas.redaction.RedactionConfig;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The values of a {@link RunnerConfig}, changed in place by one {@code withX} and turned back into a record. */
final class RunnerConfigFields {
    String bootstrapServers;
    String schemaRegistryUrl;
    String topicPrefix;
    Set<String> namespaces;
    int workerThreads;
    int maxInFlight;
    String runnerId;
    String groupId;
    Map<String, String> clientOverrides;
    Integer topicPartitions;
    Integer topicReplicationFactor;
    long stuckHandlerGraceMs;
    int maxStuckHandlers;
    int httpPort;
    String httpHost;
    long announceIntervalMs;
    long inProgressAfterMs;
    RedactionConfig redaction;
    boolean readUncommittedCommands;
    long resultLingerMs;
    SchemaRegistrySettings registryClient;

    private RunnerConfigFields() {
    }

    private static RunnerConfigFields of(RunnerConfig c) {
        RunnerConfigFields f = new RunnerConfigFields();
        f.bootstrapServers = c.bootstrapServers();
        f.schemaRegistryUrl = c.schemaRegistryUrl();
        f.topicPrefix = c.topicPrefix();
        f.namespaces = c.namespaces();
        f.workerThreads = c.workerThreads();
        f.maxInFlight = c.maxInFlight();
        f.runnerId = c.runnerId();
        f.groupId = c.groupId();
        f.clientOverrides = c.clientOverrides();
        f.topicPartitions = c.topicPartitions();
        f.topicReplicationFactor = c.topicReplicationFactor();
        f.stuckHandlerGraceMs = c.stuckHandlerGraceMs();
        f.maxStuckHandlers = c.maxStuckHandlers();
        f.httpPort = c.httpPort();
        f.httpHost = c.httpHost();
        f.announceIntervalMs = c.announceIntervalMs();
        f.inProgressAfterMs = c.inProgressAfterMs();
        f.redaction = c.redaction();
        f.readUncommittedCommands = c.readUncommittedCommands();
        f.resultLingerMs = c.resultLingerMs();
        f.registryClient = c.registryClient();
        return f;
    }

    private RunnerConfig build() {
        return new RunnerConfig(bootstrapServers, schemaRegistryUrl, topicPrefix, namespaces, workerThreads,
                maxInFlight, runnerId, groupId, clientOverrides, topicPartitions, topicReplicationFactor,
                stuckHandlerGraceMs, maxStuckHandlers, httpPort, httpHost, announceIntervalMs, inProgressAfterMs,
                redaction, readUncommittedCommands, resultLingerMs, registryClient);
    }

    /**
     * A copy of {@code config} with what {@code change} sets, for the {@code withX} methods of {@link RunnerConfig}:
     * adding a component touches this class only, not every copy.
     */
    static RunnerConfig edit(RunnerConfig config, Consumer<RunnerConfigFields> change) {
        RunnerConfigFields f = of(config);
        change.accept(f);
        return f.build();
    }
}
