package io.tasker.topology.internal.auth;

import io.javalin.http.HandlerType;

import java.util.List;

/**
 * The one table of who may call which route of the HTTP API. {@code HttpApi} registers every route through
 * {@link #of}, so a route missing here fails at start-up (and in the route-enumeration test) instead of being open.
 */
public final class AccessRules {
    /** One route and what it asks of its caller. */
    public record Rule(HandlerType method, String path, Access access) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(HandlerType.GET, "/health/live", Access.PUBLIC),
            new Rule(HandlerType.GET, "/health/ready", Access.PUBLIC),
            new Rule(HandlerType.GET, "/metrics", Access.METRICS),
            new Rule(HandlerType.GET, "/v1/stats", Access.READ_ALL),
            new Rule(HandlerType.GET, "/v1/tasks/{id}", Access.READ_TASK),
            new Rule(HandlerType.GET, "/v1/tasks", Access.READ),
            new Rule(HandlerType.POST, "/v1/tasks", Access.SUBMIT),
            new Rule(HandlerType.POST, "/v1/tasks/{id}/cancel", Access.OPERATE),
            new Rule(HandlerType.POST, "/v1/tasks/{id}/retry", Access.OPERATE),
            new Rule(HandlerType.POST, "/v1/tasks/{id}/steps/{step}/resolve", Access.OPERATE),
            new Rule(HandlerType.POST, "/v1/tasks/{id}/steps/{step}/complete", Access.OPERATE),
            new Rule(HandlerType.GET, "/v1/templates", Access.READ),
            new Rule(HandlerType.GET, "/v1/templates/stats", Access.READ),
            new Rule(HandlerType.GET, "/v1/events", Access.READ),
            new Rule(HandlerType.GET, "/v1/events/asyncapi", Access.READ),
            new Rule(HandlerType.GET, "/v1/events/{name}", Access.READ),
            new Rule(HandlerType.GET, "/v1/runners", Access.ADMIN),
            new Rule(HandlerType.GET, "/v1/subscribers", Access.ADMIN));

    private AccessRules() {
    }

    public static List<Rule> all() {
        return RULES;
    }

    /** @throws IllegalStateException when the route has no rule: every route must be declared here */
    public static Access of(HandlerType method, String path) {
        return RULES.stream().filter(r -> r.method() == method && r.path().equals(path)).map(Rule::access).findFirst()
                .orElseThrow(() -> new IllegalStateException("route " + method + " " + path
                        + " has no access rule: declare it in " + AccessRules.class.getName()));
    }
}
