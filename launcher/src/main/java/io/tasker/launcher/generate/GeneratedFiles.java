package io.tasker.launcher.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes generated files under a directory, never overwriting an existing file unless forced. */
public final class GeneratedFiles {
    /** What happened to one file. */
    public enum Action { WROTE, OVERWROTE, KEPT_EXISTING }

    /** One written (or kept) file, its path resolved against the target directory. */
    public record Written(Path path, Action action) {
    }

    private GeneratedFiles() {
    }

    /**
     * Writes {@code files} under {@code dir} (created if needed). Checks every file first, so nothing is written
     * when one would be overwritten: existing files are replaced only with {@code force}; a file marked
     * {@link GeneratedFile#onlyIfAbsent()} is kept as it is, even with {@code force}.
     *
     * @throws GeneratorException naming every file that exists, when not forced
     */
    public static List<Written> write(Path dir, List<GeneratedFile> files, boolean force) {
        List<Path> clashes = new ArrayList<>();
        for (GeneratedFile f : files) {
            Path target = dir.resolve(f.path());
            if (Files.exists(target) && !f.onlyIfAbsent() && !force) {
                clashes.add(target);
            }
        }
        if (!clashes.isEmpty()) {
            throw new GeneratorException("refusing to overwrite " + String.join(", ",
                    clashes.stream().map(Path::toString).toList()) + " (use --force to replace)");
        }
        List<Written> out = new ArrayList<>();
        try {
            for (GeneratedFile f : files) {
                Path target = dir.resolve(f.path());
                boolean exists = Files.exists(target);
                if (exists && f.onlyIfAbsent()) {
                    out.add(new Written(target, Action.KEPT_EXISTING));
                    continue;
                }
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.writeString(target, f.content());
                out.add(new Written(target, exists ? Action.OVERWROTE : Action.WROTE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
