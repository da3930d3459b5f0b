package io.tasker.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.DlqHeaders;
import io.tasker.schemas.TaskerTopics;
import io.tasker.subscriber.SubscriberConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code tasker subscribers list}: the subscribers that announced themselves ({@code GET /v1/subscribers}).
 *
 * <p>{@code tasker subscribers dlq list|replay <subscriber>}: what a subscriber dead-lettered, and re-delivering it. Replay
 * copies dead-letter records (key, value and every header) to the subscriber's replay topic, which a running subscriber
 * always reads; the {@code tasker.dlq.handler} header sends each record back to the handler that failed, and the
 * subscriber's counts show the outcome. Replaying twice delivers twice (at-least-once; handlers de-duplicate on the
 * event id).
 */
@Command(name = "subscribers", mixinStandardHelpOptions = true,
        description = "Running subscribers (list), and the dead-lettered events of one (dlq list, dlq replay).",
        subcommands = {SubscribersCommand.ListSubscribers.class, SubscribersCommand.Dlq.class})
public final class SubscribersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "List subscribers: name, id, status (live, stale, stopped), host, events, namespaces, health, last seen.")
    static final class ListSubscribers extends RegistryListCommand {
        ListSubscribers() {
            super("/v1/subscribers", "subscribers", "subscriber");
        }

        @Override
        Table table(JsonNode subscribers) {
            Table table = new Table("NAME", "ID", "STATUS", "HOST", "EVENTS", "NAMESPACES", "IN FLIGHT", "HEALTH", "LAST SEEN");
            for (JsonNode s : subscribers) {
                table.row(ServerCommand.text(s.path("name")), ServerCommand.text(s.path("id")), ServerCommand.text(s.path("status")),
                        host(s), list(s.path("events"), "-"), list(s.path("namespaces"), "(all)"), s.path("in_flight").asInt(),
                        health(s), ago(s.path("last_seen_ago_ms")));
            }
            return table;
        }
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true, description = "The dead-letter topic of a subscriber.",
            subcommands = {ListDlq.class, ReplayDlq.class})
    static final class Dlq implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "Missing required subcommand (list or replay)");
        }
    }

    abstract static class DlqCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Subscriber name.")
        String subscriber;
        @Option(names = "--bootstrap-servers", required = true, description = "Kafka brokers.")
        String bootstrapServers;
        @Option(names = "--topic-prefix", defaultValue = TaskerTopics.DEFAULT_PREFIX, description = "Default: ${DEFAULT-VALUE}")
        String topicPrefix;
        @Option(names = "--dlq-topic", description = "Default: <prefix>dlq.<subscriber> (the subscriber's dlq.topic).")
        String dlqTopic;
        @Option(names = "--event", description = "Only dead letters of this event name.")
        String event;
        @Option(names = "--since", description = "Only dead letters whose last failure is at or after this ISO-8601 instant.")
        String since;
        @picocli.CommandLine.Mixin
        KafkaOptions kafkaOptions = new KafkaOptions();

        String dlqTopic() {
            return dlqTopic != null ? dlqTopic : new TaskerTopics(topicPrefix).dlq(subscriber);
        }

        /** Every dead letter matching the filters, read to the end of the topic. */
        List<ConsumerRecord<byte[], byte[]>> read() {
            Instant from = null;
            if (since != null) {
                try {
                    from = Instant.parse(since);
                } catch (DateTimeParseException e) {
                    throw new ParameterException(spec.commandLine(), "--since must be an ISO-8601 instant such as 2026-11-28T10:00:00Z, was '" + since + "'");
                }
            }
            // one clear error within seconds (credentials, certificate, protocol) instead of a consumer retrying
            io.tasker.kafka.KafkaPreflight.check("tasker subscribers dlq", bootstrapServers, kafkaOptions.settings());
            Map<String, Object> p = kafkaOptions.settings().consumer(bootstrapServers);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "tasker-cli-dlq-" + UUID.randomUUID());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            String topic = dlqTopic();
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "no dead-letter topic " + topic + " (has subscriber '" + subscriber + "' run?)");
                }
                List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (matches(r, from)) out.add(r);
                    }
                }
            }
            return out;
        }

        private boolean matches(ConsumerRecord<byte[], byte[]> r, Instant from) {
            if (event != null && !event.equals(header(r, DlqHeaders.EVENT_NAME))) return false;
            if (from != null) {
                String last = header(r, DlqHeaders.LAST_FAILURE_AT);
                try {
                    return last != null && !Instant.parse(last).isBefore(from);
                } catch (DateTimeParseException e) {
                    return false;
                }
            }
            return true;
        }

        static String header(ConsumerRecord<byte[], byte[]> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a subscriber's dead-lettered events.")
    static final class ListDlq extends DlqCommand {
        @Option(names = "--output", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}")
        String output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ConsumerRecord<byte[], byte[]>> records = read();
            if (output.equals("json")) {
                ObjectMapper json = new ObjectMapper();
                ArrayNode arr = json.createArrayNode();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    ObjectNode n = arr.addObject().put("partition", r.partition()).put("offset", r.offset())
                            .put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
                    for (Header h : r.headers()) {
                        if (h.key().startsWith(DlqHeaders.PREFIX)) n.put(h.key().substring(DlqHeaders.PREFIX.length()), new String(h.value(), StandardCharsets.UTF_8));
                    }
                }
                out.println(arr.toPrettyString());
                return 0;
            }
            Table table = new Table("OFFSET", "REASON", "HANDLER", "EVENT", "EVENT ID", "ATTEMPTS", "LAST FAILURE", "EXCEPTION");
            for (ConsumerRecord<byte[], byte[]> r : records) {
                table.row(r.partition() + "@" + r.offset(), header(r, DlqHeaders.REASON), header(r, DlqHeaders.HANDLER),
                        header(r, DlqHeaders.EVENT_NAME), header(r, DlqHeaders.EVENT_ID), header(r, DlqHeaders.ATTEMPTS),
                        header(r, DlqHeaders.LAST_FAILURE_AT), header(r, DlqHeaders.EXCEPTION_CLASS));
            }
            table.print(out);
            out.println(records.size() + " dead-lettered event(s) in " + dlqTopic());
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-deliver dead-lettered events to the handler that failed (through the subscriber's replay topic).")
    static final class ReplayDlq extends DlqCommand {
        @Option(names = "--dry-run", description = "Only say what would be replayed.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<ConsumerRecord<byte[], byte[]>> records = read();
            String replayTopic = dlqTopic() + SubscriberConfig.REPLAY_SUFFIX;
            if (dryRun || records.isEmpty()) {
                out.println((dryRun ? "would replay " : "nothing to replay: ") + records.size() + " dead-lettered event(s) to " + replayTopic);
                return 0;
            }
            Map<String, Object> p = kafkaOptions.settings().producer(bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    sends.add(producer.send(new ProducerRecord<>(replayTopic, null, r.key(), r.value(), r.headers())));
                }
                for (var f : sends) f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            out.println("replayed " + records.size() + " dead-lettered event(s) to " + replayTopic
                    + "; the subscriber re-runs each with the handler that failed (see its metrics)");
            return 0;
        }
    }
}
