package io.tasker.launcher.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Maven local repository for building a generated project from a clean clone, without {@code mvn install}: this
 * reactor's artifacts (jars from the modules' {@code target/}, their poms, the parent pom) under {@code io/tasker},
 * and every other group linked to the user's local repository, where the reactor build already downloaded the
 * third-party artifacts and plugins. Used with {@code mvn -o -Dmaven.repo.local=...}: nothing is downloaded, and
 * nothing is written into the user's repository ({@code io/tasker} there, possibly stale, is not linked).
 *
 * <p>Maven 3.9's {@code maven.repo.local.tail} would chain two repositories instead; this works on 3.8 too.
 */
final class ReactorRepository implements AutoCloseable {
    private static final String GROUP = "io.tasker";
    /** A compile/runtime dependency on another module, as this project's poms write them (one line each). */
    private static final Pattern MODULE_DEPENDENCY = Pattern.compile(
            "<dependency><groupId>io\\.tasker</groupId><artifactId>([a-z-]+)</artifactId>(.*?)</dependency>");

    private final Path path;
    private final List<Path> links = new ArrayList<>();

    private ReactorRepository(Path path) {
        this.path = path;
    }

    /** The repository's directory, for {@code -Dmaven.repo.local}. */
    Path path() {
        return path;
    }

    /** Removes the links into the user's repository (never what they point to); the rest is the caller's. */
    @Override
    public void close() throws IOException {
        for (Path l : links) {
            Files.deleteIfExists(l);
        }
    }

    /**
     * Builds the repository at {@code repo} for {@code modules} and the modules they depend on.
     *
     * @param root     the reactor's root directory (its pom is the parent pom)
     * @param userRepo the local repository of the build running this (third-party artifacts)
     * @throws IllegalStateException when a needed module has no jar in its {@code target/} (build the reactor with
     *                               {@code -am} first)
     */
    static ReactorRepository create(Path root, Path userRepo, Path repo, String version, List<String> modules)
            throws IOException {
        ReactorRepository r = new ReactorRepository(Files.createDirectories(repo));
        try (Stream<Path> groups = Files.list(userRepo)) {
            for (Path g : groups.toList()) {
                r.link(g, repo.resolve(g.getFileName().toString()), "io");
            }
        }
        Path io = Files.createDirectories(repo.resolve("io"));
        if (Files.isDirectory(userRepo.resolve("io"))) {
            try (Stream<Path> groups = Files.list(userRepo.resolve("io"))) {
                for (Path g : groups.toList()) {
                    r.link(g, io.resolve(g.getFileName().toString()), "tasker");
                }
            }
        }
        put(repo, "tasker-parent", version, root.resolve("pom.xml"), null);
        for (String m : closure(root, modules)) {
            Path jar = root.resolve(m).resolve("target").resolve(m + "-" + version + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the reactor first (mvn -pl launcher -am verify)");
            }
            put(repo, m, version, root.resolve(m).resolve("pom.xml"), jar);
        }
        return r;
    }

    /** {@code modules} and, transitively, the modules they depend on outside test scope. */
    static Set<String> closure(Path root, List<String> modules) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(modules);
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (!seen.add(m)) {
                continue;
            }
            Matcher d = MODULE_DEPENDENCY.matcher(Files.readString(root.resolve(m).resolve("pom.xml")));
            while (d.find()) {
                if (!d.group(2).contains("<scope>test</scope>")) {
                    todo.push(d.group(1));
                }
            }
        }
        return seen;
    }

    private void link(Path target, Path link, String except) throws IOException {
        if (!target.getFileName().toString().equals(except) && Files.notExists(link)) {
            links.add(Files.createSymbolicLink(link, target));
        }
    }

    private static void put(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(GROUP.replace('.', '/')).resolve(artifact).resolve(version));
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"));
        }
    }
}
