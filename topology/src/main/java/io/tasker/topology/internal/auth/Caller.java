package io.tasker.topology.internal.auth;

import io.javalin.http.Context;
import io.tasker.topology.ApiScope;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who made a request, as its bearer token says: a name for logs and errors, scopes, and the namespaces it may see
 * (null = every namespace). {@link #authorization()} is the request's {@code Authorization} header, passed on when a
 * query is forwarded to another instance so that instance checks the same caller.
 */
public record Caller(String name, Set<ApiScope> scopes, Set<String> namespaces, String authorization) {
    /** With authentication off: everything is allowed. */
    public static final Caller UNAUTHENTICATED = new Caller("anonymous", EnumSet.allOf(ApiScope.class), null, null);
    private static final String ATTRIBUTE = "tasker.caller";

    public Caller {
        scopes = scopes.isEmpty() ? EnumSet.noneOf(ApiScope.class) : EnumSet.copyOf(scopes);
        namespaces = namespaces == null ? null : Set.copyOf(namespaces);
    }

    /** The caller the filter attached to this request ({@link #UNAUTHENTICATED} when there is none). */
    public static Caller of(Context ctx) {
        Caller c = ctx.attribute(ATTRIBUTE);
        return c == null ? UNAUTHENTICATED : c;
    }

    void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    Caller withAuthorization(String header) {
        return new Caller(name, scopes, namespaces, header);
    }

    /** {@code admin} has every scope, {@code tasks:operate} includes {@code tasks:read}. */
    public boolean has(ApiScope scope) {
        return scopes.contains(ApiScope.ADMIN) || scopes.contains(scope)
                || (scope == ApiScope.TASKS_READ && scopes.contains(ApiScope.TASKS_OPERATE));
    }

    /** Whether the caller may see or act in {@code namespace}. */
    public boolean allows(String namespace) {
        return namespaces == null || namespaces.contains(namespace);
    }

    /** Whether some namespaces are out of the caller's reach (listings must then be filtered). */
    public boolean restricted() {
        return namespaces != null;
    }
}
