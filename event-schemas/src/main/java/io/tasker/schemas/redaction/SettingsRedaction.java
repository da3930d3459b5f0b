package io.tasker.schemas.redaction;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks a component's effective configuration for its start-up log line (logger {@code io.tasker.config}) with the
 * component's {@link Redactor}: a setting's value is replaced by the mask when its key is sensitive to the redactor
 * (the whole key or its dotted form: {@code ssl.key.password} is the field {@code password} under {@code ssl.key}) or
 * names a client credential Kafka and the schema registry know ({@link #CREDENTIAL_KEY}); any other value is
 * scrubbed as free text (value patterns, literal secrets) and has the credentials of a URL
 * ({@code https://user:pass@host}) masked.
 */
public final class SettingsRedaction {
    /**
     * Client settings that hold credentials whatever the rules say: {@code sasl.jaas.config},
     * {@code basic.auth.user.info}, {@code *.password}, {@code *.secret*}, {@code *token*}, {@code *credentials*},
     * {@code ssl.keystore.key} (a PEM private key given inline).
     */
    public static final Pattern CREDENTIAL_KEY =
            Pattern.compile("(?i)(password|secret|jaas|token|credential|user\\.info|keystore\\.key$)");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private SettingsRedaction() {
    }

    /** {@code value} of setting {@code key} as the start-up line shows it; null stays null. */
    public static String value(Redactor redactor, String key, Object value) {
        if (value == null) return null;
        if (sensitiveKey(redactor, key)) return redactor.mask();
        String text = String.valueOf(value);
        Matcher m = URL_USER_INFO.matcher(text);
        text = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + redactor.mask() + "@"));
        return redactor.redactText(text);
    }

    /** Every setting masked by {@link #value}, sorted by key. */
    public static Map<String, String> values(Redactor redactor, Map<String, ?> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, value(redactor, k, v)));
        return out;
    }

    private static boolean sensitiveKey(Redactor redactor, String key) {
        if (CREDENTIAL_KEY.matcher(key).find()) return true;
        if (redactor.isSensitiveKey(List.of(), key)) return true;
        String[] segments = key.toLowerCase(Locale.ROOT).split("\\.");
        if (segments.length < 2) return false;
        List<String> ancestors = Arrays.asList(segments).subList(0, segments.length - 1);
        return redactor.isSensitiveKey(ancestors, segments[segments.length - 1]);
    }
}
