package io.tasker.schemas;

import io.tasker.avro.TaskRequest;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract must stay readable across one version step in both directions: new readers read old
 * records (defaults fill new fields) and old readers read new records (new fields are skipped).
 */
class SchemaEvolutionTest {
    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    static Schema previous(String resource) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/avro-previous/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    static byte[] confluentBytes(int schemaId, Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static GenericRecord v1TaskRequest(Schema v1) {
        GenericRecord record = new GenericData.Record(v1);
        record.put("task_id", "t-old");
        record.put("namespace", "payments");
        record.put("template_name", "refund");
        record.put("template_version", null);
        record.put("context_json", "{}");
        record.put("requested_at", Records.NOW.toEpochMilli());
        record.put("correlation_id", "corr-old");
        return record;
    }

    @Test
    void taskRequestWrittenWithV1IsReadByTheCurrentClassWithDefaultsApplied() throws IOException {
        Schema v1 = previous("TaskRequest-v1.avsc");
        int v1Id = registry.registerDirectly("requests-value", v1.toString());
        byte[] bytes = confluentBytes(v1Id, v1, v1TaskRequest(v1));
        TaskerAvroSerde<TaskRequest> serde = new TaskerAvroSerde<>(TaskRequest.class, new SchemaRegistryClient(registry.url()), false);

        TaskRequest read = serde.deserializer().deserialize("requests", bytes);

        assertThat(read.getTaskId()).isEqualTo("t-old");
        assertThat(read.getRequestedAt()).isEqualTo(Records.NOW);
        assertThat(read.getCorrelationId()).isEqualTo("corr-old");
        assertThat(read.getTemplateVersion()).isNull();
        assertThat(read.getIdempotencyKey()).isNull();
        assertThat(read.getInitiator()).isNull();
        assertThat(read.getTags()).isEqualTo(Map.of());
    }

    @Test
    void stepResultFromARunnerBeforeDomainEventsIsReadWithNoEvents() throws IOException {
        Schema v1 = previous("StepResult-v1.avsc");
        int v1Id = registry.registerDirectly("results-value", v1.toString());
        GenericData.Record record = new GenericData.Record(v1);
        record.put("task_id", "t-old");
        record.put("step_name", "s");
        record.put("attempt", 2);
        record.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "SUCCESS"));
        record.put("result_json", "{}");
        record.put("started_at", Records.NOW.toEpochMilli());
        record.put("finished_at", Records.NOW.toEpochMilli());
        TaskerAvroSerde<io.tasker.avro.StepResult> serde = new TaskerAvroSerde<>(io.tasker.avro.StepResult.class, new SchemaRegistryClient(registry.url()), false);

        io.tasker.avro.StepResult read = serde.deserializer().deserialize("results", confluentBytes(v1Id, v1, record));

        assertThat(read.getAttempt()).isEqualTo(2);
        assertThat(read.getEvents()).isEmpty();
    }

    @Test
    void inProgressReportIsReadAsUnknownByAReaderThatPredatesIt() throws IOException {
        Schema v2 = previous("StepResult-v2.avsc");
        io.tasker.avro.StepResult report = io.tasker.avro.StepResult.newBuilder().setTaskId("t-new").setStepName("s")
                .setAttempt(1).setStatus(io.tasker.avro.StepOutcome.IN_PROGRESS).setRunnerId("r")
                .setStartedAt(Records.NOW).setFinishedAt(Records.NOW).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<io.tasker.avro.StepResult>(io.tasker.avro.StepResult.class)
                .write(report, encoder);
        encoder.flush();

        GenericRecord read = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(
                io.tasker.avro.StepResult.getClassSchema(), v2)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read.get("status").toString()).as("the enum default of StepOutcome").isEqualTo("UNKNOWN");
        assertThat(read.get("attempt")).isEqualTo(1);
    }

    @Test
    void stepResultWrittenBeforeInProgressIsReadByTheCurrentClass() throws IOException {
        Schema v2 = previous("StepResult-v2.avsc");
        int v2Id = registry.registerDirectly("results-value", v2.toString());
        GenericData.Record record = new GenericData.Record(v2);
        record.put("task_id", "t-old");
        record.put("step_name", "s");
        record.put("attempt", 1);
        record.put("status", new GenericData.EnumSymbol(v2.getField("status").schema(), "FAILURE"));
        record.put("started_at", Records.NOW.toEpochMilli());
        record.put("finished_at", Records.NOW.toEpochMilli());
        record.put("events", List.of());
        TaskerAvroSerde<io.tasker.avro.StepResult> serde = new TaskerAvroSerde<>(io.tasker.avro.StepResult.class, new SchemaRegistryClient(registry.url()), false);

        io.tasker.avro.StepResult read = serde.deserializer().deserialize("results", confluentBytes(v2Id, v2, record));

        assertThat(read.getStatus()).isEqualTo(io.tasker.avro.StepOutcome.FAILURE);
    }

    @Test
    void everySchemaIsCompatibleBothWaysWithItsPreviousVersion() throws IOException, URISyntaxException {
        URL dir = SchemaEvolutionTest.class.getResource("/avro-previous");
        assertThat(dir).isNotNull();
        List<Path> previousVersions;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            previousVersions = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(previousVersions).isNotEmpty();

        for (Path file : previousVersions) {
            Schema old = previous(file.getFileName().toString());
            Schema current = currentSchema(old.getFullName());

            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
                    .as("current %s reads records written with %s", old.getFullName(), file.getFileName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
                    .as("%s reads records written with the current %s", file.getFileName(), old.getFullName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static Schema currentSchema(String fullName) {
        try {
            return SpecificData.get().getSchema(Class.forName(fullName));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("a previous version exists for " + fullName + " but no generated class does", e);
        }
    }
}
