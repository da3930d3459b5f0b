package io.tasker.launcher.cli;

import io.tasker.kafka.KafkaClientSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --kafka KEY=VALUE}: Kafka client settings (security, networking) given to every Kafka client the command
 * creates. Settings the guarantees rest on are refused naming the key ({@link KafkaClientSettings#REFUSED_KEYS}).
 */
public final class KafkaOptions {
    /** How the option's keys are named in error messages. */
    public static final String ORIGIN = "--kafka ";

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting for every Kafka client of "
            + "this command, repeatable: security.protocol=SASL_SSL  sasl.mechanism=SCRAM-SHA-512  "
            + "sasl.jaas.config=...  ssl.truststore.location=FILE  preflight.timeout.ms=15000 (0 = no start-up check)")
    Map<String, String> kafka = new LinkedHashMap<>();

    /**
     * The checked settings.
     *
     * @throws IllegalArgumentException naming a refused key
     */
    public KafkaClientSettings settings() {
        return KafkaClientSettings.of(ORIGIN, kafka);
    }
}
