package io.tasker.topology.internal;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.Optional;

/**
 * The template a running task follows. A task is pinned to the version it started with; if that version is gone
 * from the templates topic, or was registered again with a different definition (templates are immutable per
 * version, runners refuse to do that, but a record produced by hand can), the task cannot safely advance and is
 * put in error with a reason that says so.
 */
final class TaskTemplates {
    /** Either the entry, or why the task cannot use its template. */
    record Lookup(TemplateCatalog.Entry entry, String problem) {
        boolean found() {
            return entry != null;
        }
    }

    private TaskTemplates() {
    }

    /** @throws io.tasker.topology.RegistryUnavailableException when the registry cannot be asked (never "missing") */
    static Lookup of(TemplateCatalog catalog, ReadOnlyKeyValueStore<String, byte[]> templates, TaskRecord task) {
        Optional<TemplateCatalog.Entry> entry = catalog.find(templates, task.namespace(), task.templateName(), task.templateVersion());
        if (entry.isEmpty()) {
            return new Lookup(null, "template " + task.templateKey() + " is no longer registered");
        }
        if (task.templateDigest() != null && !task.templateDigest().equals(entry.get().digest())) {
            return new Lookup(null, "template " + task.templateKey() + " was registered again with a different definition"
                    + " while this task ran; templates are immutable per version (register a new version instead)");
        }
        return new Lookup(entry.get(), null);
    }
}
