package io.tasker.infra;

import io.tasker.infra.testkit.SecureEmbeddedKafka;
import io.tasker.infra.testkit.SharedTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The secure test broker itself: raw clients authenticate over each listener and produce and consume; wrong
 * credentials and untrusted certificates fail authentication within seconds; the authorizer denies what no ACL
 * grants.
 */
class SecureEmbeddedKafkaIT {
    static final String PREFIX = "sec-";
    static SecureEmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = SecureEmbeddedKafka.builder().withAuthorizer().withPlainUser("alice", "alice-secret").start();
        kafka.createScramUser("bob", "bob-secret");
        for (String principal : List.of("User:alice", "User:bob", "User:carol-cert")) {
            kafka.allow(principal, ResourceType.TOPIC, PREFIX, PatternType.PREFIXED, AclOperation.ALL);
            kafka.allow(principal, ResourceType.GROUP, PREFIX, PatternType.PREFIXED, AclOperation.READ);
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void producesAndConsumesOverSaslPlaintextWithPlain() throws Exception {
        roundTrip(kafka.clients().saslPlain("alice", "alice-secret"));
    }

    @Test
    void producesAndConsumesOverSaslSslWithScramSha512() throws Exception {
        roundTrip(kafka.clients().saslSslScram("bob", "bob-secret"));
    }

    @Test
    void producesAndConsumesOverSslWithAClientCertificate() throws Exception {
        roundTrip(kafka.clients().sslClientCert("carol-cert"));
    }

    @Test
    void aWrongScramPasswordFailsAuthenticationNamingTheMechanism() {
        assertThatThrownBy(() -> describe(kafka.clients().saslSslScramWrongPassword("bob")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("SCRAM-SHA-512");
    }

    @Test
    void aWrongPlainPasswordFailsAuthentication() {
        assertThatThrownBy(() -> describe(kafka.clients().saslPlainWrongPassword("alice")))
                .isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("Invalid username or password");
    }

    @Test
    void aClientCertificateFromAnUntrustedAuthorityIsRefusedByTheBroker() {
        // TLS 1.3: the client finishes its side of the handshake before the broker refuses its certificate
        assertThatThrownBy(() -> describe(kafka.clients().sslUntrustedClientCert("carol-cert")))
                .isInstanceOf(SslAuthenticationException.class)
                .message().containsAnyOf("SSL handshake failed", "Failed to process post-handshake messages");
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersAuthorityFailsTheHandshake() {
        assertThatThrownBy(() -> describe(kafka.clients().sslClientNotTrustingBroker("carol-cert")))
                .isInstanceOf(SslAuthenticationException.class).hasMessageContaining("SSL handshake failed")
                .hasStackTraceContaining("PKIX path building failed");
    }

    @Test
    void anAuthenticatedPrincipalWithoutAnAclIsDeniedTheTopic() throws Exception {
        kafka.createScramUser("mallory", "mallory-secret");
        String topic = SharedTestCluster.unique(PREFIX + "denied");
        kafka.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        try (var producer = new KafkaProducer<>(props(kafka.clients().saslSslScram("mallory", "mallory-secret")),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(topic);
        }
        assertThat(kafka.denials("User:mallory")).anySatisfy(line ->
                assertThat(line).contains("is Denied operation = DESCRIBE", "Topic:LITERAL:" + topic));
    }

    /** Describes the cluster with these settings; rethrows what failed. */
    static void describe(Map<String, String> settings) throws Throwable {
        Map<String, Object> p = props(settings);
        p.put("request.timeout.ms", 10_000);
        p.put("default.api.timeout.ms", 15_000);
        try (Admin a = Admin.create(p)) {
            a.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    static void roundTrip(Map<String, String> settings) throws Exception {
        String topic = SharedTestCluster.unique(PREFIX + "round-trip");
        kafka.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        try (var producer = new KafkaProducer<>(props(settings), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello " + settings.get("security.protocol"))).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> c = props(settings);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, SharedTestCluster.unique(PREFIX + "group"));
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            consumer.commitSync();
        }
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("hello " + settings.get("security.protocol"));
    }

    static Map<String, Object> props(Map<String, String> settings) {
        return new HashMap<>(settings);
    }
}
