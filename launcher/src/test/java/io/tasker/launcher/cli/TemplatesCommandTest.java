package io.tasker.launcher.cli;

import io.tasker.launcher.cli.FakeApi.Reply;
import io.tasker.launcher.cli.FakeApi.Result;
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
}
