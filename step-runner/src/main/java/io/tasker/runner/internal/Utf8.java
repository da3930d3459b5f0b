package io.tasker.runner.internal;

import java.nio.charset.StandardCharsets;

/** UTF-8 encoding of record keys and header values. */
final class Utf8 {
    private Utf8() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
