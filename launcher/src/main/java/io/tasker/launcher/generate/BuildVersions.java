package io.tasker.launcher.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions a generated {@code pom.xml} uses: those this Tasker was built with, filtered by the build from the
 * parent pom into {@code versions.properties} (versions live only in the parent pom).
 */
public record BuildVersions(String tasker, String junit, String javaRelease, String compilerPlugin, String surefire,
        String resourcesPlugin) {
    private static final String RESOURCE = "versions.properties";

    /** @throws IllegalStateException if the resource is missing or was not filtered (a build problem) */
    public static BuildVersions current() {
        Properties p = new Properties();
        try (InputStream in = BuildVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the launcher's classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildVersions(get(p, "tasker.version"), get(p, "junit.version"), get(p, "java.release"),
                get(p, "compiler-plugin.version"), get(p, "surefire.version"), get(p, "resources-plugin.version"));
    }

    private static String get(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException(RESOURCE + ": " + key + " was not filled in by the build (" + v + ")");
        }
        return v.trim();
    }
}
