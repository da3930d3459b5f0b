package io.tasker.templates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.RecordingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compiler itself never loads another document, whatever the schema says. */
class SchemaSupportTest {

    @TempDir
    Path dir;

    private static JsonNode json(String s) throws Exception {
        return Mappers.JSON.readTree(s);
    }

    @Test
    void compilingARemoteRefThrowsWithoutSendingARequest() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            for (String schema : new String[] {
                    "{\"$ref\":\"" + server.url("/root.json") + "\"}",
                    "{\"properties\":{\"a\":{\"$ref\":\"" + server.url("/nested.json") + "\"}}}",
                    "{\"allOf\":[{\"$dynamicRef\":\"" + server.url("/dynamic.json") + "\"}]}",
                    "{\"$id\":\"" + server.url("/base/") + "\",\"$ref\":\"relative.json\"}",
                    "{\"properties\":{\"a\":{\"$schema\":\"" + server.url("/meta") + "\"}}}"}) {
                assertThatThrownBy(() -> SchemaSupport.compile(json(schema))).as(schema)
                        .hasMessageContaining("refusing to load schema")
                        .hasMessageContaining("only local references (#...) are allowed");
            }
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void compilingAFileRefThrowsEvenWhenTheFileIsAValidSchema() throws Exception {
        Path file = Files.writeString(dir.resolve("address.json"), "{\"type\":\"object\"}");
        String uri = file.toUri().toString();
        assertThatThrownBy(() -> SchemaSupport.compile(json("{\"$ref\":\"" + uri + "\"}")))
                .hasMessage("refusing to load schema '" + uri + "': only local references (#...) are allowed");
    }

    @Test
    void refusesClasspathResourcesOtherThanTheBundledMetaSchemas() {
        assertThatThrownBy(() -> SchemaSupport.compile(json("{\"$ref\":\"classpath:logback-test.xml\"}")))
                .hasMessageContaining("refusing to load schema 'classpath:logback-test.xml'");
        assertThatThrownBy(() -> SchemaSupport.compile(json("{\"$ref\":\"https://json-schema.org/logback-test.xml\"}")))
                .hasMessageContaining("refusing to load schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema"})
    void everyStandardDraftStillMetaValidatesAndCompilesOffline(String draft) throws Exception {
        JsonNode schema = json("{\"$schema\":\"" + draft + "\",\"type\":\"object\",\"properties\":{\"n\":"
                + "{\"$ref\":\"#/definitions/n\"}},\"definitions\":{\"n\":{\"type\":\"integer\"}}}");
        assertThat(SchemaSupport.problems(schema)).isEmpty();
        assertThat(SchemaSupport.messages(SchemaSupport.compile(schema).validate(json("{\"n\":\"x\"}")))).hasSize(1);
        assertThat(SchemaSupport.problems(json("{\"$schema\":\"" + draft + "\",\"type\":\"strin\"}"))).isNotEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"https://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft-07/schema#"})
    void knowsTheRedactionKeywordWithoutWarningAndStillValidates(String draft) throws Exception {
        ch.qos.logback.classic.Logger networknt = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.networknt");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        networknt.addAppender(logs);
        try {
            var schema = SchemaSupport.compile(json("{\"$schema\":\"" + draft + "\",\"type\":\"object\",\"required\":[\"pin\"],"
                    + "\"properties\":{\"pin\":{\"type\":\"string\",\"x-sensitive\":true}}}"));
            assertThat(schema.validate(json("{\"pin\":\"1234\"}"))).isEmpty();
            assertThat(schema.validate(json("{}"))).hasSize(1);
        } finally {
            networknt.detachAppender(logs);
        }
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("x-sensitive"));
    }
}
