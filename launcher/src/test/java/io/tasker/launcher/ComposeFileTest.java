package io.tasker.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, the Dockerfile and the kafka-init script checked against the code, on a machine without Docker:
 * what can go wrong between them without any container starting (a variable no option reads, a port or host that
 * does not match, a missing health check or start order) fails here, naming the service and the variable.
 */
class ComposeFileTest {
    private static final Path ROOT = ComposeCheck.repositoryRoot();

    private static ComposeCheck check() {
        return new ComposeCheck(ROOT, ComposeCheck.readCompose(ROOT));
    }

    /** The problems {@code rule} finds in docker-compose.yml changed by {@code edit}. */
    private static List<String> problemsAfter(Consumer<ObjectNode> edit, Function<ComposeCheck, List<String>> rule) {
        ObjectNode compose = ComposeCheck.readCompose(ROOT);
        edit.accept(compose);
        return rule.apply(new ComposeCheck(ROOT, compose));
    }

    private static ObjectNode env(ObjectNode compose, String service) {
        return (ObjectNode) compose.path("services").path(service).path("environment");
    }

    private static ObjectNode service(ObjectNode compose, String service) {
        return (ObjectNode) compose.path("services").path(service);
    }

    @Test
    void everyVariableOfOurServicesIsAnOptionOfTheCommandItRunsOrOneOurImageReads() {
        ComposeCheck c = check();
        assertThat(c.ourServices()).containsExactlyInAnyOrder("topology-1", "topology-2", "runner", "subscribers");
        assertThat(ComposeRules.variables(c)).isEmpty();
    }

    @Test
    void aMisspelledVariableAVariableOfAnotherCommandOrAnUnknownOneIsNamedWithItsService() {
        List<String> problems = problemsAfter(compose -> {
            env(compose, "topology-1").put("TASKER_TOPOLOGY_HTTP_PROT", "8080");
            env(compose, "topology-2").put("TASKER_RUNNER_HTTP_PORT", "9191");
            env(compose, "runner").put("OTEL_TRACES_SAMPLER", "always_on");
        }, ComposeRules::variables);
        assertThat(problems).containsExactlyInAnyOrder(
                "service topology-1 sets TASKER_TOPOLOGY_HTTP_PROT, but `tasker topology` has no option read from it",
                "service topology-2 sets TASKER_RUNNER_HTTP_PORT, but `tasker topology` has no option read from it",
                "service runner sets OTEL_TRACES_SAMPLER, which neither `tasker runner` nor our image reads");
    }

    @Test
    void aServiceWhoseEnvironmentMissesARequiredOptionOrHasABadValueIsReported() {
        List<String> problems = problemsAfter(compose -> {
            env(compose, "topology-1").remove("TASKER_TOPOLOGY_STATE_DIR");
            env(compose, "runner").put("TASKER_RUNNER_HTTP_PORT", "ninety");
        }, ComposeRules::variables);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("service topology-1: `tasker topology` refuses its environment")
                .contains("--state-dir"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("service runner: `tasker runner` refuses its environment")
                .contains("TASKER_RUNNER_HTTP_PORT='ninety'"));
    }

    @Test
    void everyServiceHasAHealthCheckAndStartsAfterWhatItNeeds() {
        assertThat(ComposeRules.healthAndOrder(check())).isEmpty();
        List<String> problems = problemsAfter(compose -> {
            service(compose, "runner").remove("healthcheck");
            ((ObjectNode) service(compose, "subscribers").path("depends_on")).putObject("registry").put("condition", "service_healthy");
        }, ComposeRules::healthAndOrder);
        assertThat(problems).containsExactlyInAnyOrder("service runner has no healthcheck",
                "service subscribers depends_on registry, which is no service");
    }

    @Test
    void kafkaRegistryAndCollectorAddressesArePortsThoseServicesServeAndHealthChecksProbeTheHttpPort() {
        assertThat(ComposeRules.addresses(check())).isEmpty();
    }

