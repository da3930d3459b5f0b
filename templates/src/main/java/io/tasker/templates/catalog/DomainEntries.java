package io.tasker.templates.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.schemas.DeliveryMode;
import io.tasker.schemas.EventCategory;
import io.tasker.schemas.TaskerTopics;
import io.tasker.schemas.redaction.Redactor;
import io.tasker.schemas.redaction.SensitiveFields;
import io.tasker.templates.EventDeclaration;
import io.tasker.templates.EventPayloadValidator;
import io.tasker.templates.StepDefinition;
import io.tasker.templates.TaskTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog entries of the domain events the templates declare: one per namespace and name, listing every template
 * version and step that declares it. The first declaration (templates by name, newest version first, steps in order)
 * gives the schema, description, delivery and condition; the first declared example wins, else one is generated;
 * fields the schema marks {@code x-sensitive}/{@code writeOnly} show the mask ({@code ***REDACTED***}) in it.
 */
final class DomainEntries {
    private static final Comparator<TaskTemplate> ORDER = Comparator.comparing(TaskTemplate::namespace)
            .thenComparing(TaskTemplate::name)
            .thenComparing(TaskTemplate::version, VersionOrder.ASCENDING.reversed());

    private record Place(String firedBy, EventDeclaration event) {
    }

    private DomainEntries() {
    }

    static List<CatalogEntry> all(Collection<TaskTemplate> templates, TaskerTopics topics) {
        Map<String, Map<String, Place>> byEvent = new TreeMap<>(); // "namespace\0name" -> fired_by -> place
        for (TaskTemplate t : templates.stream().sorted(ORDER).toList()) {
            for (StepDefinition step : t.steps()) {
                for (EventDeclaration e : step.publishesEvents()) {
                    String firedBy = firedBy(t, step);
                    byEvent.computeIfAbsent(t.namespace() + "\0" + e.name(), k -> new LinkedHashMap<>())
                            .putIfAbsent(firedBy, new Place(firedBy, e)); // a template registered twice counts once
                }
            }
        }
        List<CatalogEntry> out = new ArrayList<>();
        byEvent.forEach((key, places) -> out.add(entry(key.substring(0, key.indexOf('\0')), List.copyOf(places.values()), topics)));
        return out;
    }

    /** {@code namespace/template@version:step}. */
    static String firedBy(TaskTemplate t, StepDefinition step) {
        return t.namespace() + "/" + t.name() + "@" + t.version() + ":" + step.name();
    }

    private static CatalogEntry entry(String namespace, List<Place> places, TaskerTopics topics) {
        EventDeclaration first = places.get(0).event();
        // the schema as shown: a sensitive field's own examples/default would show a value
        JsonNode schema = first.schema() == null ? JsonNodeFactory.instance.objectNode()
                : SensitiveFields.withoutExampleValues(first.schema());
        JsonNode example = null;
        CatalogEntry.ExampleSource source = CatalogEntry.ExampleSource.DECLARED;
        for (Place p : places) {
            if (!p.event().examples().isEmpty()) {
                example = p.event().examples().get(0);
                break;
            }
        }
        List<String> problems = List.of();
        if (example == null) {
            example = SchemaExamples.generate(schema);
            source = CatalogEntry.ExampleSource.GENERATED;
            problems = EventPayloadValidator.validate(first, example);
        }
        // a field the schema marks sensitive shows the mask, never an example value (declared examples may be real data)
        example = Redactor.none().withSchema(schema).redact(example);
        List<CatalogEntry.Declaration> declarations = places.stream().map(p -> new CatalogEntry.Declaration(p.firedBy(),
                p.event().description(), delivery(p.event()), condition(p.event()))).toList();
        String description = places.stream().map(p -> p.event().description()).filter(d -> d != null && !d.isBlank())
                .findFirst().orElse("Declared by " + places.get(0).firedBy() + ".");
        return new CatalogEntry(first.name(), EventCategory.DOMAIN, namespace, description, delivery(first),
                condition(first), topics.domainEvents(namespace), places.stream().map(Place::firedBy).toList(), List.of(),
                schema, example, source, problems, declarations);
    }

    static DeliveryMode delivery(EventDeclaration e) {
        return e.delivery() == EventDeclaration.Delivery.FIRE_AND_FORGET ? DeliveryMode.FIRE_AND_FORGET : DeliveryMode.DURABLE;
    }

    static String condition(EventDeclaration e) {
        return e.condition().name().toLowerCase(Locale.ROOT);
    }
}
