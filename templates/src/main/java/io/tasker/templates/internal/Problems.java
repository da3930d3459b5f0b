package io.tasker.templates.internal;

import java.util.ArrayList;
import java.util.List;

/** Collects validation errors for one source so that all of them can be reported together. */
final class Problems {

    /** {@code detail} is the message without the source prefix, used to de-duplicate across environments. */
    record Problem(String detail, String full) {
    }

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void error(String path, String message) {
        String detail = path == null || path.isEmpty() ? message : path + ": " + message;
        problems.add(new Problem(detail, source + ": " + detail));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<Problem> list() {
        return problems;
    }
}
