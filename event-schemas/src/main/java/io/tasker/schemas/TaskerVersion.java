package io.tasker.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Tasker version this code was built as (the Maven project version), e.g. {@code 0.1.0-SNAPSHOT}. */
public final class TaskerVersion {
    private static final String VERSION = load();

    private TaskerVersion() {
    }

    /** The version, or {@code unknown} when the build did not record it. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = TaskerVersion.class.getResourceAsStream("tasker-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
