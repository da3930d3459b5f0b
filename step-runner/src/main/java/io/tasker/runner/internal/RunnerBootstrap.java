package io.tasker.runner.internal;

import io.tasker.avro.DomainEvent;
import io.tasker.avro.EventDelivery;
import io.tasker.avro.StepResult;
import io.tasker.avro.TemplateRegistration;
import io.tasker.kafka.KafkaPreflight;
import io.tasker.runner.RunnerConfig;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.schemas.TaskerTopics;
import io.tasker.templates.TaskTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a runner does before it consumes: checks its templates against the registered ones (a changed version fails
 * the start), creates the namespaces' step-command and domain-events topics, checks that its consumer group is
 * authorized, registers the new templates, and
 * registers the schemas of what it produces, so a registry or broker problem fails {@code start()} rather than the
 * first step.
 */
final class RunnerBootstrap {
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final RunnerConfig config;
    private final TaskerTopics topics;
    private final List<TaskTemplate> templates;

    RunnerBootstrap(RunnerConfig config, TaskerTopics topics, List<TaskTemplate> templates) {
        this.config = config;
        this.topics = topics;
        this.templates = templates;
    }

    /** Templates and topics, in that order: see the class. */
    void registerTemplates(KafkaProducer<byte[], byte[]> producer, Set<String> ns) {
        TaskerAvroSerde<TemplateRegistration> serde =
                TaskerAvroSerde.forValues(TemplateRegistration.class, config.schemaRegistryUrl(), config.registryClient());
        List<TaskTemplate> toRegister = templates;
        if (!templates.isEmpty()) {
            try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(ClientProps.reader(config),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                toRegister = TemplateRegistrar.unregistered(
                        RegisteredTemplates.read(reader, topics.templates(), serde, STARTUP_TIMEOUT), templates);
            }
        }
        List<NamespaceTopics.Wanted> wanted = new ArrayList<>();
        ns.forEach(n -> wanted.add(NamespaceTopics.Wanted.stepCommands(n, topics.stepCommands(n))));
        ns.forEach(n -> wanted.add(NamespaceTopics.Wanted.domainEvents(n, topics.domainEvents(n))));
        try (Admin admin = Admin.create(ClientProps.admin(config))) {
            new NamespaceTopics(admin, config.topicPartitions(), config.topicReplicationFactor(), STARTUP_TIMEOUT)
                    .ensure(wanted);
        }
        // after the topics (a runner of a namespace it may not read is told so first), before anything is written
        KafkaPreflight.checkGroup("step runner " + config.runnerId(), config.bootstrapServers(),
                ClientProps.settings(config), config.groupId());
        new TemplateRegistrar(config.runnerId(), serde, topics.templates()).register(producer, toRegister);
    }

    /**
     * Serializes one dummy result, and one dummy domain event per namespace, so their schemas are registered (and
     * their ids cached) before any worker runs: an unreachable or rejecting registry then fails {@code start()}.
     */
    void warmUp(TaskerAvroSerde<StepResult> resultSerde, TaskerAvroSerde<DomainEvent> eventSerde, Set<String> ns) {
        Instant now = Instant.now();
        resultSerde.serializer().serialize(topics.stepResults(), StepResult.newBuilder().setTaskId("warm-up")
                .setStepName("warm-up").setAttempt(1).setStatus(io.tasker.avro.StepOutcome.SUCCESS)
                .setResultJson("{}").setError(null).setRunnerId(config.runnerId()).setStartedAt(now)
                .setFinishedAt(now).setCorrelationId(null).build());
        for (String n : ns) {
            eventSerde.serializer().serialize(topics.domainEvents(n), DomainEvent.newBuilder().setEventId("warm-up")
                    .setName("warm-up").setNamespace(n).setTaskId("warm-up").setStepName("warm-up").setAttempt(1)
                    .setTemplateName("warm-up").setTemplateVersion("0").setFiredAt(now)
                    .setDelivery(EventDelivery.FIRE_AND_FORGET).setPayloadJson("{}").build());
        }
    }
}