    @Test
    void aWrongBootstrapServerPasswordRegistryPortOrHttpPortIsReported() {
        List<String> problems = problemsAfter(compose -> {
            env(compose, "runner").put("TASKER_BOOTSTRAP_SERVERS", "kafka:9093");
            env(compose, "subscribers").put("TASKER_KAFKA_SASL_JAAS_CONFIG",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"subscribers\" password=\"${KAFKA_RUNNER_PASSWORD}\";");
            env(compose, "topology-2").put("TASKER_SCHEMA_REGISTRY_URL", "http://schema-registry:8081/apis/ccompat/v7");
            env(compose, "topology-1").put("TASKER_TOPOLOGY_HTTP_PORT", "8081");
        }, ComposeRules::addresses);
        assertThat(problems).contains(
                "service runner: bootstrap server kafka:9093 is none of the listeners kafka advertises [kafka:9092, localhost:29092]",
                "service subscribers: the password of Kafka user subscribers differs from the broker's",
                "service topology-2: schema registry URL http://schema-registry:8081/apis/ccompat/v7 uses a port schema-registry does not serve");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("service topology-1: its healthcheck").endsWith("does not probe its --http-port 8081"));
    }

    @Test
    void publishedHostPortsAreUnique() {
        List<String> problems = problemsAfter(compose -> ((com.fasterxml.jackson.databind.node.ArrayNode) service(compose, "topology-2")
                .path("ports")).set(0, compose.textNode("8080:8080")), ComposeRules::addresses);
        assertThat(problems).containsExactly("services topology-1 and topology-2 both publish host port 8080");
    }

    @Test
    void twoTopologyInstancesOfOneApplicationEachWithItsOwnIdAdvertisedHostAndStateVolume() {
        assertThat(ComposeRules.topologyInstances(check())).isEmpty();
        List<String> problems = problemsAfter(compose -> {
            env(compose, "topology-2").put("TASKER_TOPOLOGY_ADVERTISED_HOST", "topology-1");
            env(compose, "topology-2").put("TASKER_TOPOLOGY_INSTANCE_ID", "topology-1");
            ((com.fasterxml.jackson.databind.node.ArrayNode) service(compose, "topology-2").path("volumes"))
                    .set(0, compose.textNode("topology-1-state:/var/lib/tasker/state"));
        }, ComposeRules::topologyInstances);
        assertThat(problems).containsExactlyInAnyOrder(
                "service topology-2: TASKER_TOPOLOGY_ADVERTISED_HOST topology-1 is not its service name, so forwarded queries miss it",
                "services topology-1 and topology-2 share instance id topology-1",
                "services topology-1 and topology-2 share the state volume topology-1-state");
    }

    @Test
    void theInitJobCreatesThePlatformTopicsAndGrantsEveryComponentsKafkaUser() {
        String script = ComposeCheck.read(ROOT.resolve("deploy/kafka/init.sh"));
        assertThat(ComposeRules.initJob(check(), script)).isEmpty();
        List<String> problems = ComposeRules.initJob(check(), script.replace("topic \"${PREFIX}rejected\" 1\n", "")
                .replace("acl runner ", "acl runnr "));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("kafka-init creates topics").contains("but the platform needs"));
        assertThat(problems).contains("service runner: kafka-init grants its Kafka user runner no ACL");
    }

    @Test
    void theInitJobGrantsEachComposeUserExactlyTheMinimalAclsOfItsComponents() {
        String script = ComposeCheck.read(ROOT.resolve("deploy/kafka/init.sh"));
        assertThat(ComposeAcls.initAcls(check(), script)).isEmpty();
        // what the compose users hold, by the script: the same bindings as ComponentAcls, nothing on the cluster
        var granted = ComposeAcls.granted(script, check().environment("kafka-init"), new ArrayList<>());
        assertThat(granted).containsOnlyKeys("User:topology", "User:runner", "User:subscribers");
        assertThat(granted.values()).allSatisfy(g -> assertThat(g).noneMatch(b ->
                b.type() == org.apache.kafka.common.resource.ResourceType.CLUSTER));
    }

    @Test
    void aMissingOrAnExtraAclOfTheInitJobIsNamedWithItsPrincipal() {
        String script = ComposeCheck.read(ROOT.resolve("deploy/kafka/init.sh"))
                .replace("acl runner Read --topic \"${PREFIX}step-commands.ecommerce\"\n", "")
                .replace("acl subscribers Read --group alerting\n", "")
                .replace("acl topology Read --topic \"${PREFIX}registry\"\n",
                        "acl topology Read,Describe --topic \"${PREFIX}registry\"\nacl topology IdempotentWrite --cluster\n");
        assertThat(ComposeAcls.initAcls(check(), script)).containsExactlyInAnyOrder(
                "kafka-init does not grant User:runner READ on TOPIC tasker.step-commands.ecommerce, which it needs (ComponentAcls)",
                "kafka-init does not grant User:subscribers READ on GROUP alerting, which it needs (ComponentAcls)",
                "kafka-init grants User:topology DESCRIBE on TOPIC tasker.registry, which is more than it needs (ComponentAcls)",
                "kafka-init grants User:topology IDEMPOTENT_WRITE on CLUSTER kafka-cluster, which is more than it needs (ComponentAcls)");
    }

    @Test
    void aBroaderPatternOrAnotherUserInTheInitJobIsExtra() {
        String script = ComposeCheck.read(ROOT.resolve("deploy/kafka/init.sh"))
                + "acl topology Read --topic \"$PREFIX\" --resource-pattern-type prefixed\n"
                + "acl auditor Read --group \"$UNSET_VARIABLE\"\n";
        assertThat(ComposeAcls.initAcls(check(), script)).containsExactlyInAnyOrder(
                "kafka-init grants User:topology READ on TOPIC tasker. (prefixed), which is more than it needs (ComponentAcls)",
                "kafka-init: ACL of $UNSET_VARIABLE uses $UNSET_VARIABLE, which is not set from kafka-init's environment",
                "kafka-init grants User:auditor READ on GROUP , which is more than it needs (ComponentAcls)");
    }

    @Test
    void everyComposeVariableIsDefinedInEnvExample() {
        ComposeCheck c = check();
        c.serviceNames().forEach(c::environment);
        c.interpolate("configs.api-tokens", c.compose.path("configs").path("api-tokens").path("content").asText());
        assertThat(c.problems).isEmpty();
    }

    @Test
    void theTokensFileHoldsTheHashOfTheExampleTokenInTheFormatTokensCreateWrites() {
        ComposeCheck c = check();
        String tokens = c.interpolate("configs.api-tokens", c.compose.path("configs").path("api-tokens").path("content").asText()).strip();
        String token = c.dotEnv.get("TASKER_TOKEN");
        assertThat(token).as("TASKER_TOKEN of .env.example").isNotBlank();
        assertThat(tokens).as("the api-tokens config with .env.example's values: the hash of its TASKER_TOKEN, never the token")
                .isEqualTo(io.tasker.topology.ApiTokens.line(token, "compose-admin", List.of(io.tasker.topology.ApiScope.ADMIN), List.of()))
                .doesNotContain(token);
    }

    @Test
    void theDockerfileBuildsEveryModuleAndRunsTheLauncherAsANonRootUser() {
        String dockerfile = ComposeCheck.read(ROOT.resolve("Dockerfile"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(ComposeCheck.read(ROOT.resolve("pom.xml")));
        List<String> missing = new ArrayList<>();
        while (modules.find()) {
            String m = modules.group(1);
            if (!dockerfile.contains("COPY " + m + "/pom.xml " + m + "/")) missing.add(m);
        }
        assertThat(missing).as("modules whose pom the Dockerfile's dependency layer does not copy").isEmpty();
        assertThat(dockerfile).contains("-Pdocker").contains("io.tasker.launcher.Main").contains("$JAVA_OPTS").contains("USER tasker");
        assertThat(ComposeCheck.read(ROOT.resolve("launcher/pom.xml"))).contains("<id>docker</id>").contains("copy-dependencies");
        ComposeCheck c = check();
        for (String s : c.ourServices()) {
            for (String target : c.namedVolumeMounts(s).keySet()) {
                assertThat(dockerfile).as("service %s mounts %s: the image must create it for its non-root user", s, target).contains(target);
            }
        }
    }

    @Test
    void theOtherVariablesOurServicesSetAreReadWhereThisTestSays() {
        var config = io.tasker.telemetry.TelemetryConfig.from("default", Map.of(),
                Map.of("OTEL_SERVICE_NAME", "from-env", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
        assertThat(config.serviceName()).isEqualTo("from-env");
        assertThat(config.otlpEndpoint()).isEqualTo("http://collector:4318");
        assertThat(ComposeCheck.read(ROOT.resolve("Dockerfile"))).contains("exec java $JAVA_OPTS");
        assertThat(ComposeCheck.read(ROOT.resolve("launcher/src/main/resources/logback.xml"))).contains("${TASKER_LOG_LEVEL");
        assertThat(ComposeCheck.read(ROOT.resolve("launcher/src/main/java/io/tasker/launcher/Main.java"))).contains("getenv(\"TASKER_DEBUG\")");
        assertThat(ComposeCheck.NON_OPTION_VARIABLES).containsOnlyKeys("JAVA_OPTS", "TASKER_LOG_LEVEL", "TASKER_DEBUG",
                "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT");
    }

}
