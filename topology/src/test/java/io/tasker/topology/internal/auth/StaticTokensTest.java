package io.tasker.topology.internal.auth;

import io.tasker.topology.ApiScope;
import io.tasker.topology.ApiTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Static API tokens: generated, stored as their SHA-256 only, parsed with errors naming the line. */
class StaticTokensTest {
    @Test
    void aGeneratedTokenIsRandomAndPrefixed() {
        String a = ApiTokens.generate();

        assertThat(a).startsWith("tsk_").hasSize(4 + 43);
        assertThat(ApiTokens.generate()).isNotEqualTo(a);
    }

    @Test
    void theFileLineHoldsTheSha256NotTheToken() throws Exception {
        String token = ApiTokens.generate();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));

        String line = ApiTokens.line(token, "ci", List.of(ApiScope.TASKS_READ, ApiScope.TASKS_SUBMIT), List.of("orders"));

        assertThat(line).isEqualTo("sha256:" + expected + " name=ci scopes=tasks:read,tasks:submit namespaces=orders");
        assertThat(line).doesNotContain(token.substring(4));
    }

    @Test
    void aKnownTokenGivesItsCallerAndAnUnknownOneIsRefused() {
        String token = ApiTokens.generate();
        StaticTokens tokens = StaticTokens.parse(List.of("# comment", "",
                ApiTokens.line(token, "ci", List.of(ApiScope.TASKS_OPERATE), List.of("orders", "billing"))), "test");

        Caller c = tokens.verify(token);

        assertThat(c.name()).isEqualTo("ci");
        assertThat(c.has(ApiScope.TASKS_READ)).as("operate includes read").isTrue();
        assertThat(c.has(ApiScope.TASKS_SUBMIT)).isFalse();
        assertThat(c.namespaces()).containsExactlyInAnyOrder("orders", "billing");
        assertThatThrownBy(() -> tokens.verify(ApiTokens.generate()))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.reason()).isEqualTo(AuthException.UNKNOWN_TOKEN));
    }

    @Test
    void adminHasEveryScope() {
        Caller admin = new Caller("root", Set.of(ApiScope.ADMIN), null, null);

        assertThat(ApiScope.values()).allSatisfy(s -> assertThat(admin.has(s)).isTrue());
    }

    @Test
    void aTokenWrittenInPlainTextIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> StaticTokens.parse(List.of("# ok", ApiTokens.generate() + " name=ci scopes=admin"), "tokens.txt"))
                .hasMessageStartingWith("tokens.txt line 2: must start with sha256:<64 hex digits>");
    }

    @Test
    void anUnknownScopeOrAMissingNameIsRefused() {
        String hash = ApiTokens.hash("x");

        assertThatThrownBy(() -> StaticTokens.parse(List.of(hash + " name=ci scopes=tasks:write"), "f"))
                .hasMessageContaining("line 1: unknown scope 'tasks:write'; allowed: tasks:read, tasks:submit, tasks:operate, admin");
        assertThatThrownBy(() -> StaticTokens.parse(List.of(hash + " scopes=admin"), "f")).hasMessageContaining("name= is required");
        assertThatThrownBy(() -> StaticTokens.parse(List.of(hash + " name=ci"), "f")).hasMessageContaining("scopes= is required");
    }
}
