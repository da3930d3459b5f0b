package io.tasker.examples.subscribers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.subscriber.Event;
import io.tasker.subscriber.NonRetryableException;
import io.tasker.subscriber.RetryLaterException;
import io.tasker.subscriber.RetryPolicy;
import io.tasker.subscriber.Subscribe;
import io.tasker.subscriber.SubscriberDefinitionException;
import io.tasker.subscriber.TaskerSubscriber;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The alerting example (class style): posts an alert to a pager's HTTP endpoint for every failed task
 * ({@code task.failed}) and failed step attempt ({@code step.failed}). The pager can refuse: {@code 429}/{@code 5xx}
 * are retried (after the pager's {@code Retry-After} when it sends one), other {@code 4xx} are dead-lettered at once
 * (retrying the same bad alert cannot help). Alerts carry the event id as {@code alert_id}, so a pager can drop the
 * duplicates at-least-once delivery can cause.
 *
 * <p>Config: {@value #PAGER_URL} (required), the URL alerts are POSTed to. Retries: 3 attempts, 200 ms then 400 ms
 * (with jitter); each attempt times out after 5 s.
 */
@Subscribe({LifecycleEventNames.TASK_FAILED, LifecycleEventNames.STEP_FAILED})
public class Alerting extends TaskerSubscriber {
    /** Free-config key: where alerts are POSTed. */
    public static final String PAGER_URL = "pager_url";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile URI pager;

    public Alerting() {
        super(ExampleSubscribers.ALERTING);
        retryPolicy(RetryPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
        timeout("handleTaskFailed", Duration.ofSeconds(5));
        timeout("handleStepFailed", Duration.ofSeconds(5));
    }

    @Override
    protected void configure(Map<String, Object> config) {
        Object url = config.get(PAGER_URL);
        try {
            pager = URI.create(String.valueOf(url));
            if (url == null || pager.getScheme() == null || !pager.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new SubscriberDefinitionException("subscriber " + name() + ": config." + PAGER_URL + " = '" + url
                    + "' must be an http(s) URL");
        }
    }

    void handleTaskFailed(Event e) throws IOException, InterruptedException {
        post(alert(e, "critical", "task " + e.taskId() + " (" + e.templateName() + ") failed: "
                + e.getString("error_message", "no reason given")));
    }

    void handleStepFailed(Event e) throws IOException, InterruptedException {
        boolean willRetry = "waiting_for_retry".equals(e.getString("step_state", ""));
        post(alert(e, willRetry ? "warning" : "error", "step " + e.step() + " of task " + e.taskId() + " failed attempt "
                + e.attempt() + (willRetry ? " (will retry): " : ": ") + e.getString("error_message", "no reason given")));
    }

    static ObjectNode alert(Event e, String severity, String summary) {
        ObjectNode a = JSON.createObjectNode();
        a.put("alert_id", e.id());
        a.put("event", e.name());
        a.put("severity", severity);
        a.put("summary", summary);
        a.put("task_id", e.taskId());
        a.put("namespace", e.namespace());
        a.put("step", e.step());
        a.put("correlation_id", e.correlationId());
        a.put("fired_at", String.valueOf(e.firedAt()));
        return a;
    }

    private void post(ObjectNode alert) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(pager).timeout(Duration.ofSeconds(3))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alert.toString()))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String why = "pager answered " + status + ": " + r.body();
        if (status == 429 || status / 100 == 5) {
            Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(Alerting::seconds);
            if (after.isPresent()) {
                throw new RetryLaterException(after.get(), why);
            }
            throw new IOException(why);
        }
        throw new NonRetryableException(why);
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: use our own backoff
        }
    }
}
