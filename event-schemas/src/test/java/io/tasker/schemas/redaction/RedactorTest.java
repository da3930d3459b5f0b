package io.tasker.schemas.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String MASK = RedactionConfig.DEFAULT_MASK;

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Redactor with(Map<String, String> props) {
        return new Redactor(RedactionConfig.fromProperties(props));
    }

    @Test
    void masksDefaultKeyNamesCaseInsensitivelyAtAnyDepth() {
        JsonNode in = json("{'user':'ann','Password':'hunter22','nested':{'API_KEY':'k-123456','list':[{'token':'t-999999'}]}}");
        JsonNode out = Redactor.defaults().redact(in);
        assertThat(out.get("user").asText()).isEqualTo("ann");
        assertThat(out.get("Password").asText()).isEqualTo(MASK);
        assertThat(out.at("/nested/API_KEY").asText()).isEqualTo(MASK);
        assertThat(out.at("/nested/list/0/token").asText()).isEqualTo(MASK);
        assertThat(in.get("Password").asText()).as("the input is not changed").isEqualTo("hunter22");
    }

    @Test
    void keyNamesMatchExactlyNotAsSubstrings() {
        JsonNode out = Redactor.defaults().redact(json("{'token_count':3,'passwordless':true}"));
        assertThat(out.get("token_count").asInt()).isEqualTo(3);
        assertThat(out.get("passwordless").asBoolean()).isTrue();
    }

    @Test
    void masksWholeObjectsAndArraysUnderASensitiveKey() {
        JsonNode out = Redactor.defaults().redact(json("{'secret':{'a':'x'},'ssn':[1,2]}"));
        assertThat(out.get("secret").asText()).isEqualTo(MASK);
        assertThat(out.get("ssn").asText()).isEqualTo(MASK);
    }

    @Test
    void dottedPathsMatchNestedObjectsAndArrayElementsOnly() {
        JsonNode in = json("{'credit_card':{'number':'4111111111111111','holder':'ann'},'number':7,"
                + "'order':{'credit_card':[{'number':'5500000000000004'}]}}");
        JsonNode out = Redactor.defaults().redact(in);
        assertThat(out.at("/credit_card/number").asText()).isEqualTo(MASK);
        assertThat(out.at("/credit_card/holder").asText()).isEqualTo("ann");
        assertThat(out.get("number").asInt()).as("a bare 'number' is not the path").isEqualTo(7);
        assertThat(out.at("/order/credit_card/0/number").asText()).isEqualTo(MASK);
    }

    @Test
    void configuredKeysPathsAndKeyRegexes() {
        Redactor r = with(Map.of(RedactionConfig.KEYS, "pin, customer.dob, /^x-.*-id$/i",
                RedactionConfig.KEY_PATTERNS, "/session/i", RedactionConfig.PATHS, "account.*.iban"));
        JsonNode out = r.redact(json("{'PIN':'1234','customer':{'dob':'1990-01-01','name':'ann'},'X-Client-ID':'abcd',"
                + "'userSession':'s1','account':{'main':{'iban':'DE0012'},'iban':'DE99'}}"));
        assertThat(out.get("PIN").asText()).isEqualTo(MASK);
        assertThat(out.at("/customer/dob").asText()).isEqualTo(MASK);
        assertThat(out.at("/customer/name").asText()).isEqualTo("ann");
        assertThat(out.get("X-Client-ID").asText()).isEqualTo(MASK);
        assertThat(out.get("userSession").asText()).isEqualTo(MASK);
        assertThat(out.at("/account/main/iban").asText()).isEqualTo(MASK);
        assertThat(out.at("/account/iban").asText()).as("* is exactly one key").isEqualTo("DE99");
    }

    @Test
    void valuePatternsMaskBearerTokensAndKeyValuePairsInFreeText() {
        String text = "POST failed: Authorization: Bearer eyJhbGciOi.abc_def-123 rejected; retry with password=s3cr3t! "
                + "and {\"api_key\": \"AKIA-XYZ\"}";
        String out = Redactor.defaults().redactText(text);
        assertThat(out).doesNotContain("eyJhbGciOi.abc_def-123", "s3cr3t!", "AKIA-XYZ")
                .contains("Bearer " + MASK, "password=" + MASK, "\"api_key\": \"" + MASK + "\"");
    }

    @Test
    void configuredLiteralSecretsAndRegexesMaskTextKeepingWhatIsAroundTheSecretGroup() {
        Redactor r = with(Map.of(RedactionConfig.VALUE_PATTERNS, "db-pass-0042, /card (?<secret>\\d{4})\\d{0,3}/, /sk_live_\\w+/"));
        assertThat(r.redactText("jdbc login with db-pass-0042 failed for card 12345 key sk_live_abc"))
                .isEqualTo("jdbc login with " + MASK + " failed for card " + MASK + "5 key " + MASK);
    }

    @Test
    void valuesOfMaskedFieldsAreMaskedInTheSameRecordsTexts() {
        JsonNode in = json("{'context':{'password':'pa55word-77','pin':'12'},'error':'login pa55word-77 failed, pin 12',"
                + "'backtrace':['at Db.login(pa55word-77)']}");
        JsonNode out = Redactor.defaults().redact(in);
        assertThat(out.toString()).doesNotContain("pa55word-77");
        assertThat(out.get("error").asText()).isEqualTo("login " + MASK + " failed, pin 12");
        assertThat(out.at("/backtrace/0").asText()).isEqualTo("at Db.login(" + MASK + ")");
    }

    @Test
    void secretsInListsTheValuesForOtherTexts() {
        Redactor r = Redactor.defaults();
        var secrets = r.secretsIn(json("{'password':'hunter22','credit_card':{'number':4111111111111111}}"));
        assertThat(secrets).containsExactlyInAnyOrder("hunter22", "4111111111111111");
        assertThat(r.redactText("card 4111111111111111 declined", secrets)).isEqualTo("card " + MASK + " declined");
    }

    @Test
    void maskIsConfigurable() {
        assertThat(with(Map.of(RedactionConfig.MASK, "[FILTERED]")).redact(json("{'password':'x'}")).get("password").asText())
                .isEqualTo("[FILTERED]");
    }

    @Test
    void defaultsCanBeTurnedOff() {
        Redactor r = with(Map.of(RedactionConfig.DEFAULTS, "false", RedactionConfig.KEYS, "pin"));
        JsonNode out = r.redact(json("{'password':'x','pin':'1'}"));
        assertThat(out.get("password").asText()).isEqualTo("x");
        assertThat(out.get("pin").asText()).isEqualTo(MASK);
        assertThat(r.redactText("password=abc")).isEqualTo("password=abc");
    }

    @Test
    void redactJsonParsesJsonAndTreatsOtherTextAsFreeText() {
        Redactor r = Redactor.defaults();
        assertThat(r.redactJson("{\"token\":\"abc\",\"n\":1}")).isEqualTo("{\"token\":\"" + MASK + "\",\"n\":1}");
        assertThat(r.redactJson("not json token=abcdef")).isEqualTo("not json token=" + MASK);
        assertThat(r.redactJson(null)).isNull();
    }

    @Test
    void noneMasksNothing() {
        JsonNode in = json("{'password':'x'}");
        assertThat(Redactor.none().redact(in)).isEqualTo(in);
        assertThat(Redactor.none().redactText("password=abc")).isEqualTo("password=abc");
    }

    @Test
    void withSchemaAddsTheSchemasSensitiveFields() {
        JsonNode schema = json("{'type':'object','properties':{'customer':{'type':'object','properties':"
                + "{'dob':{'type':'string','x-sensitive':true},'name':{'type':'string'}}}}}");
        JsonNode out = Redactor.defaults().withSchema(schema).redact(json("{'customer':{'dob':'1990-01-01','name':'ann'}}"));
        assertThat(out.at("/customer/dob").asText()).isEqualTo(MASK);
        assertThat(out.at("/customer/name").asText()).isEqualTo("ann");
        assertThat(Redactor.defaults().withSchema(json("{'type':'object'}"))).as("nothing marked: same redactor")
                .isNotNull();
    }

    @Test
    void isSensitiveKeyAnswersForOneField() {
        Redactor r = Redactor.defaults();
        assertThat(r.isSensitiveKey(List.of("credit_card"), "Number")).isTrue();
        assertThat(r.isSensitiveKey(List.of(), "number")).isFalse();
    }

    @Test
    void theDefaultValuePatternsMaskTheSameWithTheirWordGate() {
        Redactor r = Redactor.defaults();
        assertThat(r.redactText("Authorization: BEARER abc.def")).doesNotContain("abc.def");
        assertThat(r.redactText("DB_PASSWORD=hunter2 and X-Api-Key: k-123")).doesNotContain("hunter2").doesNotContain("k-123");
        assertThat(r.redactText("db_Passwd: 'pw1', client_secret=s3")).doesNotContain("pw1").doesNotContain("s3");
        assertThat(r.redactText("refresh_TOKEN = t0k")).doesNotContain("t0k");
        // UNICODE_CASE folds the long s onto 's': text outside ASCII always runs the regex
        assertThat(r.redactText("\u017Fecret=x9x9")).doesNotContain("x9x9");
        String plain = "2026-11-28T15:19:04.513Z e09c9abf-9887-44c3-b7f3-e74b9f988a9f in_progress";
        assertThat(r.redactText(plain)).isSameAs(plain);
        java.util.regex.Pattern keyValue = RuleList.regex(RedactionConfig.VALUE_PATTERNS, RedactionConfig.DEFAULT_VALUE_PATTERNS.get(1));
        assertThat(ValuePatternGate.mayMatch(ValuePatternGate.wordsOf(keyValue), plain, ValuePatternGate.asciiLower(plain)))
                .as("the regex is not run on a text without any of its words").isFalse();
    }

    @Test
    void aConfiguredPatternThatIsNotADefaultHasNoGate() {
        assertThat(ValuePatternGate.wordsOf(java.util.regex.Pattern.compile("pin=(?<secret>\\d+)"))).isNull();
        Redactor r = with(Map.of(RedactionConfig.VALUE_PATTERNS, "/pin=(?<secret>\\d+)/"));
        assertThat(r.redactText("pin=1234")).doesNotContain("1234");
    }
}
