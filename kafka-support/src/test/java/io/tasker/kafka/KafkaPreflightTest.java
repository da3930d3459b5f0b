package io.tasker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

class KafkaPreflightTest {
    private static final Map<String, Object> SASL = Map.of("bootstrap.servers", "kafka-1:9093",
            "security.protocol", "SASL_SSL", "sasl.jaas.config", "x required username=\"u\" password=\"pw-123\";");
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void wrongPasswordSaysAuthenticationFailedAndNamesTheJaasSetting() {
        KafkaStartupException e = KafkaPreflight.explain("topology", SASL, T, new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("topology", "kafka-1:9093", "SASL_SSL", "authentication failed",
                "sasl.jaas.config").doesNotContain("pw-123");
        assertThat(e.getCause()).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void untrustedCertificateSaysSoAndNamesTheTruststore() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertPathValidatorException("unable to find valid certification path to requested target"));
        Map<String, Object> props = Map.of("bootstrap.servers", "k:9094", "security.protocol", "SSL",
                "ssl.truststore.location", "/etc/tasker/truststore.p12");
        KafkaStartupException e = KafkaPreflight.explain("runner", props, T,
                new SslAuthenticationException("SSL handshake failed", handshake));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.TLS);
        assertThat(e.getMessage()).contains("certificate is not trusted", "ssl.truststore.location",
                "/etc/tasker/truststore.p12");
    }

    @Test
    void otherTlsFailuresNameTheSslSettings() {
        KafkaStartupException e = KafkaPreflight.explain("runner", Map.of("bootstrap.servers", "k:9094",
                "security.protocol", "SSL"), T, new SslAuthenticationException("SSL handshake failed",
                new SSLHandshakeException("Received fatal alert: bad_certificate")));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.TLS);
        assertThat(e.getMessage()).contains("TLS handshake failed", "ssl.", "bad_certificate")
                .doesNotContain("not trusted");
    }

    @Test
    void authorizationFailureSaysNotAuthorized() {
        KafkaStartupException e = KafkaPreflight.explain("subscriber s", SASL, T,
                new ClusterAuthorizationException("Cluster authorization failed."));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.AUTHORIZATION);
        assertThat(e.getMessage()).contains("subscriber s", "not authorized", "Cluster authorization failed");
    }

    @Test
    void timeoutNamesBootstrapServersAndSecurityProtocol() {
        KafkaStartupException e = KafkaPreflight.explain("topology", Map.of("bootstrap.servers", "k:9092"), T,
                new TimeoutException("Timed out waiting for a node assignment. Call: describeCluster"));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("no answer within 10000 ms", "bootstrap.servers (k:9092)",
                "security.protocol (PLAINTEXT)", "looks like a timeout");
    }

    @Test
    void anyOtherFailureKeepsItsMessageAndCause() {
        UnknownServerException cause = new UnknownServerException("boom");
        KafkaStartupException e = KafkaPreflight.explain("cli", Map.of("bootstrap.servers", "k:9092"), T, cause);
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.OTHER);
        assertThat(e.getMessage()).contains("boom");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void aConsumerGroupThePrincipalMayNotUseIsNamedWithTheAclToGrant() {
        org.apache.kafka.common.errors.GroupAuthorizationException cause =
                org.apache.kafka.common.errors.GroupAuthorizationException.forGroupId("tasker-runner");
        KafkaStartupException e = KafkaPreflight.explainGroup("step runner r1", SASL, "tasker-runner", T, cause);
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.AUTHORIZATION);
        assertThat(e.getMessage()).contains("step runner r1", "kafka-1:9093",
                "not authorized to use consumer group 'tasker-runner'", "grant the principal READ on group tasker-runner")
                .doesNotContain("pw-123");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void anotherFailureOfTheGroupCheckIsExplainedLikeTheClusterCheckAndNamesTheGroup() {
        KafkaStartupException e = KafkaPreflight.explainGroup("subscriber audit", SASL, "audit", T,
                new TimeoutException("Timed out waiting for a node assignment"));
        assertThat(e.reason()).isEqualTo(KafkaStartupException.Reason.TIMEOUT);
        assertThat(e.getMessage()).contains("no answer within 10000 ms", "while checking consumer group audit");
    }
}
