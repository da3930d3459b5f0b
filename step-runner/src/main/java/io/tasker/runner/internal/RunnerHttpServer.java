package io.tasker.runner.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.tasker.telemetry.PrometheusScrape;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's small HTTP endpoint: {@code GET /health} (200 {@code {"status":"UP"}} or 503 with the reasons) and
 * {@code GET /v1/stats} (the counters as JSON) and {@code GET /metrics} (Prometheus text). It runs from the start of {@code start()} until {@code close()}, so it
 * also reports a runner that is still starting or that stopped after a fatal error.
 */
final class RunnerHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerHttpServer.class);

    private final Javalin app;

    private RunnerHttpServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param problems why the runner is unhealthy; empty when healthy
     * @param health   the fields of the health answer besides status and reasons
     * @param metrics    the answer of {@code GET /v1/stats} (the counters as JSON)
     * @param prometheus {@code GET /metrics}: the Prometheus text exposition of the same instruments
     */
    static RunnerHttpServer start(String host, int port, Supplier<List<String>> problems,
            Supplier<ObjectNode> health, Supplier<ObjectNode> metrics, PrometheusScrape prometheus) {
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false)
                .get("/health", ctx -> {
                    List<String> reasons = problems.get();
                    ObjectNode body = JsonSupport.MAPPER.createObjectNode();
                    body.put("status", reasons.isEmpty() ? "UP" : "DOWN");
                    reasons.forEach(body.putArray("reasons")::add);
                    body.setAll(health.get());
                    json(ctx, reasons.isEmpty() ? 200 : 503, body);
                })
                .get("/v1/stats", ctx -> json(ctx, 200, metrics.get()))
                .get("/metrics", ctx -> {
                    ctx.status(200).contentType(prometheus.contentType());
                    prometheus.write(ctx.outputStream());
                });
        app.start(host, port);
        log.info("Step runner HTTP endpoint on http://{}:{} (/health, /v1/stats, /metrics)", host, app.port());
        return new RunnerHttpServer(app);
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(JsonSupport.write(body));
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
