package io.tasker.topology.internal.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import io.tasker.topology.ApiScope;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Runs before every matched route ({@code beforeMatched}): authenticates the bearer token and checks the route's
 * {@link Access} scope, then attaches the {@link Caller} for the route's namespace checks. Refusals are thrown as
 * {@link AuthException}; a route without exactly one {@link Access} role is refused (fail closed).
 */
public final class AuthFilter implements Handler {
    /**
     * Marks the lookup a submission with a chosen {@code task_id} makes on the task's owner: {@code tasks:submit} is
     * enough for it, and the owner answers only the task's id and idempotency key.
     */
    public static final String EXISTENCE_CHECK_HEADER = "X-Tasker-Existence-Check";
    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);

    private final Authenticator authenticator;
    private final java.util.function.Function<String, Set<RouteRole>> getRouteRoles;

    /**
     * @param getRouteRoles the roles of the GET route matching a path: Javalin answers HEAD from the GET route, whose
     *                      rule then applies (the HEAD request itself carries no roles)
     */
    public AuthFilter(Authenticator authenticator, java.util.function.Function<String, Set<RouteRole>> getRouteRoles) {
        this.authenticator = authenticator;
        this.getRouteRoles = getRouteRoles;
    }

    @Override
    public void handle(@NotNull Context ctx) {
        Access access = access(ctx);
        if (access == Access.PUBLIC || (access == Access.METRICS && authenticator.metricsOpen()) || !authenticator.required()) {
            Caller.UNAUTHENTICATED.attachTo(ctx);
            return;
        }
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        check(caller, access, ctx.header(EXISTENCE_CHECK_HEADER) != null);
        caller.attachTo(ctx);
    }

    /** @throws AuthException 403 naming the scope the caller lacks */
    static void check(Caller caller, Access access, boolean existenceCheck) {
        switch (access) {
            case PUBLIC -> { }
            case READ -> require(caller, ApiScope.TASKS_READ);
            case READ_TASK -> {
                if (!(existenceCheck && caller.has(ApiScope.TASKS_SUBMIT))) require(caller, ApiScope.TASKS_READ);
            }
            case METRICS, READ_ALL -> {
                require(caller, ApiScope.TASKS_READ);
                if (caller.restricted()) {
                    throw AuthException.forbidden("token '" + caller.name() + "' is limited to namespaces " + caller.namespaces()
                            + "; this route shows every namespace and needs tasks:read without a namespace limit");
                }
            }
            case SUBMIT -> require(caller, ApiScope.TASKS_SUBMIT);
            case OPERATE -> require(caller, ApiScope.TASKS_OPERATE);
            case ADMIN -> require(caller, ApiScope.ADMIN);
        }
    }

    private static void require(Caller caller, ApiScope scope) {
        if (!caller.has(scope)) {
            throw AuthException.forbidden("token '" + caller.name() + "' lacks the scope " + scope.wireName() + " this route needs");
        }
    }

    private Access access(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty() && ctx.method() == io.javalin.http.HandlerType.HEAD) roles = getRouteRoles.apply(ctx.path());
        if (roles.size() == 1 && roles.iterator().next() instanceof Access a) return a;
        log.error("HTTP {} {} has no single access rule ({}); refused", ctx.method(), ctx.path(), roles);
        throw AuthException.forbidden("this route has no access rule");
    }
}
