package io.tasker.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tasker.schemas.DlqHeaders;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DlqRecordsTest {
    static DeadLetter letter(RecordHeaders headers, Throwable error, String handler) {
        return new DeadLetter(new SourceRecord("t.domain-events.ns", 2, 41, "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8), headers), handler, "order.created", "ev-1", "retries_exhausted",
                5, Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:09Z"), error);
    }

    static List<String> keys(ProducerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key());
        }
        return out;
    }

    @Test
    void keepsTheOriginalKeyValueAndHeadersAndAddsEveryDlqHeaderOnce() {
        RecordHeaders original = new RecordHeaders();
        original.add("ce_type", "order.created".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> r = DlqRecords.build("t.dlq.s", "s", letter(original,
                new IllegalStateException("x"), "h"));
        assertThat(r.topic()).isEqualTo("t.dlq.s");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(keys(r)).containsExactly("ce_type", DlqHeaders.REASON, DlqHeaders.HANDLER, DlqHeaders.EVENT_NAME,
                DlqHeaders.EVENT_ID, DlqHeaders.ATTEMPTS, DlqHeaders.EXCEPTION_CLASS, DlqHeaders.EXCEPTION_MESSAGE,
                DlqHeaders.FIRST_FAILURE_AT, DlqHeaders.LAST_FAILURE_AT, DlqHeaders.SOURCE_TOPIC,
                DlqHeaders.SOURCE_PARTITION, DlqHeaders.SOURCE_OFFSET, DlqHeaders.SUBSCRIBER);
        assertThat(new String(r.headers().lastHeader(DlqHeaders.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("41");
    }

    @Test
    void replacesEarlierDlqHeadersSoHeadersNeverGrowOnRepublication() {
        RecordHeaders original = new RecordHeaders();
        original.add("ce_type", "order.created".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> first = DlqRecords.build("d", "s", letter(original, new RuntimeException("1"),
                "h"));
        ProducerRecord<byte[], byte[]> second = DlqRecords.build("d", "s", letter((RecordHeaders) first.headers(),
                new RuntimeException("2"), "h"));
        ProducerRecord<byte[], byte[]> third = DlqRecords.build("d", "s", letter((RecordHeaders) second.headers(),
                new RuntimeException("3"), "h"));
        assertThat(keys(third)).hasSameSizeAs(keys(first)).doesNotHaveDuplicates();
        assertThat(new String(third.headers().lastHeader(DlqHeaders.EXCEPTION_MESSAGE).value(),
                StandardCharsets.UTF_8)).isEqualTo("3");
    }

    @Test
    void namesTheRootCauseNotTheWrapperAndTruncatesItsMessage() {
        Throwable wrapped = new RuntimeException(new InvocationTargetException(new IOException("x".repeat(5000))));
        var h = DlqRecords.dlqHeaders("s", letter(new RecordHeaders(), wrapped, "h"));
        assertThat(h.get(DlqHeaders.EXCEPTION_CLASS)).isEqualTo("java.io.IOException");
        assertThat(h.get(DlqHeaders.EXCEPTION_MESSAGE)).hasSize(DlqHeaders.MAX_MESSAGE_CHARS);
    }

    @Test
    void leavesOutWhatAnUndecodableRecordDoesNotHave() {
        var h = DlqRecords.dlqHeaders("s", new DeadLetter(new SourceRecord("t", 0, 1, null, null, null), null, null,
                null, DlqHeaders.REASON_UNDECODABLE, 0, Instant.EPOCH, Instant.EPOCH, new IOException("bad")));
        assertThat(h).doesNotContainKeys(DlqHeaders.HANDLER, DlqHeaders.EVENT_NAME, DlqHeaders.EVENT_ID)
                .containsEntry(DlqHeaders.REASON, "undecodable").containsEntry(DlqHeaders.ATTEMPTS, "0");
    }

    @Test
    void masksSecretsAHandlerQuotedInItsExceptionMessage() {
        var error = new IllegalStateException("login to crm failed: password=hunter22, header Bearer eyJhbGciOi.abc");
        var headers = DlqRecords.dlqHeaders("s", letter(new RecordHeaders(), error, "h"));
        assertThat(headers.get(DlqHeaders.EXCEPTION_MESSAGE)).doesNotContain("hunter22").doesNotContain("eyJhbGciOi")
                .contains("***REDACTED***").startsWith("login to crm failed: ");

        var custom = new io.tasker.schemas.redaction.Redactor(io.tasker.schemas.redaction.RedactionConfig.fromProperties(
                java.util.Map.of("redaction.value.patterns", "sk_live_1234", "redaction.mask", "[hidden]")));
        var customHeaders = DlqRecords.dlqHeaders("s", letter(new RecordHeaders(),
                new IllegalStateException("charge with sk_live_1234 refused"), "h"), custom);
        assertThat(customHeaders.get(DlqHeaders.EXCEPTION_MESSAGE)).isEqualTo("charge with [hidden] refused");
    }
}
