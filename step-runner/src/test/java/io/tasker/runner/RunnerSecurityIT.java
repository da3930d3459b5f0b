package io.tasker.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tasker.avro.StepResult;
import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A runner whose {@code kafka.*} client settings select a secured listener executes step commands; one with bad
 * credentials fails {@code start()} within seconds with an error naming the cause.
 */
class RunnerSecurityIT {
    static final String NS = "secns";
    static final String USER = "runner";
    static final String PASSWORD = "runner-secret";
    /** A start that is refused must not wait for a start-up timeout (30 s) or hang. */
    static final Duration FAILS_WITHIN = Duration.ofSeconds(20);

    static SecureEmbeddedKafka kafka;
    SecureRunnerFixture fx;

    @BeforeAll
    static void startBroker() {
        kafka = SecureEmbeddedKafka.builder().start();
        kafka.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @BeforeEach
    void fixture() {
        fx = new SecureRunnerFixture(kafka).provision(NS);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void executesStepCommandsOverSaslSslWithScramSha512() {
        executesACommandWith(kafka.clients().saslSslScram(USER, PASSWORD));
    }

    @Test
    void executesStepCommandsOverSslWithAClientCertificate() {
        executesACommandWith(kafka.clients().sslClientCert("runner-cert"));
    }

    @Test
    void aWrongPasswordFailsTheStartWithinSecondsNamingTheAuthenticationFailure() {
        failsToStartWith(kafka.clients().saslSslScramWrongPassword(USER), SaslAuthenticationException.class,
                "Authentication failed", "SCRAM-SHA-512");
    }

    @Test
    void anUntrustedClientCertificateFailsTheStartWithinSecondsWithATlsAuthenticationError() {
        failsToStartWith(kafka.clients().sslUntrustedClientCert("runner-cert"), SslAuthenticationException.class);
    }

    @Test
    void aRunnerThatDoesNotTrustTheBrokerFailsTheStartWithinSecondsNamingTheTlsFailure() {
        failsToStartWith(kafka.clients().sslClientNotTrustingBroker("runner-cert"), SslAuthenticationException.class,
                "TLS handshake failed");
    }

    // The Kafka client's own exceptions do not name the broker address or the setting to check (an untrusted client
    // certificate reads "Failed to process post-handshake messages" under TLS 1.3): the start-up preflight
    // (KafkaPreflight) turns them into one message that does, the client's exception as its cause.

    @Test
    void aWrongPasswordsStartErrorNamesTheBrokerTheProtocolAndTheSettingToCheck() {
        Map<String, String> settings = kafka.clients().saslSslScramWrongPassword(USER);
        failsToStartWith(settings, SaslAuthenticationException.class, settings.get("bootstrap.servers"),
                "security.protocol=SASL_SSL", "authentication failed", "sasl.jaas.config");
    }

    @Test
    void anUntrustedClientCertificatesStartErrorNamesTheBrokerTheProtocolAndTheKeystoreSetting() {
        Map<String, String> settings = kafka.clients().sslUntrustedClientCert("runner-cert");
        failsToStartWith(settings, SslAuthenticationException.class, settings.get("bootstrap.servers"),
                "security.protocol=SSL", "TLS handshake failed", "ssl.keystore.location");
    }

    @Test
    void anUntrustedBrokerCertificatesStartErrorNamesTheTruststoreSetting() {
        Map<String, String> settings = kafka.clients().sslClientNotTrustingBroker("runner-cert");
        failsToStartWith(settings, SslAuthenticationException.class, settings.get("bootstrap.servers"),
                "security.protocol=SSL", "not trusted", "ssl.truststore.location");
    }

    private void executesACommandWith(Map<String, String> settings) {
        StepRunner runner = fx.runner(fx.config(NS, SharedTestCluster.unique("sec-group"), settings), NS).start();
        String taskId = SharedTestCluster.unique("sec-task");
        fx.send(NS, taskId);

        StepResult result = fx.awaitResult(taskId);
        assertThat(result.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.SUCCESS);
        assertThat(result.getResultJson()).contains(taskId);
        assertThat(runner.isHealthy()).isTrue();
    }

    /** {@code start()} throws within {@link #FAILS_WITHIN}, caused by {@code cause}, its message containing {@code named}. */
    private void failsToStartWith(Map<String, String> settings, Class<? extends Throwable> cause, String... named) {
        StepRunner runner = fx.runner(fx.config(NS, SharedTestCluster.unique("sec-group"), settings), NS);
        assertTimeoutPreemptively(FAILS_WITHIN, () -> assertThatThrownBy(runner::start)
                .isInstanceOf(io.tasker.kafka.KafkaStartupException.class)
                .satisfies(e -> List.of(named).forEach(n -> assertThat(e.getMessage()).contains(n)))
                .satisfies(e -> assertThat(chain(e)).hasAtLeastOneElementOfType(cause)));
        assertThat(runner.isHealthy()).isFalse();
    }

    private static java.util.List<Throwable> chain(Throwable t) {
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) out.add(c);
        return out;
    }
}
