package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated Java sources against the test classpath (which has the SDK, the runner and JUnit). */
final class JavaSources {
    private JavaSources() {
    }

    /** Writes {@code files} under {@code dir} and compiles every .java among them; fails with javac's output. */
    static void assertCompile(Path dir, List<GeneratedFile> files) throws IOException {
        List<String> sources = new ArrayList<>();
        for (GeneratedFile f : files) {
            Path p = dir.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.content());
            if (p.toString().endsWith(".java")) {
                sources.add(p.toString());
            }
        }
        List<String> options = List.of("-d", dir.resolve("classes").toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none", "-Werror", "-Xlint:all,-processing,-path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(out, fm, null, options, null, fm.getJavaFileObjectsFromStrings(sources)).call();
            assertThat(ok).as("javac:%n%s", out).isTrue();
        }
    }
}
