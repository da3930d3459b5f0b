package io.tasker.schemas.redaction;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactionConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        RedactionConfig c = RedactionConfig.defaults();
        assertThat(c.keys()).containsAll(RedactionConfig.DEFAULT_KEYS).contains("password", "api_key", "cvv", "authorization");
        assertThat(c.paths()).containsExactly("credit_card.number");
        assertThat(c.valuePatterns()).hasSize(RedactionConfig.DEFAULT_VALUE_PATTERNS.size());
        assertThat(c.mask()).isEqualTo("***REDACTED***");
    }

    @Test
    void keysListRoutesNamesPathsAndRegexes() {
        RedactionConfig c = RedactionConfig.fromProperties(Map.of(RedactionConfig.KEYS,
                "Pin , card.cvc2,/a,b{1,2}\\/c/i, /token/i", RedactionConfig.DEFAULTS, "false"));
        assertThat(c.keys()).containsExactly("pin");
        assertThat(c.paths()).containsExactly("card.cvc2");
        assertThat(c.keyPatterns()).extracting(java.util.regex.Pattern::pattern).containsExactly("a,b{1,2}/c", "token");
    }

    @Test
    void badRegexNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.KEY_PATTERNS, "/(unclosed/i")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RedactionConfig.KEY_PATTERNS).hasMessageContaining("'/(unclosed/i'")
                .hasMessageContaining("bad regular expression");
    }

    @Test
    void unknownFlagUnterminatedRegexAndPlainKeyPatternAreErrors() {
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.KEYS, "/token/q")))
                .hasMessageContaining(RedactionConfig.KEYS).hasMessageContaining("unknown flag 'q'");
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.VALUE_PATTERNS, "/abc")))
                .hasMessageContaining(RedactionConfig.VALUE_PATTERNS).hasMessageContaining("'/abc'");
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.KEY_PATTERNS, "token")))
                .hasMessageContaining(RedactionConfig.KEY_PATTERNS).hasMessageContaining("'token'");
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.KEYS, "/a/i x")))
                .hasMessageContaining("expected ','");
    }

    @Test
    void badBooleanBlankMaskShortLiteralAndEmptyPathSegmentAreErrors() {
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.DEFAULTS, "yes")))
                .hasMessageContaining(RedactionConfig.DEFAULTS).hasMessageContaining("'yes'");
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.MASK, " ")))
                .hasMessageContaining(RedactionConfig.MASK);
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.VALUE_PATTERNS, "abc")))
                .hasMessageContaining(RedactionConfig.VALUE_PATTERNS).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> RedactionConfig.fromProperties(Map.of(RedactionConfig.PATHS, "a..b")))
                .hasMessageContaining(RedactionConfig.PATHS).hasMessageContaining("'a..b'");
    }

    @Test
    void toStringNeverShowsLiteralSecrets() {
        RedactionConfig c = RedactionConfig.fromProperties(Map.of(RedactionConfig.VALUE_PATTERNS, "db-pass-0042"));
        assertThat(c.toString()).doesNotContain("db-pass-0042").contains("1 literals");
    }
}
