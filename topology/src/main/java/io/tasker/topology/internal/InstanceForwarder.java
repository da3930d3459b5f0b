package io.tasker.topology.internal;

import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks another topology instance on behalf of a client: one hop, marked with {@link #FORWARDED_HEADER} so the
 * other instance answers from its own stores instead of forwarding again.
 */
final class InstanceForwarder {
    static final String FORWARDED_HEADER = "X-Tasker-Forwarded-By";

    /** What the other instance answered: its status and JSON body, or a 503 when it could not be asked. */
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        static Reply unavailable(String message) {
            return new Reply(503, ApiResponses.errorJson(message));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HostInfo self;

    InstanceForwarder(HostInfo self) {
        this.self = self;
    }

    HostInfo self() {
        return self;
    }

    /** GET {@code pathAndQuery}, already encoded, from {@code owner}. */
    Reply get(HostInfo owner, String pathAndQuery) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(FORWARDED_HEADER, self.host() + ":" + self.port()).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return Reply.unavailable("instance " + owner.host() + ":" + owner.port() + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unavailable("interrupted");
        }
    }
}
