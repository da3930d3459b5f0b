package io.tasker.launcher.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.tasker.launcher.cli.ServerCommand.text;

/** How {@code events list} and {@code events show} print catalog entries (the JSON of {@code GET /v1/events}). */
final class EventPrinter {
    private EventPrinter() {
    }

    /** One row per event, then a count. */
    static void printList(PrintWriter out, JsonNode entries) {
        Table table = new Table("NAME", "CATEGORY", "DELIVERY", "TOPIC", "FIRED_BY", "SUBSCRIBED_BY");
        int domain = 0;
        for (JsonNode e : entries) {
            if ("domain".equals(e.path("category").asText())) domain++;
            table.row(text(e.path("name")), text(e.path("category")), text(e.path("delivery")), text(e.path("topic")),
                    firstAndMore(e.path("fired_by")), list(e.path("subscribed_by")));
        }
        table.print(out);
        out.println(entries.size() + (entries.size() == 1 ? " event" : " events") + " (" + (entries.size() - domain)
                + " lifecycle, " + domain + " domain)");
    }

    /** Labelled fields, the payload keys with their types, and the example. */
    static void printEvent(PrintWriter out, JsonNode e) {
        Table header = new Table("event", text(e.path("name")));
        header.row("category", text(e.path("category")));
        if (e.hasNonNull("namespace")) header.row("namespace", text(e.path("namespace")));
        header.row("description", text(e.path("description")));
        header.row("delivery", text(e.path("delivery")));
        header.row("topic", e.hasNonNull("topic") ? text(e.path("topic")) : "none (telemetry: span events and metrics only)");
        header.row("condition", text(e.path("condition")));
        header.row("fired by", list(e.path("fired_by")));
        header.row("subscribed by", e.path("subscribed_by").isEmpty() ? "none known" : list(e.path("subscribed_by")));
        header.print(out);
        if (declaredDifferently(e.path("declarations"))) {
            out.println();
            out.println("declared by:");
            Table declarations = new Table("  FIRED_BY", "DELIVERY", "CONDITION", "DESCRIPTION");
            for (JsonNode d : e.path("declarations")) {
                declarations.row("  " + text(d.path("fired_by")), text(d.path("delivery")), text(d.path("condition")),
                        text(d.path("description")));
            }
            declarations.print(out);
        }
        out.println();
        out.println("payload:");
        Table keys = new Table("  KEY", "TYPE", "REQUIRED", "DESCRIPTION");
        for (String[] row : payloadKeys(e.path("payload_schema"))) {
            keys.row("  " + row[0], row[1], row[2], row[3]);
        }
        keys.print(out);
        out.println();
        out.println("example (" + text(e.path("example_source")) + "):");
        out.println(indent(pretty(e.path("example"))));
        for (JsonNode problem : e.path("example_problems")) {
            out.println("  note: the generated example does not satisfy the schema: " + problem.asText());
        }
    }

    /** Whether the declarations of a domain event differ in delivery, condition or description (fired_by lists them all). */
    private static boolean declaredDifferently(JsonNode declarations) {
        Set<String> ways = new LinkedHashSet<>();
        declarations.forEach(d -> ways.add(d.path("delivery").asText() + "|" + d.path("condition").asText() + "|"
                + d.path("description").asText()));
        return ways.size() > 1;
    }

    /** {key, type, required yes/no, description} for every top-level property, then required keys without one. */
    static List<String[]> payloadKeys(JsonNode schema) {
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<String[]> rows = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(p -> rows.add(new String[] {p.getKey(), type(p.getValue()),
                required.contains(p.getKey()) ? "yes" : "no", p.getValue().path("description").asText("")}));
        for (String r : required) {
            if (!schema.path("properties").has(r)) rows.add(new String[] {r, "any", "yes", ""});
        }
        return rows;
    }

    /** A property's type in a few words: {@code string (date-time)}, {@code string | null}, {@code array of string}. */
    static String type(JsonNode p) {
        if (p.has("const")) return "const " + p.get("const");
        if (p.has("enum")) return "one of " + p.get("enum");
        if (p.has("$ref")) return p.get("$ref").asText();
        JsonNode t = p.path("type");
        String base;
        if (t.isArray()) {
            List<String> types = new ArrayList<>();
            t.forEach(x -> types.add(x.asText()));
            base = String.join(" | ", types);
        } else if (t.isTextual()) {
            base = t.asText();
        } else if (p.has("oneOf") || p.has("anyOf")) {
            base = "one of " + (p.has("oneOf") ? p.get("oneOf") : p.get("anyOf")).size() + " shapes";
        } else {
            base = "any";
        }
        if (p.has("format")) base += " (" + p.get("format").asText() + ")";
        if (base.startsWith("array") && p.path("items").isObject()) base += " of " + type(p.get("items"));
        return base;
    }

    private static String firstAndMore(JsonNode values) {
        if (values.isEmpty()) return "-";
        return values.get(0).asText() + (values.size() > 1 ? " (+" + (values.size() - 1) + ")" : "");
    }

    private static String list(JsonNode values) {
        if (values.isEmpty()) return "-";
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }

    private static String pretty(JsonNode n) {
        try {
            return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) { // a tree we parsed always serialises
            throw new IllegalStateException(e);
        }
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
