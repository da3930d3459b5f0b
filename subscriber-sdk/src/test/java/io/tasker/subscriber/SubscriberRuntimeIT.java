package io.tasker.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tasker.avro.LifecycleEvent;
import io.tasker.infra.TopicSpec;
import io.tasker.infra.testkit.SharedTestCluster;
import io.tasker.infra.testkit.UnauthorizedRegistry;
import io.tasker.schemas.TaskerAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Topic selection, lifecycle events, slow handlers, close and registry outages against the embedded broker. */
class SubscriberRuntimeIT extends SubscriberITSupport {

    void produceLifecycle(String type, String taskId) {
        try (KafkaProducer<String, LifecycleEvent> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                TaskerAvroSerde.forValues(LifecycleEvent.class, registry).serializer())) {
            p.send(new ProducerRecord<>(topics.lifecycle(), taskId, LifecycleEvent.newBuilder()
                    .setEventId("lc-" + taskId + "-" + type).setEventType(type).setTaskId(taskId).setNamespace(NS)
                    .setTemplateName("tpl").setTemplateVersion("1.0.0").setTaskState("complete").setStepName(null)
                    .setStepState(null).setAttempt(null).setErrorMessage(null).setCorrelationId("c")
                    .setOccurredAt(Instant.now()).build()));
            p.flush();
        }
    }

    @Test
    void aSecurityProtocolTheListenerDoesNotSpeakFailsTheStartWithinSecondsNamingIt() {
        String name = SharedTestCluster.unique("tls-mismatch");
        SubscriberConfig ssl = config(Map.of("subscriber.name", name, "kafka.security.protocol", "SSL",
                "kafka.preflight.timeout.ms", "3000"));
        // a hang guard only: the preflight's own 3 s timeout ends the start
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberRunner.start(
                                TaskerSubscriber.builder(name).on("order.created", e -> { }).build(), ssl))
                        .isInstanceOf(io.tasker.kafka.KafkaStartupException.class)
                        .hasMessageContaining("subscriber " + name)
                        .hasMessageContaining("security.protocol (SSL)"));
    }

    @Test
    void aRegistryThatRejectsTheCredentialsFailsTheStartSayingSoWithoutThePassword() {
        try (UnauthorizedRegistry locked = UnauthorizedRegistry.start()) {
            String lockedUrl = locked.url();
            String name = SharedTestCluster.unique("reg-auth");
            SubscriberConfig wrong = config(Map.of("subscriber.name", name, "schema.registry.url", lockedUrl,
                    "schema.registry.basic.auth.user.info", "svc:wrong-pw-7"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriberRunner.start(
                            TaskerSubscriber.builder(name).on("order.created", e -> { }).build(), wrong))
                    .isInstanceOf(io.tasker.schemas.SchemaRegistryException.class)
                    .hasMessageContaining("schema registry at " + lockedUrl)
                    .hasMessageContaining("HTTP 401: authentication failed")
                    .hasMessageNotContaining("wrong-pw-7");
        }
    }

    @Test
    void aSubscriberCreatesItsDeadLetterAndReplayTopicsWhenTheyDoNotExist() throws Exception {
        String fresh = SharedTestCluster.unique("fresh");
        SubscriberRunner runner = start(TaskerSubscriber.builder(fresh).on("order.created", e -> { }).build(),
                config(Map.of("subscriber.name", fresh)));
        java.util.Set<String> names = admin.listTopics().names().get();
        assertThat(names).contains(topics.dlq(fresh), topics.dlq(fresh) + SubscriberConfig.REPLAY_SUFFIX);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void deliversLifecycleEventsAndReadsOnlyTheTopicsThatCanCarryTheAskedNames() {
        createTopics(new TopicSpec(topics.lifecycle(), 1, (short) 1, Map.of()));
        List<Event> seen = new CopyOnWriteArrayList<>();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName).on("task.*", seen::add).build());
        produce(List.of(event(1, "order.created")));
        produceLifecycle("task.completed", "task-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
        Event e = seen.get(0);
        assertThat(e.kind()).isEqualTo(Event.Kind.LIFECYCLE);
        assertThat(e.name()).isEqualTo("task.completed");
        assertThat(e.taskId()).isEqualTo("task-1");
        assertThat(e.getString("task_state", "?")).isEqualTo("complete");
        assertThat(e.step()).isNull();
        assertEverythingCommitted(subscriberName, topics.lifecycle());
        assertThat(runner.metrics().records()).isEqualTo(1); // the domain-events topic is not read at all
    }

    @Test
    void aHandlerSlowerThanTheMaxPollIntervalNeverCausesARebalanceOrARedelivery() {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            deliveries.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(1500); // slower than max.poll.interval.ms on purpose
        }).named("slow").build(), config(Map.of("kafka.max.poll.interval.ms", "1000",
                SubscriberConfig.HANDLER_TIMEOUT_MS, "10000")));
        // one task: its three events run one after the other, 4.5 s in all
        produce(List.of(event(0, "order.created"), event(97, "order.created"), event(194, "order.created")));
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.metrics().handled("slow") == 3);
        assertThat(deliveries).hasSize(3).allSatisfy((id, n) -> assertThat(n).hasValue(1));
        assertThat(runner.metrics().received("slow")).isEqualTo(3);
        assertThat(runner.isHealthy()).isTrue();
    }

    @Test
    void closeFinishesInFlightEventsCommitsThemAndLeavesTheGroup() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName).on("order.created", e -> {
            started.incrementAndGet();
            Thread.sleep(1000);
            finished.incrementAndGet();
        }).build());
        produce(IntStream.range(0, 5).mapToObj(i -> event(i, "order.created")).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> started.get() == 5);
        runner.close();
        assertThat(finished).hasValue(5);
        assertThat(runner.isHealthy()).isFalse();
        assertThat(runner.health().reason()).isEqualTo("stopped");
        assertEverythingCommitted(subscriberName, topics.domainEvents(NS));
        assertThat(admin.describeConsumerGroups(List.of(subscriberName)).all().get().get(subscriberName).members())
                .isEmpty();
    }

    @Test
    void aSchemaRegistryOutagePausesAndRetriesButNeverDeadLetters() {
        produce(List.of(event(1, "order.created"), event(2, "order.created")));
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName).on("*", e -> { }).named("all")
                .build(), config(Map.of(SubscriberConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                        SubscriberConfig.REGISTRY_RETRY_BACKOFF_MS, "100")));
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.metrics().records() >= 6);
        assertThat(runner.health().healthy()).isFalse();
        assertThat(runner.health().reason()).contains("schema registry");
        assertThat(runner.metrics().undecodable()).isZero();
        assertThat(runner.metrics().handled("all")).isZero();
        assertThat(readAll(topics.dlq(subscriberName), 0)).isEmpty();
    }

    @Test
    void aReplayedDeadLetterGoesBackToTheHandlerThatGaveUpOnlyAndIsHandledAfterAFix() {
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> relaxedSeen = new CopyOnWriteArrayList<>();
        SubscriberConfig cfg = config();
        SubscriberRunner runner = start(TaskerSubscriber.builder(subscriberName)
                .on("order.created", e -> {
                    if (!fixed.get() && e.getInt("seq", -1) % 2 == 0) {
                        throw new IllegalStateException("bug");
                    }
                }).named("buggy")
                .on("order.created", e -> relaxedSeen.add(e.id())).named("relaxed").build(), cfg);
        produce(IntStream.range(0, 10).mapToObj(i -> event(i, "order.created")).toList());
        var dlq = readAll(topics.dlq(subscriberName), 5);
        assertThat(dlq).hasSize(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> relaxedSeen.size() == 10);

        fixed.set(true);
        // what `subscribers dlq replay` does: re-produce the dead letters, headers and all, to the replay topic
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (var r : dlq) {
                p.send(new ProducerRecord<>(cfg.replayTopic(), null, r.key(), r.value(), r.headers()));
            }
            var stale = dlq.get(0);
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders(stale.headers().toArray());
            headers.remove(io.tasker.schemas.DlqHeaders.HANDLER);
            headers.add(io.tasker.schemas.DlqHeaders.HANDLER, "renamed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.send(new ProducerRecord<>(cfg.replayTopic(), null, stale.key(), stale.value(), headers));
            p.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.metrics().handled("buggy") == 10);
        assertThat(relaxedSeen).hasSize(10); // the handler that had succeeded does not run again
        var again = readAll(topics.dlq(subscriberName), 6);
        assertThat(again).hasSize(6);
        var unknown = again.get(5);
        assertThat(header(unknown, io.tasker.schemas.DlqHeaders.REASON)).isEqualTo("unknown_handler");
        assertThat(header(unknown, io.tasker.schemas.DlqHeaders.SOURCE_TOPIC)).isEqualTo(cfg.replayTopic());
        assertThat(unknown.headers().headers(io.tasker.schemas.DlqHeaders.REASON)).hasSize(1);
    }
}
