package io.tasker.templates.internal;

import static io.tasker.templates.internal.Fields.bool;
import static io.tasker.templates.internal.Fields.checkKeys;
import static io.tasker.templates.internal.Fields.enumValue;
import static io.tasker.templates.internal.Fields.decimal;
import static io.tasker.templates.internal.Fields.integer;
import static io.tasker.templates.internal.Fields.kind;
import static io.tasker.templates.internal.Fields.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.templates.Backoff;
import io.tasker.templates.RetryPolicy;
import io.tasker.templates.TemplateLimits;
import java.util.List;

/** Reads a step's {@code retry:} mapping into a {@link RetryPolicy}, filling in the documented defaults. */
final class RetryReader {

    static final List<String> RETRY_KEYS = List.of("max_attempts", "retryable", "backoff", "backoff_base_ms",
            "max_backoff_ms", "jitter");

    private RetryReader() {
    }

    /** The policy; {@link RetryPolicy#defaults()} when absent or when any field is bad (problems recorded). */
    static RetryPolicy read(JsonNode n, String path, Problems p) {
        if (!present(n)) {
            return RetryPolicy.defaults();
        }
        if (!n.isObject()) {
            p.error(path, "must be a mapping, was " + kind(n));
            return RetryPolicy.defaults();
        }
        checkKeys(n, path, RETRY_KEYS, p);
        int before = p.size();
        Long maxAttempts = integer(n.get("max_attempts"), path + ".max_attempts", TemplateLimits.MAX_ATTEMPTS, p);
        Boolean retryable = bool(n.get("retryable"), path + ".retryable", p);
        Backoff backoff = enumValue(n.get("backoff"), path + ".backoff", Backoff.class, Backoff.EXPONENTIAL, p);
        Long base = integer(n.get("backoff_base_ms"), path + ".backoff_base_ms", TemplateLimits.BACKOFF_MS, p);
        Long max = integer(n.get("max_backoff_ms"), path + ".max_backoff_ms", TemplateLimits.BACKOFF_MS, p);
        long baseMs = base == null ? RetryPolicy.DEFAULT_BACKOFF_BASE_MS : base;
        // an omitted maximum must not make a large explicit base invalid
        long maxMs = max == null ? Math.max(RetryPolicy.DEFAULT_MAX_BACKOFF_MS, baseMs) : max;
        if (max != null && max < baseMs) {
            p.error(path + ".max_backoff_ms", "must be >= backoff_base_ms (" + baseMs + "), was " + max);
        }
        Double jitter = decimal(n.get("jitter"), path + ".jitter", TemplateLimits.JITTER_MIN,
                TemplateLimits.JITTER_MAX, p);
        if (p.size() != before) {
            return RetryPolicy.defaults();
        }
        return new RetryPolicy(maxAttempts == null ? RetryPolicy.DEFAULT_MAX_ATTEMPTS : maxAttempts.intValue(),
                retryable == null || retryable, backoff, baseMs, maxMs,
                jitter == null ? RetryPolicy.DEFAULT_JITTER : jitter);
    }
}
