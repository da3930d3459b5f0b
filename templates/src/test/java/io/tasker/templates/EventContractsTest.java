package io.tasker.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One event name, one schema per namespace, across templates and across the files of a directory. */
class EventContractsTest {

    private static final String RULE = "an event name has one contract per namespace: declare an identical schema"
            + " or use another name";

    private final TemplateLoader loader = new TemplateLoader(null);

    /** A template {@code namespace/name/1} whose step {@code step} (second of two) declares {@code event}. */
    private static String yaml(String namespace, String name, String step, String event, String schema) {
        return "name: " + name + "\nnamespace: " + namespace + "\nversion: '1'\nsteps:\n"
                + "  - {name: first, handler: h}\n"
                + "  - name: " + step + "\n    handler: h\n    publishes_events:\n"
                + "      - { name: " + event + ", schema: " + schema + " }\n";
    }

    private TaskTemplate template(String namespace, String name, String step, String event, String schema) {
        return loader.parse(yaml(namespace, name, step, event, schema), name + ".yaml");
    }

    @Test
    void reportsTheSameEventWithDifferentSchemasInOneNamespaceNamingBothPlaces() {
        TaskTemplate orders = template("ecommerce", "orders", "create_order", "order.created", "{type: object}");
        TaskTemplate imports = template("ecommerce", "imports", "import_order", "order.created",
                "{type: object, required: [id]}");

        assertThat(EventContracts.conflicts(List.of(orders, imports))).containsExactly(
                "event 'order.created' in namespace 'ecommerce' is declared with different schemas by"
                        + " ecommerce/orders/1 step 'create_order' and ecommerce/imports/1 step 'import_order'; "
                        + RULE);
        EventContracts.Conflict c = EventContracts.find(List.of(orders, imports)).get(0);
        assertThat(c.event()).isEqualTo("order.created");
        assertThat(c.namespace()).isEqualTo("ecommerce");
        assertThat(c.first().template()).isEqualTo(orders);
        assertThat(c.second().path()).isEqualTo("steps[1].publishes_events[0]");
        assertThat(c.second().step().name()).isEqualTo("import_order");
    }

    @Test
    void acceptsTheSameEventWithAnIdenticalSchemaWrittenDifferently() {
        TaskTemplate orders = template("ecommerce", "orders", "create_order", "order.created",
                "{type: object, required: [id]}");
        TaskTemplate imports = template("ecommerce", "imports", "import_order", "order.created",
                "{\"required\": [\"id\"], \"type\": \"object\"}");

        assertThat(EventContracts.conflicts(List.of(orders, imports))).isEmpty();
        assertThat(EventContracts.conflicts(List.of(orders, orders))).isEmpty();
    }

    @Test
    void acceptsTheSameEventNameWithDifferentSchemasInDifferentNamespaces() {
        TaskTemplate shop = template("shop", "orders", "create_order", "order.created", "{type: object}");
        TaskTemplate warehouse = template("warehouse", "orders", "create_order", "order.created", "{type: string}");

        assertThat(EventContracts.conflicts(List.of(shop, warehouse))).isEmpty();
    }

    @Test
    void comparesEveryLaterDeclarationWithTheFirst() {
        TaskTemplate a = template("ns", "a", "s", "x.y", "{type: object}");
        TaskTemplate b = template("ns", "b", "s", "x.y", "{type: string}");
        TaskTemplate c = template("ns", "c", "s", "x.y", "{type: object}");
        TaskTemplate d = template("ns", "d", "s", "x.y", "{type: integer}");

        assertThat(EventContracts.find(List.of(a, b, c, d)))
                .extracting(k -> k.first().template().name() + "-" + k.second().template().name())
                .containsExactly("a-b", "a-d");
    }

    @Test
    void loadingADirectoryReportsConflictingEventSchemasAcrossFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), yaml("ecommerce", "orders", "create_order", "order.created",
                "{type: object}"));
        Files.writeString(dir.resolve("b.yaml"), yaml("ecommerce", "imports", "import_order", "order.created",
                "{type: object, required: [id]}"));
        Files.writeString(dir.resolve("c.yaml"), yaml("other", "orders", "create_order", "order.created",
                "{type: string}"));

        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class,
                () -> loader.loadDirectory(dir));

        assertThat(e).isNotNull();
        assertThat(e.errors()).containsExactly(dir.resolve("b.yaml") + ": steps[1].publishes_events[0]: event"
                + " 'order.created' in namespace 'ecommerce' is declared with different schemas by ecommerce/orders/1"
                + " step 'create_order' and ecommerce/imports/1 step 'import_order'; " + RULE
                + " (ecommerce/orders/1 is defined in " + dir.resolve("a.yaml") + ")");
    }

    @Test
    void loadingADirectoryWithAgreeingEventsSucceeds(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), yaml("ecommerce", "orders", "create_order", "order.created",
                "{type: object}"));
        Files.writeString(dir.resolve("b.yaml"), yaml("ecommerce", "imports", "import_order", "order.created",
                "{type: object}"));

        assertThat(loader.loadDirectory(dir)).extracting(TaskTemplate::key)
                .containsExactly("ecommerce/orders/1", "ecommerce/imports/1");
    }

    @Test
    void loadAllChecksFilesAndDirectoriesTogether(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectory(dir.resolve("more"));
        Path a = Files.writeString(dir.resolve("a.yaml"), yaml("ecommerce", "orders", "create_order",
                "order.created", "{type: object}"));
        Files.writeString(sub.resolve("b.yaml"), yaml("ecommerce", "imports", "import_order", "order.created",
                "{type: string}"));
        Files.writeString(sub.resolve("c.yaml"), yaml("ecommerce", "returns", "refund", "order.refunded",
                "{type: object}"));

        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class,
                () -> loader.loadAll(List.of(a, sub, a)));

        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().asString()
                .startsWith(sub.resolve("b.yaml") + ": steps[1].publishes_events[0]: event 'order.created'")
                .endsWith("(ecommerce/orders/1 is defined in " + a + ")");
        Files.delete(sub.resolve("b.yaml"));
        assertThat(loader.loadAll(List.of(a, sub, a))).extracting(TaskTemplate::key)
                .containsExactly("ecommerce/orders/1", "ecommerce/returns/1");
    }

    @Test
    void loadAllReportsUnreadablePathsAndDuplicateKeysToo(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), yaml("ns", "t", "s", "x.y", "{}"));
        Path b = Files.writeString(dir.resolve("b.yaml"), yaml("ns", "t", "s", "x.y", "{}"));
        Path missing = dir.resolve("missing.yaml");

        TemplateValidationException e = catchThrowableOfType(TemplateValidationException.class,
                () -> loader.loadAll(List.of(a, missing, b)));

        assertThat(e).isNotNull();
        assertThat(e.errors()).hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith(missing + ": cannot read"))
                .contains(b + ": template ns/t/1 is also defined in " + a);
    }
}
