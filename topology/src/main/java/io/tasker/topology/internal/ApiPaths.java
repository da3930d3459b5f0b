package io.tasker.topology.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** URLs of the HTTP API, with ids encoded so any task id or step name survives a hop to another instance. */
final class ApiPaths {
    static final String TASKS = "/v1/tasks";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ApiPaths() {
    }

    /** {@code /v1/tasks/<id>}, the task's status URL. */
    static String task(String taskId) {
        return TASKS + "/" + segment(taskId);
    }

    /**
     * One path segment, percent-encoded except RFC 3986 unreserved characters and {@code :}. Not
     * {@link URLEncoder}: that is form encoding ({@code +} for space), which a path does not decode.
     */
    static String segment(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /** {@code &key=value} (form-encoded, as query strings are), or nothing when the value is null. */
    static String query(String key, String value) {
        return value == null ? "" : "&" + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
