package io.tasker.topology;

import io.tasker.schemas.redaction.Redactor;
import io.javalin.Javalin;
import io.tasker.avro.TaskCommand;
import io.tasker.avro.TaskRequest;
import io.tasker.kafka.KafkaClientSettings;
import io.tasker.kafka.KafkaPreflight;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.topology.internal.BoundedRocksDbConfigSetter;
import io.tasker.topology.internal.AdminNamespaceTopics;
import io.tasker.topology.internal.Containment;
import io.tasker.topology.internal.HttpApi;
import io.tasker.topology.internal.TopologyClients;
import io.tasker.topology.internal.TopologyMetrics;
import io.tasker.telemetry.TaskerTelemetry;
import io.tasker.telemetry.TelemetryConfig;
import io.tasker.topology.internal.RegistryReader;
import io.tasker.topology.internal.RegistryView;
import io.tasker.avro.Announcement;
import java.time.Clock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * One running topology instance: the Kafka Streams application (exactly-once v2) and its HTTP API.
 * Start several with the same application id to spread tasks; each answers queries for any task.
 *
 * <p>{@link #start(TopologyConfig)} returns once the HTTP server listens and Kafka Streams is starting;
 * readiness is {@code GET /health/ready} or {@link #isRunning()}. {@link #close()} stops both.
 */
public final class TaskerTopologyApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskerTopologyApp.class);

    private final KafkaStreams streams;
    private final Javalin http;
    private final Producer<String, byte[]> producer;
    private final TopologyCounters counters;
    private final String url;
    private final AdminNamespaceTopics namespaceTopics;
    private final RegistryReader registryReader;
    private final RegistryView registry;
    private final AutoCloseable gauges;
    private TaskerTelemetry ownedTelemetry; // closed with the instance when start() created it

    private TaskerTopologyApp(KafkaStreams streams, Javalin http, Producer<String, byte[]> producer,
                              TopologyCounters counters, String url, AdminNamespaceTopics namespaceTopics,
                              RegistryReader registryReader, RegistryView registry, AutoCloseable gauges) {
        this.gauges = gauges;
        this.namespaceTopics = namespaceTopics;
        this.registryReader = registryReader;
        this.registry = registry;
        this.streams = streams;
        this.http = http;
        this.producer = producer;
        this.counters = counters;
        this.url = url;
    }

    public static TaskerTopologyApp start(TopologyConfig config) {
        return start(config, java.util.function.UnaryOperator.identity());
    }

    /**
     * Starts an instance whose topology parts are adjusted first: for embedding and fault tests (e.g. an engine that
     * fails on purpose). The adjustment must keep the parts consistent with {@code config}.
     */
    public static TaskerTopologyApp start(TopologyConfig config, java.util.function.UnaryOperator<TaskerTopology.Parts> customize) {
        // OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set; /v1/stats and /metrics read the instruments either way
        TaskerTelemetry telemetry = TaskerTelemetry.create(TelemetryConfig.from("tasker-topology", Map.of(), System.getenv()));
        try {
            TaskerTopologyApp app = start(config, telemetry, customize);
            app.ownedTelemetry = telemetry;
            return app;
        } catch (RuntimeException e) {
            telemetry.close();
            throw e;
        }
    }

    /**
     * Starts an instance whose metrics and spans go to {@code telemetry} (its {@code /v1/stats} and {@code /metrics}
     * read it too). The caller closes {@code telemetry} after the instance.
     */
    public static TaskerTopologyApp start(TopologyConfig config, TaskerTelemetry telemetry,
                                          java.util.function.UnaryOperator<TaskerTopology.Parts> customize) {
        config.validate();
        LoggerFactory.getLogger(io.tasker.schemas.LogKeys.CONFIG_LOGGER).info("topology configuration: {}", config);
        KafkaClientSettings kafka = config.kafkaSettings();
        // one clear error within seconds (credentials, certificate, protocol) instead of clients retrying forever
        KafkaPreflight.check("topology " + config.applicationId(), config.bootstrapServers(), kafka);
        SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl(),
                SchemaRegistryClient.DEFAULT_TIMEOUT, config.registryClient());
        registry.checkAccess(); // wrong registry credentials or trust stop the start; an outage does not
        // refused here, naming the key, before anything is started: unreadable keys, a bad tokens file
        io.tasker.topology.internal.auth.Authenticator authenticator = io.tasker.topology.internal.auth.Authenticator.from(config.httpAuth());
        javax.net.ssl.SSLContext forwardingTls = config.httpTls().enabled()
                ? io.tasker.topology.internal.HttpServerTls.forwardingContext(config.httpTls()) : null;
        TopologyCounters counters = new TopologyCounters(telemetry);
        Admin admin = Admin.create(TopologyClients.admin(config.bootstrapServers(), kafka));
        AdminNamespaceTopics namespaceTopics = new AdminNamespaceTopics(admin);
        TaskerTopology.Parts parts = TaskerTopology.Parts.of(config.topics(), registry, counters)
                .withNamespaceTopics(namespaceTopics).withRetentionMs(config.retentionMs())
                .withRedactor(new Redactor(config.redaction())).withTelemetry(telemetry);
        log.info("redaction: {}", config.redaction().describe());
        parts = customize.apply(parts);

        // The HTTP server starts first so an ephemeral port is known before Kafka Streams advertises it.
        Javalin http = Javalin.create(c -> {
            c.showJavalinBanner = false;
            if (config.httpTls().enabled()) {
                io.tasker.topology.internal.HttpServerTls.configure(c, config.httpTls(), config.httpHost(), config.httpPort());
            }
        }).start(config.httpHost(), config.httpPort());
        int port = http.port();
        HostInfo self = new HostInfo(config.advertisedHost(), port);

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) config.producerLingerMs());
        // read back by the processors (EagerCommit) through ProcessorContext.appConfigs()
        props.put(TopologyConfig.EAGER_COMMIT_MIN_INTERVAL_MS, config.eagerCommitMinIntervalMs());
        // Opt in now to what Kafka 5.0 makes the default, so the global (templates) thread behaves the same after upgrade.
        props.put("processing.exception.handler.global.enabled", "true");
        // A dead instance holds its partitions for the session timeout; static membership lets the same instance
        // coming back take them over at once.
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        if (config.instanceId() != null) {
            props.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }
        // before the overrides, so that an explicit rocksdb.config.setter still wins
        BoundedRocksDbConfigSetter.applyTo(props, config.rocksDb());
        props.putAll(kafka.asMap());

        KafkaStreams streams = new KafkaStreams(TaskerTopology.build(parts), props);
        Producer<String, byte[]> producer = new KafkaProducer<>(TopologyClients.apiProducer(config.bootstrapServers(), kafka),
                new StringSerializer(), new ByteArraySerializer());

        RegistryView registryView = new RegistryView(Clock.systemUTC(), config.registryStaleAfterMs(), config.registryForgetAfterMs());
        RegistryReader registryReader = new RegistryReader(TopologyClients.registryReader(config.bootstrapServers(), kafka), admin, config.topics().registry(),
                new TaskerAvroSerde<>(Announcement.class, registry, false).deserializer(), registryView, counters);
        HttpApi api = new HttpApi(streams, parts.catalog(), counters, producer,
                new TaskerAvroSerde<>(TaskRequest.class, registry, false).serializer(),
                new TaskerAvroSerde<>(TaskCommand.class, registry, false).serializer(), config.topics(), namespaceTopics,
                registryView);
        api.redactor(parts.redaction().base());
        api.telemetry(parts.taskerTelemetry());
        api.authenticator(authenticator).forwardOverTls(forwardingTls);
        api.routes(http, self);
        streams.setStateListener((now, before) -> {
            log.info("topology instance {} state {} -> {}", self, before, now);
            if (now == KafkaStreams.State.RUNNING) api.markRunning();
        });
        streams.setUncaughtExceptionHandler(e -> {
            if (Containment.isRegistryOutage(e)) {
                log.warn("schema registry unavailable; replacing the stream thread to retry from the last commit: {}", e.getMessage());
                try {
                    Thread.sleep(1000); // back off a little before the replacement thread hits the registry again
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            // A bug or a fatal Kafka error: stop this instance (liveness fails) rather than spin replacing threads.
            log.error("topology stream thread failed; shutting this instance down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        AutoCloseable gauges = TopologyMetrics.observe(parts.taskerTelemetry(), streams);
        streams.start();
        registryReader.start();
        String url = config.httpTls().scheme() + "://" + self.host() + ":" + self.port();
        log.info("topology instance started: application id {}, HTTP API {}", config.applicationId(), url);
        return new TaskerTopologyApp(streams, http, producer, counters, url, namespaceTopics, registryReader, registryView,
                gauges);
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public TopologyCounters counters() {
        return counters;
    }

    /**
     * Who subscribes to which event, from the live registry this instance reads (the hook of the event catalog's
     * {@code subscribed_by}).
     */
    public SubscriberDirectory subscriberDirectory() {
        return registry;
    }

    /** Base URL of this instance's HTTP API, e.g. {@code http://127.0.0.1:8080} ({@code https} with TLS). */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        http.stop();
        registryReader.close();
        streams.close(Duration.ofSeconds(30));
        producer.close(Duration.ofSeconds(5));
        namespaceTopics.close();
        try {
            gauges.close();
        } catch (Exception e) {
            log.warn("could not unregister the topology's gauges: {}", e.toString());
        }
        if (ownedTelemetry != null) ownedTelemetry.close();
        log.info("topology instance {} stopped", url);
    }
}
