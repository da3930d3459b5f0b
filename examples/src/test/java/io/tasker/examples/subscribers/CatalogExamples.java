package io.tasker.examples.subscribers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tasker.examples.Examples;
import io.tasker.templates.EventDeclaration;

/** The example payloads the demo templates declare for their events: the inputs a subscriber test should use. */
final class CatalogExamples {
    private CatalogExamples() {
    }

    /** The first declared example of {@code eventName} in the example templates. */
    static JsonNode example(String eventName) {
        return Examples.templates(null).stream().flatMap(t -> t.steps().stream())
                .flatMap(s -> s.publishesEvents().stream()).filter(d -> d.name().equals(eventName))
                .map(EventDeclaration::examples).filter(x -> !x.isEmpty()).map(x -> x.get(0)).findFirst()
                .orElseThrow(() -> new AssertionError("no template declares an example of " + eventName));
    }
}
