package io.tasker.schemas;

import io.tasker.avro.TaskRequest;
import io.tasker.infra.Ports;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaRegistryClientTest {
    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registeredSchemaIsCachedAndReadBackWithoutAnotherRequest() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

        int id = client.register("s-value", TaskRequest.getClassSchema());

        assertThat(client.register("s-value", TaskRequest.getClassSchema())).isEqualTo(id);
        assertThat(client.schemaById(id)).isSameAs(TaskRequest.getClassSchema());
        assertThat(registry.registrations).hasValue(1);
        assertThat(registry.fetches).hasValue(0);
    }

    @Test
    void schemaFetchedByIdEqualsTheRegisteredOne() {
        int id = new SchemaRegistryClient(registry.url()).register("s-value", TaskRequest.getClassSchema());

        assertThat(new SchemaRegistryClient(registry.url()).schemaById(id)).isEqualTo(TaskRequest.getClassSchema());
    }

    @Test
    void unreachableRegistryIsReportedAsUnreachableWithItsUrl() {
        String url = "http://127.0.0.1:" + Ports.free();
        SchemaRegistryClient client = new SchemaRegistryClient(url, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.register("s-value", TaskRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("schema registry at " + url + " is unreachable: ")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(SchemaRegistryException.NO_RESPONSE));
    }

    @Test
    void conflictIsReportedAsIncompatibleNamingTheSubjectAndQuotingTheRegistry() {
        registry.failWith(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

        assertThatThrownBy(() -> client.register("orders-value", TaskRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("schema for subject 'orders-value' is incompatible with the registered versions: "
                        + "Schema being registered is incompatible with an earlier schema")
                .satisfies(e -> {
                    assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409);
                    assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409);
                });
    }

    @Test
    void errorWithoutJsonBodyQuotesTheBodyAndStatus() {
        registry.failWith(500, "Internal trouble");
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("schema registry at " + registry.url() + " answered GET /schemas/ids/7 with HTTP 500: Internal trouble")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE));
    }

    @Test
    void nonAvroSchemaIsRefused() {
        registry.failWith(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url()).schemaById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 3")
                .hasMessageContaining("PROTOBUF");
    }

    @Test
    void subjectWithCharactersNeedingEscapesIsEncodedInThePath() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

        int id = client.register("team a/orders-value", TaskRequest.getClassSchema());

        assertThat(new SchemaRegistryClient(registry.url()).lookup("team a/orders-value", TaskRequest.getClassSchema())).isEqualTo(id);
    }

    @Test
    void urlMustBeAbsoluteHttp() {
        assertThatThrownBy(() -> new SchemaRegistryClient("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
    }
}
