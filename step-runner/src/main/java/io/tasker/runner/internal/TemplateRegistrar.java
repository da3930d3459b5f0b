package io.tasker.runner.internal;

import io.tasker.avro.TemplateRegistration;
import io.tasker.schemas.TaskerAvroSerde;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/** Publishes the runner's templates to the compacted templates topic at start-up and waits for the broker. */
final class TemplateRegistrar {
    private static final Logger log = LoggerFactory.getLogger(TemplateRegistrar.class);

    private final String runnerId;
    private final String schemaRegistryUrl;
    private final String topic;

    TemplateRegistrar(String runnerId, String schemaRegistryUrl, String templatesTopic) {
        this.runnerId = runnerId;
        this.schemaRegistryUrl = schemaRegistryUrl;
        this.topic = templatesTopic;
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
        TaskerAvroSerde<TemplateRegistration> serde =
                TaskerAvroSerde.forValues(TemplateRegistration.class, schemaRegistryUrl);
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
