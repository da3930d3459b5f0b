package io.tasker.launcher.cli;

import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
import io.tasker.templates.TaskTemplate;
import io.tasker.templates.TemplateJson;
import io.tasker.templates.TemplateLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesCommandTest {
    private static final String VALID = "name: x\nnamespace: n\nversion: 1.0.0\nsteps:\n  - name: a\n    handler: h.a\n";

    @TempDir
    Path dir;

    @Test
    void validatePrintsOkPerTemplate() throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), VALID);
        Path sub = Files.createDirectory(dir.resolve("more"));
        Files.writeString(sub.resolve("y.yml"), VALID.replace("name: x", "name: y") + "  - name: b\n    handler: h.b\n    depends_on: [a]\n");

        Result r = FakeApi.run("templates", "validate", file.toString(), sub.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK n/x/1.0.0 (1 step)" + System.lineSeparator() + "OK n/y/1.0.0 (2 steps)" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateReportsAnEventDeclaredWithDifferentSchemasInTwoFilesGivenTogether() throws IOException {
        String event = "    publishes_events: [{ name: order.created, schema: { type: object%s } }]\n";
        Path a = Files.writeString(dir.resolve("a.yaml"), VALID + String.format(event, ""));
        Path b = Files.writeString(dir.resolve("b.yaml"), VALID.replace("name: x", "name: y") + String.format(event, ", required: [id]"));

        Result r = FakeApi.run("templates", "validate", a.toString(), b.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("event 'order.created' in namespace 'n' is declared with different schemas by n/x/1.0.0 step 'a' and n/y/1.0.0 step 'a'");
    }

    @Test
    void validateReportsEveryErrorAndExitsOne() throws IOException {
        Path good = Files.writeString(dir.resolve("a_good.yaml"), VALID);
        Path badDeps = Files.writeString(dir.resolve("b_bad.yaml"), VALID + "  - name: b\n    handler: h.b\n    depends_on: [nope]\n");
        Files.writeString(dir.resolve("c_broken.yaml"), "name: [unclosed\n");

        Result r = FakeApi.run("templates", "validate", dir.toString(), dir.resolve("missing.yaml").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(badDeps.toString(), "nope", dir.resolve("c_broken.yaml").toString(), "missing.yaml")
                .doesNotContain("at io.tasker");
        assertThat(r.out()).doesNotContain("OK"); // the directory as a whole failed to load
        assertThat(FakeApi.run("templates", "validate", good.toString()).exit()).isZero();
    }

    @Test
    void validateFailsOnDirectoryWithoutTemplates() {
        Result r = FakeApi.run("templates", "validate", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no *.yaml or *.yml templates found");
    }

    @Test
    void listPrintsTemplatesTable() throws IOException {
        try (FakeApi api = new FakeApi()) {
            api.handler = req -> Reply.of(200, """
                    [{"namespace":"shop","name":"order","version":"1.0.0","description":"Order fulfillment",
                      "steps":[{"name":"a","handler":"h.a","depends_on":[]},{"name":"b","handler":"h.b","depends_on":["a"]}]}]""");

            Result r = api.tasker("templates", "list");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(api.requests.get(0).path()).isEqualTo("/v1/templates");
            assertThat(r.out()).containsPattern("NAMESPACE +NAME +VERSION +STEPS +DESCRIPTION")
                    .containsPattern("shop +order +1\\.0\\.0 +2 +Order fulfillment");
        }
    }

    /** The answer of GET /v1/templates for these YAML texts, with the definitions the topology returns. */
    private static String registered(String... yamls) {
        StringBuilder sb = new StringBuilder("[");
        for (String yaml : yamls) {
            TaskTemplate t = new TemplateLoader(null).parse(yaml, "registered");
            if (sb.length() > 1) sb.append(',');
            sb.append("{\"namespace\":\"").append(t.namespace()).append("\",\"name\":\"").append(t.name())
                    .append("\",\"version\":\"").append(t.version()).append("\",\"steps\":[],\"definition\":")
                    .append(TemplateJson.toJson(t)).append('}');
        }
        return sb.append(']').toString();
    }

    @Test
    void validateAgainstAcceptsTheSameDefinitionAndNewVersions() throws IOException {
        Path same = Files.writeString(dir.resolve("a_same.yaml"), VALID);
        Path respelled = Files.writeString(dir.resolve("b_respelled.yaml"),
                VALID.replace("name: x", "name: z").replace("handler: h.a", "handler: {name: h.a, config: {}}"));
        Path fresh = Files.writeString(dir.resolve("c_new.yaml"), VALID.replace("version: 1.0.0", "version: 1.1.0"));
        try (FakeApi api = new FakeApi()) {
            api.handler = req -> Reply.of(200, registered(VALID, VALID.replace("name: x", "name: z")));

            Result r = FakeApi.run("templates", "validate", same.toString(), respelled.toString(), fresh.toString(),
                    "--against", api.url());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(String.join(System.lineSeparator(), "OK n/x/1.0.0 (1 step, same as registered)",
                    "OK n/z/1.0.0 (1 step, same as registered)", "OK n/x/1.1.0 (1 step, not registered yet)", ""));
            assertThat(r.err()).isEmpty();
            assertThat(api.requests).extracting(FakeApi.Request::path).containsExactly("/v1/templates");
        }
    }

    @Test
    void validateAgainstReportsARedefinedVersionWithItsChangesAndExitsOne() throws IOException {
        Path changed = Files.writeString(dir.resolve("x.yaml"), VALID.replace("handler: h.a", "handler: h.b")
                + "  - name: b\n    handler: h.b\n    depends_on: [a]\n");
        Path other = Files.writeString(dir.resolve("y.yaml"), VALID.replace("name: x", "name: y"));
        try (FakeApi api = new FakeApi()) {
            api.handler = req -> Reply.of(200, registered(VALID, VALID.replace("name: x", "name: y")));

            Result r = FakeApi.run("templates", "validate", changed.toString(), other.toString(), "--against", api.url());

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo(changed + ": version 1.0.0 of n/x is already registered with a different"
                    + " definition: step 'b' added; steps.a.handler.name: 'h.a' -> 'h.b'; bump the version"
                    + System.lineSeparator() + "1 error" + System.lineSeparator());
            assertThat(r.out()).isEqualTo("OK n/y/1.0.0 (1 step, same as registered)" + System.lineSeparator());
        }
    }

    @Test
    void validateAgainstAppliesTheEnvironmentBeforeComparing() throws IOException {
        String withEnv = VALID + "environments:\n  prod:\n    steps:\n      - name: a\n        timeout_seconds: 30\n";
        Path file = Files.writeString(dir.resolve("x.yaml"), withEnv);
        try (FakeApi api = new FakeApi()) {
            api.handler = req -> Reply.of(200, registered(VALID));

            assertThat(FakeApi.run("templates", "validate", file.toString(), "--against", api.url()).exit()).isZero();
            Result prod = FakeApi.run("templates", "validate", file.toString(), "--environment", "prod", "--against", api.url());
            assertThat(prod.exit()).isEqualTo(1);
            assertThat(prod.err()).contains("steps.a.timeout_seconds: (none) -> 30");
        }
    }

    @Test
    void validateAgainstAnOlderPlatformWithoutDefinitionsSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), VALID);
        try (FakeApi api = new FakeApi()) {
            api.handler = req -> Reply.of(200, "[{\"namespace\":\"n\",\"name\":\"x\",\"version\":\"1.0.0\",\"steps\":[]}]");

            Result r = FakeApi.run("templates", "validate", file.toString(), "--against", api.url());

            assertThat(r.exit()).isEqualTo(CliException.UNAVAILABLE);
            assertThat(r.err()).startsWith("error: Tasker at " + api.url() + " does not return template definitions");
        }
    }

    @Test
    void validateAgainstAnUnreachablePlatformStillReportsLocalErrorsAndExitsThree() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), VALID + "  - name: b\n    handler: h.b\n    depends_on: [nope]\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), VALID);
        String url;
        try (FakeApi api = new FakeApi()) {
            url = api.url();
        } // stopped: nothing listens there any more

        Result r = FakeApi.run("templates", "validate", bad.toString(), good.toString(), "--against", url);

        assertThat(r.exit()).isEqualTo(CliException.UNAVAILABLE);
        assertThat(r.err()).contains(bad.toString(), "nope").contains("error: cannot connect to Tasker at " + url);
        assertThat(FakeApi.run("templates", "validate", good.toString(), "--against", "not a url").err())
                .startsWith("error: invalid --against 'not a url'");
    }
}
