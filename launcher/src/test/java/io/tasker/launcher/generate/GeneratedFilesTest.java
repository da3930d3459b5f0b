package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFilesTest {
    @TempDir
    Path dir;

    final GeneratedFile a = GeneratedFile.of("src/A.java", "new a");
    final GeneratedFile b = GeneratedFile.of("b.yaml", "new b");
    final GeneratedFile pom = GeneratedFile.of("pom.xml", "new pom").withOnlyIfAbsent();

    @Test
    void writesEveryFileCreatingDirectories() throws Exception {
        assertThat(GeneratedFiles.write(dir, List.of(pom, a, b), false)).extracting(GeneratedFiles.Written::action)
                .containsOnly(GeneratedFiles.Action.WROTE);
        assertThat(Files.readString(dir.resolve("src/A.java"))).isEqualTo("new a");
    }

    @Test
    void refusesToOverwriteNamingEveryExistingFileAndWritesNothing() throws Exception {
        Files.writeString(dir.resolve("b.yaml"), "mine");
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/A.java"), "mine too");
        assertThatThrownBy(() -> GeneratedFiles.write(dir, List.of(pom, a, b), false))
                .isInstanceOf(GeneratorException.class)
                .hasMessage("refusing to overwrite " + dir.resolve("src/A.java") + ", " + dir.resolve("b.yaml")
                        + " (use --force to replace)");
        assertThat(Files.readString(dir.resolve("b.yaml"))).isEqualTo("mine");
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void replacesWithForceButNeverAnExistingPom() throws Exception {
        Files.writeString(dir.resolve("b.yaml"), "mine");
        Files.writeString(dir.resolve("pom.xml"), "my pom");
        assertThat(GeneratedFiles.write(dir, List.of(pom, b), true)).extracting(GeneratedFiles.Written::action)
                .containsExactly(GeneratedFiles.Action.KEPT_EXISTING, GeneratedFiles.Action.OVERWROTE);
        assertThat(Files.readString(dir.resolve("b.yaml"))).isEqualTo("new b");
        assertThat(Files.readString(dir.resolve("pom.xml"))).isEqualTo("my pom");
    }

    @Test
    void anExistingPomIsKeptWithoutForceToo() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "my pom");
        GeneratedFiles.write(dir, List.of(pom, a), false);
        assertThat(Files.readString(dir.resolve("pom.xml"))).isEqualTo("my pom");
    }
}
