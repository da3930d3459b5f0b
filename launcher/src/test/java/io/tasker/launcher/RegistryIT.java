package io.tasker.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tasker.avro.AnnouncedState;
import io.tasker.avro.Announcement;
import io.tasker.avro.ComponentKind;
import io.tasker.examples.Examples;
import io.tasker.runner.RunnerConfig;
import io.tasker.runner.StepRunner;
import io.tasker.schemas.RegistryTopic;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.subscriber.SubscriberConfig;
import io.tasker.subscriber.SubscriberRunner;
import io.tasker.subscriber.TaskerSubscriber;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateLoader;
import io.tasker.topology.TaskerTopologyApp;
import io.tasker.topology.TopologyConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live registry end to end: a real runner and real subscribers announce themselves on the registry topic, two
 * topology instances read it and answer {@code /v1/runners}, {@code /v1/subscribers} and {@code /v1/templates/stats}
 * the same, the CLI prints them, and the catalog hook says who subscribes to an event.
 */
class RegistryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, so a component that stops announcing turns stale within the test; the real ones announce every 300 ms. */
    private static final long STALE_AFTER_MS = 3_000;

    static Platform platform;
    static StepRunner runner;
    static String runnerId;
    static SubscriberRunner orders;
    static TaskerTopologyApp topology;
    static TaskerTopologyApp second;
    static TaskerClient client;
    static TaskerClient secondClient;

    @BeforeAll
    static void startPlatform() throws Exception {
        List<TaskTemplate> templates = new ArrayList<>(Examples.templates(null));
        TemplateLoader loader = new TemplateLoader(null);
        templates.add(loader.loadResource("templates/ops_quick.yaml"));
        templates.add(loader.loadResource("templates/e2e_always_fail.yaml"));
        platform = Platform.infrastructure(E2E.options("registry"), templates);
        Set<String> namespaces = new TreeSet<>();
        templates.forEach(t -> namespaces.add(t.namespace()));
        runnerId = platform.options().applicationId() + "-runner-1";
        runner = new StepRunner(RunnerConfig.of(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopicPrefix(platform.options().topicPrefix()).withNamespaces(namespaces).withWorkerThreads(4)
                .withGroupId(platform.options().applicationId() + "-runner").withRunnerId(runnerId)
                .withAnnounceIntervalMs(300), Examples.handlers(), templates).start();
        orders = startSubscriber("orders", "order.*", "task.completed");
        topology = startTopology(0);
        second = startTopology(1);
        client = new TaskerClient(topology.url());
        secondClient = new TaskerClient(second.url());
        await().atMost(Duration.ofSeconds(120)).until(() -> topology.isRunning() && second.isRunning());
        E2E.awaitTemplates(client, "quick", "always_fails");
    }

    @AfterAll
    static void stopPlatform() {
        if (orders != null) orders.close();
        if (runner != null) runner.close();
        if (second != null) second.close();
        if (topology != null) topology.close();
        if (platform != null) platform.close();
    }

    static TaskerTopologyApp startTopology(int index) throws Exception {
        return TaskerTopologyApp.start(TopologyConfig.builder()
                .bootstrapServers(platform.bootstrapServers()).schemaRegistryUrl(platform.schemaRegistryUrl())
                .topicPrefix(platform.options().topicPrefix()).applicationId(platform.options().applicationId())
                .stateDir(Files.createTempDirectory("registry-it-" + index)).httpPort(0)
                .registryStaleAfterMs(STALE_AFTER_MS).build());
    }

    static SubscriberRunner startSubscriber(String name, String... events) {
        TaskerSubscriber.Builder b = TaskerSubscriber.builder(name);
        for (String e : events) b.on(e, event -> { });
        Map<String, String> config = new HashMap<>();
        config.put(SubscriberConfig.SUBSCRIBER_NAME, name);
        config.put(SubscriberConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
        config.put(SubscriberConfig.SCHEMA_REGISTRY_URL, platform.schemaRegistryUrl());
        config.put(SubscriberConfig.TOPIC_PREFIX, platform.options().topicPrefix());
        config.put(SubscriberConfig.GROUP_ID, platform.options().applicationId() + "-" + name);
        config.put(SubscriberConfig.ANNOUNCE_INTERVAL_MS, "300");
        return SubscriberRunner.start(b.build(), SubscriberConfig.fromMap(config));
    }

    @Test
    void aRunnerAndASubscriberAreListedLiveWithWhatTheyHostAndSubscribeToByEveryInstance() {
        JsonNode r = await().atMost(Duration.ofSeconds(30)).until(() -> entry(client, "/v1/runners", "runners", runnerId),
                e -> e != null && e.path("status").asText().equals("live"));
        assertThat(r.path("name").asText()).isEqualTo(runnerId);
        assertThat(r.path("handlers")).extracting(JsonNode::asText).contains("demo.noop", "demo.always_fail", "ecommerce.fetch_cart");
        assertThat(r.path("namespaces")).extracting(JsonNode::asText).contains("ops", "e2e", "ecommerce");
        assertThat(r.path("host").asText()).isNotBlank();
        assertThat(r.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(r.path("version").asText()).isEqualTo(io.tasker.schemas.TaskerVersion.current());
        assertThat(r.path("threads").asInt()).isEqualTo(4);
        assertThat(r.path("healthy").asBoolean()).isTrue();
        assertThat(r.path("announce_interval_ms").asLong()).isEqualTo(300);

        JsonNode s = await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "orders"),
                e -> e != null && e.path("status").asText().equals("live"));
        assertThat(s.path("events")).extracting(JsonNode::asText).containsExactly("order.*", "task.completed");
        assertThat(s.path("group_id").asText()).isEqualTo(platform.options().applicationId() + "-orders");
        assertThat(s.path("attributes").path("dlq_topic").asText()).isEqualTo(platform.topics().dlq("orders"));

        // every instance reads the whole topic: the second one knows the same components
        JsonNode r2 = await().atMost(Duration.ofSeconds(30)).until(() -> entry(secondClient, "/v1/runners", "runners", runnerId),
                e -> e != null && e.path("status").asText().equals("live"));
        assertThat(r2.path("handlers")).isEqualTo(r.path("handlers"));
        assertThat(subscriber(secondClient, "orders").path("events")).isEqualTo(s.path("events"));

        // the catalog's subscribed_by hook
        assertThat(topology.subscriberDirectory().subscribersOf("order.created")).contains("orders");
        assertThat(topology.subscriberDirectory().subscribersOf("task.completed")).contains("orders");
        assertThat(topology.subscriberDirectory().subscribersOf("task.failed")).doesNotContain("orders");
    }

    @Test
    void aSubscriberThatClosesIsListedAsStopped() {
        SubscriberRunner temp = startSubscriber("short-lived", "task.failed");
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "short-lived"),
                e -> e != null && e.path("status").asText().equals("live")).path("id").asText();
        assertThat(topology.subscriberDirectory().subscribersOf("task.failed")).contains("short-lived");

        temp.close();

        JsonNode stopped = await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "short-lived"),
                e -> e != null && e.path("status").asText().equals("stopped"));
        assertThat(stopped.path("id").asText()).isEqualTo(id);
        assertThat(topology.subscriberDirectory().subscribersOf("task.failed")).doesNotContain("short-lived");
        // still stopped well after the stale time: nothing announces it as running any more
        await().pollDelay(Duration.ofMillis(STALE_AFTER_MS + 500)).atMost(Duration.ofSeconds(30))
                .until(() -> subscriber(client, "short-lived").path("status").asText().equals("stopped"));
        JsonNode listed = client.get("/v1/subscribers?status=stopped").body();
        assertThat(listed.path("subscribers")).extracting(n -> n.path("name").asText()).contains("short-lived");
    }

    @Test
    void aComponentThatStopsAnnouncingWithoutClosingTurnsStale() throws Exception {
        // what a crashed subscriber leaves behind: its last periodic announcement, state RUNNING
        String id = "crashed@" + platform.options().applicationId() + ":1";
        Announcement last = Announcement.newBuilder().setKind(ComponentKind.SUBSCRIBER).setId(id).setName("crashed")
                .setState(AnnouncedState.RUNNING).setHost("gone-host").setPid(1L).setVersion("0.1.0").setGroupId("crashed")
                .setEvents(List.of("*")).setStartedAt(Instant.now().minusSeconds(60)).setAnnouncedAt(Instant.now()).build();
        TaskerAvroSerde<Announcement> serde = TaskerAvroSerde.forValues(Announcement.class, platform.schemaRegistryUrl());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            String topic = platform.topics().registry();
            p.send(new ProducerRecord<>(topic, RegistryTopic.key(ComponentKind.SUBSCRIBER, id), serde.serializer().serialize(topic, last)))
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "crashed"),
                e -> e != null && e.path("status").asText().equals("live"));
        assertThat(topology.subscriberDirectory().subscribersOf("anything.at_all")).contains("crashed");

        JsonNode stale = await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "crashed"),
                e -> e != null && e.path("status").asText().equals("stale"));

        assertThat(stale.path("last_seen_ago_ms").asLong()).isGreaterThan(STALE_AFTER_MS);
        assertThat(topology.subscriberDirectory().subscribersOf("anything.at_all")).doesNotContain("crashed");
        assertThat(entry(client, "/v1/runners", "runners", runnerId).path("status").asText())
                .as("the real runner keeps announcing, so it stays live").isEqualTo("live");
        assertThat(client.get("/v1/subscribers").body().path("counts").path("stale").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void templateStatsCountTheTasksRunInTheTestPerTemplateAndState() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(submit("ops", "quick"));
        ids.add(submit("e2e", "always_fails"));
        for (String id : ids) E2E.awaitFinished(client, id);

        JsonNode quick = await().atMost(Duration.ofSeconds(30)).until(() -> template(client, "ops", "quick"),
                t -> t != null && t.path("tasks").path("complete").asLong() == 3);
        JsonNode failing = template(client, "e2e", "always_fails");
        assertThat(failing.path("tasks").path("error").asLong()).isEqualTo(1);
        assertThat(failing.path("tasks").path("complete").asLong()).isZero();
        assertThat(quick.path("tasks").path("in_progress").asLong()).isZero();
        assertThat(quick.path("latest_version").asText()).isEqualTo("1.0.0");
        JsonNode version = quick.path("versions").get(0);
        assertThat(version.path("version").asText()).isEqualTo("1.0.0");
        assertThat(version.path("registered_by").asText()).isEqualTo(runnerId);
        assertThat(version.path("registered_at").asLong()).isPositive();
        JsonNode ops = namespace(client.get("/v1/templates/stats").body(), "ops");
        assertThat(ops.path("template_count").asInt()).isEqualTo(1);
        assertThat(ops.path("tasks").path("complete").asLong()).isEqualTo(3);

        // the other instance owns other partitions: it gathers every instance's counts and answers the same
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(secondClient.get("/v1/templates/stats").body())
                .isEqualTo(client.get("/v1/templates/stats").body()));
    }

    @Test
    void theCliListsRunnersAndSubscribersAsTables() {
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriber(client, "orders") != null
                && entry(client, "/v1/runners", "runners", runnerId) != null);

        String runners = cli("runners", "list", "--url", topology.url());
        String subscribers = cli("subscribers", "list", "--url", topology.url(), "--status", "live");

        assertThat(runners.lines().findFirst().orElseThrow()).startsWith("ID").contains("STATUS", "HANDLERS", "LAST SEEN");
        assertThat(runners).contains(runnerId).contains(" live ").contains(" listed; ");
        assertThat(runners.lines().filter(l -> l.startsWith(runnerId)).findFirst().orElseThrow())
                .contains("e2e,ecommerce,ops", "demo.always_fail", "+6 more", "ok");
        assertThat(subscribers.lines().findFirst().orElseThrow()).startsWith("NAME").contains("EVENTS");
        assertThat(subscribers).contains("orders").contains("order.*,task.completed").contains("(all)");
        String json = cli("runners", "list", "--url", topology.url(), "--output", "json");
        assertThat(json).contains("\"" + runnerId + "\"").contains("\"counts\"");
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static String submit(String namespace, String template) {
        TaskerClient.Response r = client.submit(namespace, template, JSON.createObjectNode(), null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
        return r.body().path("task_id").asText();
    }

    private static JsonNode entry(TaskerClient c, String path, String field, String id) {
        TaskerClient.Response r = c.get(path);
        if (r.status() != 200) return null;
        for (JsonNode n : r.body().path(field)) {
            if (n.path("id").asText().equals(id)) return n;
        }
        return null;
    }

    private static JsonNode subscriber(TaskerClient c, String name) {
        TaskerClient.Response r = c.get("/v1/subscribers");
        if (r.status() != 200) return null;
        for (JsonNode n : r.body().path("subscribers")) {
            if (n.path("name").asText().equals(name)) return n;
        }
        return null;
    }

    private static JsonNode namespace(JsonNode stats, String namespace) {
        for (JsonNode n : stats.path("namespaces")) {
            if (n.path("namespace").asText().equals(namespace)) return n;
        }
        return null;
    }

    private static JsonNode template(TaskerClient c, String namespace, String name) {
        TaskerClient.Response r = c.get("/v1/templates/stats");
        if (r.status() != 200) return null;
        JsonNode ns = namespace(r.body(), namespace);
        if (ns == null) return null;
        for (JsonNode t : ns.path("templates")) {
            if (t.path("name").asText().equals(name)) return t;
        }
        return null;
    }
}
