package io.tasker.schemas;

import io.tasker.avro.ComponentKind;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ids of the components that announce themselves on the registry topic: unique per running instance, so two
 * components never overwrite each other's entry. A process id is unique on its host; {@link #claim} also keeps two
 * instances in one JVM (tests, embedded set-ups) apart by appending {@code #2}, {@code #3}, ...
 */
public final class ComponentIds {
    private static final Set<String> IN_USE = ConcurrentHashMap.newKeySet();

    private ComponentIds() {
    }

    /** {@code base}, or {@code base#2}, {@code base#3}, ...: the first that no other component of this kind in this JVM holds. */
    public static String claim(ComponentKind kind, String base) {
        for (int n = 1; ; n++) {
            String id = n == 1 ? base : base + "#" + n;
            if (IN_USE.add(RegistryTopic.key(kind, id))) return id;
        }
    }

    /** Gives a claimed id back (on close), so a restarted component in the same JVM gets it again. */
    public static void release(ComponentKind kind, String id) {
        IN_USE.remove(RegistryTopic.key(kind, id));
    }

    /** This host's name: {@code HOSTNAME}, {@code COMPUTERNAME} or the local host name; {@code localhost} if none is known. */
    public static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) host = System.getenv("COMPUTERNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return host;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
