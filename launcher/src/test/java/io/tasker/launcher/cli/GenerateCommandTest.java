package io.tasker.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.launcher.cli.FakeApi.Result;
import io.tasker.templates.TemplateLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void subscriberWritesAPomTheClassItsTestAndItsConfig() throws Exception {
        Result r = FakeApi.run("generate", "subscriber", "order-notifications", "--events", "order.created,task.failed",
                "--package", "com.acme", "--dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + dir.resolve("pom.xml"),
                "wrote " + dir.resolve("src/main/java/com/acme/OrderNotifications.java"),
                "wrote " + dir.resolve("src/test/java/com/acme/OrderNotificationsTest.java"),
                "wrote " + dir.resolve("order-notifications.yaml"), "next: ");
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>com.acme</groupId>", "<artifactId>subscriber-sdk</artifactId>",
                "<artifactId>step-runner</artifactId>", "<tasker.version>0.1.0-SNAPSHOT</tasker.version>")
                .doesNotContain("${junit.version}</junit.version>", "${project");
    }

    @Test
    void anUnknownEventIsAUsageErrorWithTheCloseMatchesAndWritesNothing() {
        Result r = FakeApi.run("generate", "subscriber", "audit", "--events", "order.creatd", "--dir", dir.toString());
        assertThat(r.exit()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).startsWith("error: unknown event 'order.creatd', did you mean order.created?");
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void aSecondRunRefusesToOverwriteUnlessForced() {
        String[] args = {"generate", "handler", "charge_card", "--namespace", "billing", "--dir", dir.toString()};
        assertThat(FakeApi.run(args).exit()).isZero();
        Result again = FakeApi.run(args);
        assertThat(again.exit()).isEqualTo(CliException.USAGE);
        assertThat(again.err()).contains("refusing to overwrite", "ChargeCardHandler.java", "--force");
        Result forced = FakeApi.run("generate", "handler", "charge_card", "--namespace", "billing", "--dir",
                dir.toString(), "--force");
        assertThat(forced.out()).contains("kept existing " + dir.resolve("pom.xml"), "replaced ",
                "handler: {name: billing.charge_card}");
    }

    @Test
    void templateWritesAFileTheLoaderAccepts() throws Exception {
        Result r = FakeApi.run("generate", "template", "invoice_run", "--steps", "collect,bill,notify", "--namespace",
                "billing", "--dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new TemplateLoader(null).load(dir.resolve("invoice_run.yaml")).steps()).hasSize(3);
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }

    @Test
    void subscriberTakesDomainEventsFromTheGivenTemplates() throws Exception {
        Files.writeString(dir.resolve("billing.yaml"), """
                name: billing
                namespace: finance
                version: 1.0.0
                steps:
                  - name: charge
                    handler: finance.charge
                    publishes_events:
                      - {name: payment.charged, schema: {type: object, properties: {amount_cents: {type: integer}}}}
                """);
        Result r = FakeApi.run("generate", "subscriber", "ledger", "--events", "payment.charged", "--templates",
                dir.resolve("billing.yaml").toString(), "--dir", dir.resolve("app").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("app/src/main/java/com/example/Ledger.java")))
                .contains("long amountCents = e.getLong(\"amount_cents\", 0L);");
        Result missing = FakeApi.run("generate", "subscriber", "ledger", "--events", "order.created", "--templates",
                dir.resolve("billing.yaml").toString(), "--dir", dir.resolve("app2").toString());
        assertThat(missing.err()).contains("unknown event 'order.created'", "declared by the templates in");
    }
}
