package io.tasker.launcher;

import picocli.CommandLine.Option;

/** {@code --bootstrap-servers} / {@code --schema-registry-url}: use an existing cluster and registry, or (unset) start embedded ones. */
final class ClusterOptions {
    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrapServers;
    @Option(names = "--schema-registry-url", description = "Use this Confluent-compatible registry instead of starting one.")
    String schemaRegistryUrl;

    Platform.Options applyTo(Platform.Options options) {
        return options.withBootstrap(bootstrapServers).withRegistry(schemaRegistryUrl);
    }
}
