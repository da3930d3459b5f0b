package io.tasker.launcher.generate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file a generator produces.
 *
 * @param path      relative to the target directory
 * @param content   the text, lines ending with {@code \n}
 * @param onlyIfAbsent true for files written only when none exists (the {@code pom.xml}), even with {@code --force}
 */
public record GeneratedFile(Path path, String content, boolean onlyIfAbsent) {
    public GeneratedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (path.isAbsolute()) {
            throw new IllegalArgumentException("generated paths are relative, was " + path);
        }
    }

    public static GeneratedFile of(String path, String content) {
        return new GeneratedFile(Path.of(path), content, false);
    }

    /** This file, written only when none exists. */
    public GeneratedFile withOnlyIfAbsent() {
        return new GeneratedFile(path, content, true);
    }
}
