package io.tasker.launcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.launcher.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Generates a subscriber and a step handler into a new Maven project and runs {@code mvn test} on it, as a user
 * would: the generated code compiles against the SDK and the runner, and its generated tests pass. The inner build
 * is offline and uses a temporary local repository holding this reactor's jars (see {@link ReactorRepository}), so
 * it works from a clean clone with no {@code mvn install}.
 */
class GeneratorIT {
    @TempDir
    Path tmp;

    @Test
    void generatedSubscriberAndHandlerCompileAndTheirTestsPassUnderMaven() throws Exception {
        Path project = tmp.resolve("orders-app");
        generate(project, "subscriber", "order-notifications", "--events", "order.created,order.fulfillment_failed,"
                + "task.completed,task.failed,step.failed,step.max_retries_reached", "--package", "com.acme.orders");
        generate(project, "handler", "charge_card", "--namespace", "billing", "--package", "com.acme.orders");
        generate(project, "template", "order_flow", "--steps", "charge_card,ship", "--namespace", "billing");
        assertThat(project.resolve("pom.xml")).exists();

        Path root = Path.of("").toAbsolutePath().getParent();
        Path userRepo = Path.of(System.getProperty("tasker.it.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path log = tmp.resolve("mvn.log");
        long start = System.nanoTime();
        boolean finished;
        Process mvn;
        try (ReactorRepository repo = ReactorRepository.create(root, userRepo, tmp.resolve("repo"),
                BuildVersions.current().tasker(), List.of("subscriber-sdk", "step-runner"))) {
            mvn = new ProcessBuilder("mvn", "-o", "-B", "-Dstyle.color=never", "-Dmaven.repo.local=" + repo.path(),
                    "test").directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            finished = mvn.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                mvn.destroyForcibly().waitFor();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log);
        System.out.printf("GeneratorIT: mvn -o test on the generated project took %d ms%n", took.toMillis());
        assertThat(finished).as("mvn test finished within 5 minutes:%n%s", output).isTrue();
        assertThat(mvn.exitValue()).as("mvn test:%n%s", output).isZero();
        // one test per event, two for the handler; the generated template is checked by the loader at generation
        assertThat(output).containsPattern("Tests run: 6, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* in"
                        + " com.acme.orders.OrderNotificationsTest")
                .containsPattern("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* in"
                        + " com.acme.orders.ChargeCardHandlerTest")
                .contains("BUILD SUCCESS");
    }

    private static void generate(Path project, String... args) {
        List<String> all = new ArrayList<>(List.of("generate"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dir", project.toString()));
        int exit = new CommandLine(new Main()).execute(all.toArray(String[]::new));
        assertThat(exit).as("tasker %s", String.join(" ", all)).isZero();
    }
}
