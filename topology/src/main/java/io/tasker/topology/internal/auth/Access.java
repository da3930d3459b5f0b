package io.tasker.topology.internal.auth;

import io.javalin.security.RouteRole;

/** What a route asks of its caller; every route has exactly one, from {@link AccessRules}. */
public enum Access implements RouteRole {
    /** No token: health probes. */
    PUBLIC,
    /** {@code /metrics}: no token with {@code http.auth.metrics=open}, else like {@link #READ_ALL}. */
    METRICS,
    /** {@code tasks:read}; the route shows only the caller's namespaces (a task outside them is a 404). */
    READ,
    /**
     * {@code tasks:read}, or {@code tasks:submit} for the existence check a submission with a chosen {@code task_id}
     * makes on the task's owner ({@link AuthFilter#EXISTENCE_CHECK_HEADER}), which answers only id and idempotency key.
     */
    READ_TASK,
    /** {@code tasks:read} over every namespace (process-wide numbers that cannot be split by namespace). */
    READ_ALL,
    /** {@code tasks:submit}; a namespace outside the caller's is a 403. */
    SUBMIT,
    /** {@code tasks:operate}; a task outside the caller's namespaces is a 404, as for reads (its existence stays hidden). */
    OPERATE,
    /** {@code admin}. */
    ADMIN
}
