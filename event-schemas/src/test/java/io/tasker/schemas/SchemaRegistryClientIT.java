package io.tasker.schemas;

import io.tasker.avro.StepResult;
import io.tasker.avro.TaskRequest;
import io.tasker.infra.Ports;
import io.tasker.infra.testkit.SharedTestCluster;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real Apicurio registry through its Confluent-compatible API. */
class SchemaRegistryClientIT {
    private final String url = SharedTestCluster.schemaRegistryUrl();

    private static Schema v1() {
        return SchemaBuilder.record("Thing").namespace("io.tasker.test").fields()
                .requiredString("id")
                .endRecord();
    }

    @Test
    void theStartUpCheckPassesAgainstTheRealRegistryWithoutAWarning() {
        ch.qos.logback.classic.Logger clientLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(SchemaRegistryClient.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        clientLog.addAppender(lines);
        try {
            new SchemaRegistryClient(url).checkAccess();
        } finally {
            clientLog.detachAppender(lines);
        }
        assertThat(lines.list).noneMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void registeredSchemaIsReadBackByIdUnchanged() {
        String subject = SharedTestCluster.unique("readback") + "-value";

        int requestId = new SchemaRegistryClient(url).register(subject, TaskRequest.getClassSchema());
        int resultId = new SchemaRegistryClient(url).register(SharedTestCluster.unique("readback") + "-value", StepResult.getClassSchema());

        // Fresh clients: nothing cached, so these really come from the registry.
        assertThat(new SchemaRegistryClient(url).schemaById(requestId)).isEqualTo(TaskRequest.getClassSchema());
        assertThat(new SchemaRegistryClient(url).schemaById(resultId)).isEqualTo(StepResult.getClassSchema());
    }

    @Test
    void registeringTheSameSchemaTwiceReturnsTheSameId() {
        String subject = SharedTestCluster.unique("twice") + "-value";

        int first = new SchemaRegistryClient(url).register(subject, TaskRequest.getClassSchema());
        int second = new SchemaRegistryClient(url).register(subject, TaskRequest.getClassSchema());

        assertThat(second).isEqualTo(first);
        assertThat(new SchemaRegistryClient(url).lookup(subject, TaskRequest.getClassSchema())).isEqualTo(first);
    }

    @Test
    void lookupOfAnUnregisteredSchemaFailsWith404() {
        String subject = SharedTestCluster.unique("lookup") + "-value";
        SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.register(subject, v1());

        assertThatThrownBy(() -> client.lookup(subject, TaskRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject '" + subject + "'")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> client.lookup(subject + "-missing", v1()))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
    }

    @Test
    void addingARequiredFieldUnderBackwardCompatibilityIsRejectedAsIncompatible() {
        String subject = SharedTestCluster.unique("compat") + "-value";
        SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.setCompatibility(subject, "BACKWARD");
        client.register(subject, v1());
        Schema addsRequired = SchemaBuilder.record("Thing").namespace("io.tasker.test").fields()
                .requiredString("id").requiredInt("size").endRecord();
        Schema addsOptional = SchemaBuilder.record("Thing").namespace("io.tasker.test").fields()
                .requiredString("id").name("size").type().intType().intDefault(0).endRecord();

        assertThat(client.isCompatible(subject, addsRequired)).isFalse();
        assertThat(client.isCompatible(subject, addsOptional)).isTrue();
        assertThatThrownBy(() -> client.register(subject, addsRequired))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("'" + subject + "'")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
        assertThat(client.register(subject, addsOptional)).isPositive();
    }

    @Test
    void changingAFieldTypeUnderBackwardCompatibilityIsRejectedAsIncompatible() {
        String subject = SharedTestCluster.unique("typechange") + "-value";
        SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.setCompatibility(subject, "BACKWARD");
        client.register(subject, v1());
        Schema idIsInt = SchemaBuilder.record("Thing").namespace("io.tasker.test").fields().requiredInt("id").endRecord();

        assertThatThrownBy(() -> client.register(subject, idIsInt))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema for subject '" + subject + "' is incompatible with the registered versions: ");
    }

    @Test
    void subjectWithoutVersionsAcceptsAnySchema() {
        assertThat(new SchemaRegistryClient(url).isCompatible(SharedTestCluster.unique("empty") + "-value", v1())).isTrue();
    }

    @Test
    void unknownSchemaIdIsReportedAsNotFound() {
        assertThatThrownBy(() -> new SchemaRegistryClient(url).schemaById(987_654))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("schema id 987654 not found in registry " + url);
    }

    @Test
    void registryOnAClosedPortIsReportedAsUnreachable() {
        String closed = "http://127.0.0.1:" + Ports.free() + "/apis/ccompat/v7";

        assertThatThrownBy(() -> new SchemaRegistryClient(closed, Duration.ofSeconds(2)).register("x-value", v1()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry at " + closed + " is unreachable: ");
    }
}
