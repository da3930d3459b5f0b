package io.tasker.topology.internal;

import io.tasker.topology.internal.auth.AuthFilter;
import io.tasker.topology.internal.auth.Caller;
import org.apache.kafka.streams.state.HostInfo;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Asks another topology instance on behalf of a client: one hop, marked with {@link #FORWARDED_HEADER} so the
 * other instance answers from its own stores instead of forwarding again. The caller's {@code Authorization} header
 * goes along, so the other instance checks the same caller; and only members of this application (from Kafka Streams'
 * metadata) are ever asked, so a query never carries a token anywhere else.
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

    private final HttpClient http;
    private final String scheme;
    private final HostInfo self;
    private final Supplier<List<HostInfo>> members;

    /**
     * @param members the instances of this application now (Kafka Streams metadata)
     * @param tls     what to trust when the instances serve HTTPS; null = plain HTTP
     */
    InstanceForwarder(HostInfo self, Supplier<List<HostInfo>> members, SSLContext tls) {
        this.self = self;
        this.members = members;
        this.scheme = tls == null ? "http" : "https";
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1);
        if (tls != null) b.sslContext(tls);
        this.http = b.build();
    }

    HostInfo self() {
        return self;
    }

    /** GET {@code pathAndQuery}, already encoded, from {@code owner}, as {@code caller}. */
    Reply get(HostInfo owner, String pathAndQuery, Caller caller) {
        return get(owner, pathAndQuery, caller, false);
    }

    /**
     * @param existenceCheck mark the request as a submission's existence check ({@link AuthFilter#EXISTENCE_CHECK_HEADER})
     */
    Reply get(HostInfo owner, String pathAndQuery, Caller caller, boolean existenceCheck) {
        if (!members.get().contains(owner)) {
            // metadata changed between choosing the instance and asking it; never send a caller's token elsewhere
            return Reply.unavailable("instance " + owner.host() + ":" + owner.port() + " is not a member of this application now");
        }
        URI uri = URI.create(scheme + "://" + owner.host() + ":" + owner.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, self.host() + ":" + self.port()).GET();
        if (caller.authorization() != null) request.header("Authorization", caller.authorization());
        if (existenceCheck) request.header(AuthFilter.EXISTENCE_CHECK_HEADER, "true");
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return Reply.unavailable("instance " + owner.host() + ":" + owner.port() + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unavailable("interrupted");
        }
    }
}
