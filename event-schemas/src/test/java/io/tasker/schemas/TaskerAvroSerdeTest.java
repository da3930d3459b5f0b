package io.tasker.schemas;

import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskerAvroSerdeTest {
    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();
    private final SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private TaskerAvroSerde<TaskRequest> taskRequests() {
        return new TaskerAvroSerde<>(TaskRequest.class, client, false);
    }

    @Test
    void serializedRecordIsMagicByteThenBigEndianSchemaIdThenAvroBinary() throws IOException {
        registry.nextId(0x01020304);
        TaskRequest request = Records.taskRequest("t-1");

        byte[] bytes = taskRequests().serializer().serialize("requests", request);

        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(avro, null);
        new SpecificDatumWriter<>(TaskRequest.class).write(request, encoder);
        encoder.flush();
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avro.toByteArray());
    }

    @Test
    void taskRequestAndStepResultSurviveARoundTrip() {
        TaskRequest request = Records.taskRequest("t-2");
        StepResult result = Records.failedStepResult("t-2");
        TaskerAvroSerde<StepResult> results = new TaskerAvroSerde<>(StepResult.class, client, false);

        TaskRequest readRequest = taskRequests().deserializer().deserialize("requests",
                taskRequests().serializer().serialize("requests", request));
        StepResult readResult = results.deserializer().deserialize("results",
                results.serializer().serialize("results", result));

        assertThat(readRequest).isEqualTo(request);
        assertThat(readResult).isEqualTo(result);
        assertThat(readResult.getError().getBacktrace()).containsExactly("a.b.C.d(C.java:1)", "e.f.G.h(G.java:2)");
    }

    @Test
    void nullSerializesToNullAndNullBytesDeserializeToNullWithoutAskingTheRegistry() {
        TaskerAvroSerde<TaskRequest> serde = taskRequests();

        assertThat(serde.serializer().serialize("requests", null)).isNull();
        assertThat(serde.deserializer().deserialize("requests", null)).isNull();
        assertThat(registry.registrations.get() + registry.fetches.get() + registry.lookups.get()).isZero();
    }

    @Test
    void schemaIsRegisteredOncePerTopicAndFetchedOncePerIdUnderTheValueSubject() {
        TaskerAvroSerde<TaskRequest> writer = taskRequests();
        // A second client has empty caches, like a consumer in another JVM.
        TaskerAvroSerde<TaskRequest> reader = new TaskerAvroSerde<>(TaskRequest.class,
                new SchemaRegistryClient(registry.url()), false);

        for (int i = 0; i < 50; i++) {
            byte[] bytes = writer.serializer().serialize("requests", Records.taskRequest("t-" + i));
            assertThat(reader.deserializer().deserialize("requests", bytes).getTaskId()).isEqualTo("t-" + i);
        }
        writer.serializer().serialize("other", Records.taskRequest("x"));

        assertThat(registry.registrations).hasValue(2);
        assertThat(registry.fetches).hasValue(1);
        assertThat(client.lookup("requests-value", TaskRequest.getClassSchema()))
                .isEqualTo(client.lookup("other-value", TaskRequest.getClassSchema()));
    }

    @Test
    void keySerdeRegistersUnderTheKeySubject() {
        new TaskerAvroSerde<>(TaskRequest.class, client, true).serializer().serialize("requests", Records.taskRequest("k"));

        SchemaRegistryClient fresh = new SchemaRegistryClient(registry.url());
        assertThat(fresh.lookup("requests-key", TaskRequest.getClassSchema())).isPositive();
        assertThatThrownBy(() -> fresh.lookup("requests-value", TaskRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void unknownMagicByteIsRejectedAsNotConfluentWireFormat() {
        byte[] bytes = taskRequests().serializer().serialize("requests", Records.taskRequest("t"));
        bytes[0] = 1;

        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("unknown magic byte 0x01: not Confluent wire format (topic requests)");
    }

    @Test
    void plainJsonIsRejectedAsNotConfluentWireFormat() {
        byte[] json = "{\"task_id\":\"t\"}".getBytes();

        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("unknown magic byte 0x7B: not Confluent wire format (topic requests)");
    }

    @Test
    void truncatedPayloadFailsNamingTopicAndSchemaId() {
        byte[] bytes = taskRequests().serializer().serialize("requests", Records.taskRequest("t"));
        int id = client.lookup("requests-value", TaskRequest.getClassSchema());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);

        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic requests")
                .hasMessageContaining("schema id " + id);
    }

    @Test
    void payloadShorterThanTheHeaderIsRejected() {
        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes from topic requests is too short");
        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0 bytes");
    }

    @Test
    void trailingBytesAfterTheRecordAreRejected() {
        byte[] bytes = taskRequests().serializer().serialize("requests", Records.taskRequest("t"));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("left over")
                .hasMessageContaining("topic requests");
    }

    @Test
    void unknownSchemaIdFailsWithARegistryExceptionNamingIdRegistryAndTopic() {
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};

        assertThatThrownBy(() -> taskRequests().deserializer().deserialize("requests", bytes))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("schema id 12345 not found in registry " + registry.url() + " (topic requests)")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
    }

    @Test
    void configureRequiresTheRegistryUrlAndNamesTheKey() {
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);

        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> serde.serializer().serialize("requests", Records.taskRequest("t")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void configuredByUrlTheSerdeWorksAndSharesOneClientPerUrl() {
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);
        serde.configure(Map.of("schema.registry.url", registry.url() + "/"), false);
        TaskRequest request = Records.taskRequest("t");

        TaskRequest read = serde.deserializer().deserialize("requests", serde.serializer().serialize("requests", request));

        assertThat(read).isEqualTo(request);
        assertThat(SchemaRegistryClient.shared(registry.url())).isSameAs(SchemaRegistryClient.shared(registry.url() + "/"));
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaFailsAndARegisteredOneIsUsed() {
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);
        serde.configure(Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serde.serializer().serialize("requests", Records.taskRequest("t")))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject 'requests-value'");
        int id = registry.registerDirectly("requests-value", TaskRequest.getClassSchema().toString());
        byte[] bytes = serde.serializer().serialize("requests", Records.taskRequest("t"));

        assertThat(bytes[4]).isEqualTo((byte) id);
        assertThat(registry.registrations).hasValue(0);
    }

    @Test
    void malformedAutoRegisterValueIsAConfigError() {
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class);

        assertThatThrownBy(() -> serde.configure(Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "maybe"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void recordMissingARequiredFieldFailsToSerializeNamingTopic() {
        TaskRequest broken = Records.taskRequest("t");
        broken.setTaskId(null);

        assertThatThrownBy(() -> taskRequests().serializer().serialize("requests", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("TaskRequest for topic requests");
    }

    @Test
    void serdeMakesAvroTrustGeneratedClassesEvenWithoutTheSystemProperty() {
        ClassSecurityValidator.ClassSecurityPredicate original = ClassSecurityValidator.getGlobal();
        try {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
            assertThatThrownBy(() -> ClassSecurityValidator.validate(StepResult.class)).isInstanceOf(SecurityException.class);

            new TaskerAvroSerde<>(StepResult.class, client, false);

            ClassSecurityValidator.validate(StepResult.class);
            ClassSecurityValidator.validate(io.tasker.avro.StepOutcome.class);
        } finally {
            ClassSecurityValidator.setGlobal(original);
        }
    }
}
