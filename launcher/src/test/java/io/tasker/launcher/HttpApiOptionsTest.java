package io.tasker.launcher;

import io.tasker.topology.ApiTokens;
import io.tasker.topology.HttpAuthConfig;
import io.tasker.topology.TopologyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP API options of {@code tasker topology}, {@code tasker dev}'s token and {@code tasker tokens create}. */
class HttpApiOptionsTest {
    @TempDir
    Path dir;

    private static TopologyConfig topology(String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", "b:9092", "--schema-registry-url", "http://r", "--state-dir", "/tmp/x"));
        args.addAll(List.of(extra));
        ServeCommands.Topology t = new ServeCommands.Topology();
        new CommandLine(t).parseArgs(args.toArray(String[]::new));
        return t.config();
    }

    @Test
    void topologyRequiresTokensByDefaultAndRefusesToStartWithoutAWayToCheckThem() {
        assertThatThrownBy(HttpApiOptionsTest::topology)
                .hasMessageContaining("the HTTP API requires bearer tokens (--http-auth required, the default)")
                .hasMessageContaining("--http-jwt-hmac-secret-file, --http-jwt-rsa-public-key-file or --http-tokens-file")
                .hasMessageContaining("--http-auth off");
    }

    @Test
    void httpAuthOffOnATrustedNetwork() {
        TopologyConfig c = topology("--http-auth", "off").validate();

        assertThat(c.httpAuth().required()).isFalse();
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.advertisedHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void everyHttpOptionReachesTheTopologyConfig() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "");
        Path secret = Files.writeString(dir.resolve("secret"), "x".repeat(40));

        TopologyConfig c = topology("--http-tokens-file", tokens.toString(), "--http-jwt-hmac-secret-file", secret.toString(),
                "--http-jwt-issuer", "https://idp", "--http-jwt-audience", "tasker", "--metrics-auth", "token",
                "--http-host", "0.0.0.0", "--advertised-host", "topology-1", "--http-tls-keystore", "/ks.p12",
                "--http-tls-keystore-password", "pw", "--http-tls-truststore", "/ts.p12");

        assertThat(c.httpAuth()).isEqualTo(new HttpAuthConfig(true, secret, null, "https://idp", "tasker", tokens, false,
                HttpAuthConfig.DEFAULT_CLOCK_SKEW_SECONDS));
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.advertisedHost()).isEqualTo("topology-1");
        assertThat(c.httpTls().keystore()).isEqualTo(Path.of("/ks.p12"));
        assertThat(c.httpTls().keystoreType()).isEqualTo("PKCS12");
        assertThat(c.httpTls().truststore()).isEqualTo(Path.of("/ts.p12"));
        assertThat(c.httpTls().toString()).doesNotContain("pw");
    }

    @Test
    void theDevTokenIsKeptInTheDataDirAndItsHashInTheTokensFile() throws Exception {
        DevToken first = DevToken.ensure(dir);
        DevToken again = DevToken.ensure(dir);

        assertThat(again.token()).as("kept across restarts").isEqualTo(first.token());
        assertThat(first.token()).startsWith("tsk_");
        String tokensFile = Files.readString(first.tokensFile());
        assertThat(tokensFile).contains(ApiTokens.hash(first.token()) + " name=dev scopes=tasks:read,tasks:submit,tasks:operate,admin")
                .doesNotContain(first.token());
        assertThat(first.usage("http://127.0.0.1:8080")).contains("  export TASKER_TOKEN=" + first.token(),
                "  curl -H \"Authorization: Bearer $TASKER_TOKEN\" http://127.0.0.1:8080/v1/templates");
    }

    @Test
    void tokensCreatePrintsTheTokenOnceAndAppendsOnlyItsHash() throws Exception {
        Path file = dir.resolve("tokens");
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(out, true));

        int exit = cli.execute("tokens", "create", "--name", "ci", "--scopes", "tasks:read,tasks:submit",
                "--namespaces", "orders", "--tokens-file", file.toString());

        assertThat(exit).isZero();
        String token = out.toString().lines().filter(l -> l.strip().startsWith("tsk_")).findFirst().orElseThrow().strip();
        assertThat(Files.readString(file)).isEqualTo(ApiTokens.hash(token) + " name=ci scopes=tasks:read,tasks:submit namespaces=orders"
                + System.lineSeparator());
    }

    @Test
    void tokensCreateRefusesAnUnknownScope() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new java.io.PrintWriter(err, true));

        assertThat(cli.execute("tokens", "create", "--name", "ci", "--scopes", "tasks:write")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scope 'tasks:write'; allowed: tasks:read, tasks:submit, tasks:operate, admin");
    }
}
