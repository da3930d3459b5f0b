package io.tasker.launcher.cli;

import io.tasker.infra.TopicProvisioner;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.TaskerTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code tasker subscribers dlq list|replay} against the embedded broker. */
class SubscribersCommandIT {
    private final String bootstrap = SharedTestCluster.bootstrapServers();
    private final TaskerTopics topics = new TaskerTopics(SharedTestCluster.unique("cli") + ".");
    private final String subscriber = "audit";

    private void deadLetter(KafkaProducer<byte[], byte[]> p, String event, String lastFailure) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_type", event.getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.REASON, DlqHeaders.REASON_RETRIES_EXHAUSTED.getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.HANDLER, "store".getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.EVENT_NAME, event.getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.ATTEMPTS, "5".getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.LAST_FAILURE_AT, lastFailure.getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.EXCEPTION_CLASS, "java.io.IOException".getBytes(StandardCharsets.UTF_8));
        p.send(new ProducerRecord<>(topics.dlq(subscriber), null, "task-1".getBytes(StandardCharsets.UTF_8),
                ("value of " + event).getBytes(StandardCharsets.UTF_8), h));
    }

    @Test
    void aSecurityProtocolTheListenerDoesNotSpeakFailsTheCommandWithinSecondsNamingIt() {
        // a hang guard only: the preflight's own 3 s timeout ends the command
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            FakeApi.Result r = FakeApi.run("subscribers", "dlq", "list", subscriber, "--bootstrap-servers", bootstrap,
                    "--topic-prefix", topics.prefix(), "--kafka", "security.protocol=SSL", "--kafka", "preflight.timeout.ms=3000");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("tasker subscribers dlq: Kafka at " + bootstrap + " (security.protocol=SSL)")
                    .contains("no answer within 3000 ms");
        });
    }

    @Test
    void listsDeadLettersWithTheirReasonsAndReplaysTheChosenOnesWithEveryHeader() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin).ensure(List.of(new TopicSpec(topics.dlq(subscriber), 1, (short) 1, Map.of()),
                    new TopicSpec(topics.dlq(subscriber) + ".replay", 1, (short) 1, Map.of())));
        }
        try (var p = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            deadLetter(p, "order.created", "2026-11-28T09:00:00Z");
            deadLetter(p, "order.created", "2026-11-28T11:00:00Z");
            deadLetter(p, "payment.failed", "2026-11-28T11:30:00Z");
        }
        String[] base = {"--bootstrap-servers", bootstrap, "--topic-prefix", topics.prefix()};

        FakeApi.Result all = FakeApi.run(concat(new String[]{"subscribers", "dlq", "list", subscriber}, base));
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("retries_exhausted").contains("store").contains("java.io.IOException")
                .contains("3 dead-lettered event(s) in " + topics.dlq(subscriber));

        FakeApi.Result filtered = FakeApi.run(concat(new String[]{"subscribers", "dlq", "list", subscriber, "--event", "order.created",
                "--since", "2026-11-28T10:00:00Z"}, base));
        assertThat(filtered.out()).contains("1 dead-lettered event(s)");

        FakeApi.Result replay = FakeApi.run(concat(new String[]{"subscribers", "dlq", "replay", subscriber, "--event", "order.created"}, base));
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed 2 dead-lettered event(s) to " + topics.dlq(subscriber) + ".replay");

        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(topics.dlq(subscriber) + ".replay", 2);
        assertThat(replayed).allSatisfy(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value of order.created");
            assertThat(new String(r.headers().lastHeader(DlqHeaders.HANDLER).value(), StandardCharsets.UTF_8)).isEqualTo("store");
            assertThat(r.headers().lastHeader("ce_type")).isNotNull();
        });

        FakeApi.Result missing = FakeApi.run(concat(new String[]{"subscribers", "dlq", "list", "nobody"}, base));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no dead-letter topic");
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
