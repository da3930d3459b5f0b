package io.tasker.infra;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaRegistryProcessIT {
    @Test
    void startsARegistryThatAnswersTheConfluentApiAndStopsItOnClose() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url;
        try (SchemaRegistryProcess registry = SchemaRegistryProcess.start(0)) {
            url = registry.confluentUrl();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("[]");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
