package io.tasker.runner.internal;

import io.tasker.avro.TemplateRegistration;
import io.tasker.runner.TemplateConflictException;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.EventContracts;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateDiff;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the runner's templates to the compacted templates topic at start-up and waits for the broker. A template
 * version is immutable: one already registered with the same definition is skipped, one registered with a different
 * definition fails the start.
 */
final class TemplateRegistrar {
    private static final Logger log = LoggerFactory.getLogger(TemplateRegistrar.class);

    private final String runnerId;
    private final TaskerAvroSerde<TemplateRegistration> serde;
    private final String topic;

    TemplateRegistrar(String runnerId, TaskerAvroSerde<TemplateRegistration> serde, String templatesTopic) {
        this.runnerId = runnerId;
        this.serde = serde;
        this.topic = templatesTopic;
    }

    /**
     * The templates that still need registering: those whose key is not registered yet. Identical registrations are
     * left out.
     *
     * @param registered the current registrations by key
     * @throws TemplateConflictException naming every template registered with a different definition and its changes
     */
    static List<TaskTemplate> unregistered(Map<String, TemplateRegistration> registered, List<TaskTemplate> templates) {
        List<TaskTemplate> out = new ArrayList<>();
        Map<String, List<String>> conflicts = new LinkedHashMap<>();
        for (TaskTemplate t : templates) {
            TemplateRegistration existing = registered.get(t.key());
            if (existing == null) {
                out.add(t);
            } else if (sameDefinition(existing.getDefinitionJson(), t)) {
                log.info("Template {} is already registered with this definition (by {} at {}); not registering it"
                        + " again", t.key(), existing.getRegisteredBy(), existing.getRegisteredAt());
            } else {
                conflicts.put(t.key(), changes(existing, t));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new TemplateConflictException(conflicts);
        }
        requireOneContractPerEvent(registered, templates);
        return out;
    }

    /**
     * An event name has one contract per namespace: the runner's templates may not declare an event that a registered
     * template of the same namespace declares with another schema. Registered templates come first, so the message
     * names the existing contract and the runner's contradicting one.
     *
     * @throws TemplateValidationException naming the event, the namespace and both places
     */
    static void requireOneContractPerEvent(Map<String, TemplateRegistration> registered, List<TaskTemplate> templates) {
        Set<String> own = new HashSet<>();
        templates.forEach(t -> own.add(t.key()));
        List<TaskTemplate> all = new ArrayList<>();
        for (TemplateRegistration r : registered.values()) {
            String key = r.getNamespace() + "/" + r.getName() + "/" + r.getVersion();
            if (own.contains(key)) continue;
            try {
                all.add(TemplateJson.fromJson(r.getDefinitionJson()));
            } catch (RuntimeException e) {
                log.warn("Registered template {} cannot be read and is left out of the event contract check: {}", key, e.getMessage());
            }
        }
        all.addAll(templates);
        List<String> problems = EventContracts.find(all).stream()
                .filter(c -> own.contains(c.first().template().key()) || own.contains(c.second().template().key()))
                .map(EventContracts.Conflict::message).toList();
        if (!problems.isEmpty()) {
            throw new TemplateValidationException(problems);
        }
    }

    /**
     * Same canonical JSON, or (when the canonical form of an older version differs only in layout or defaults) the
     * same template once parsed.
     */
    private static boolean sameDefinition(String registeredJson, TaskTemplate candidate) {
        try {
            if (JsonSupport.MAPPER.readTree(registeredJson).equals(
                    JsonSupport.MAPPER.readTree(TemplateJson.toJson(candidate)))) {
                return true;
            }
            return TemplateJson.fromJson(registeredJson).equals(candidate);
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> changes(TemplateRegistration existing, TaskTemplate candidate) {
        // compared as JSON text, so a registered definition that today's checks would refuse can still be compared
        List<String> changes = TemplateDiff.betweenJson(existing.getDefinitionJson(), TemplateJson.toJson(candidate));
        return changes.isEmpty() ? List.of("definition") : changes;
    }

    /**
     * Produces one registration per template and waits (30 s each) for its acknowledgement.
     *
     * @throws KafkaException naming the template when one cannot be registered
     */
    void register(Producer<byte[], byte[]> producer, List<TaskTemplate> templates) {
        if (templates.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Instant now = Instant.now();
        for (TaskTemplate t : templates) {
            TemplateRegistration reg = TemplateRegistration.newBuilder()
                    .setNamespace(t.namespace())
                    .setName(t.name())
                    .setVersion(t.version())
                    .setDefinitionJson(TemplateJson.toJson(t))
                    .setSource(null)
                    .setRegisteredBy(runnerId)
                    .setRegisteredAt(now)
                    .build();
            byte[] value = serde.serializer().serialize(topic, reg);
            sends.add(producer.send(new ProducerRecord<>(topic, Utf8.bytes(t.key()), value)));
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new KafkaException("could not register template " + templates.get(i).key() + " to topic "
                        + topic + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new KafkaException("timed out registering template " + templates.get(i).key() + " to topic "
                        + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while registering templates", e);
            }
        }
        log.info("Registered {} templates to {}: {}", templates.size(), topic,
                templates.stream().map(TaskTemplate::key).toList());
    }
}
