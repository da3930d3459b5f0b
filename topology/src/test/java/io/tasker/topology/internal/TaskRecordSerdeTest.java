package io.tasker.topology.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tasker.topology.StepState;
import io.tasker.topology.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tasks store's value format: compact binary written, binary and the JSON of earlier versions read. */
class TaskRecordSerdeTest {
    private final TaskRecordSerde serde = new TaskRecordSerde();

    private static TaskRecord sample() {
        AttemptRecord failed = new AttemptRecord(1, 1_700_000_000_000L, 1_700_000_000_010L, 1_700_000_000_020L,
                1_700_000_000_030L, "runner-1", AttemptRecord.FAILURE, "boom ü", "java.lang.IllegalStateException",
                List.of("at a.B.c(B.java:1)", "at d.E.f(E.java:2)"));
        AttemptRecord ok = new AttemptRecord(2, 1_700_000_001_000L, 0, 0, 0, null, null, null, null, null, -6_148_914_691_236_517_206L);
        StepRecord a = new StepRecord("a", StepState.COMPLETE, 2, 3, JsonNodeFactory.instance.objectNode().put("x", 1), "boom ü",
                1_700_000_002_000L, 0, List.of(failed, ok), true);
        StepRecord b = new StepRecord("b", StepState.WAITING_FOR_RETRY, 1, 3, null, null, 0, 1_700_000_003_000L, List.of(), false);
        StepRecord c = new StepRecord("c", StepState.PENDING, 0, 1, null, null, 0, 0, List.of(), true);
        return new TaskRecord("t-1", "shop", "order", "1.0.0", TaskState.IN_PROGRESS,
                JsonNodeFactory.instance.objectNode().put("cart", "c-1"), "corr", "idem", 1_699_999_999_000L, 1_700_000_002_000L,
                0, null, List.of(a, b, c), "sha256:abc", "0af7651916cd43dd8448eb211c80319c", null, -5L);
    }

    @Test
    void aTaskRecordSurvivesTheBinaryFormatUnchanged() {
        TaskRecord t = sample();
        byte[] bytes = serde.serializer().serialize("x", t);
        assertThat(bytes[0]).isEqualTo(TaskRecordCodec.FORMAT_V2);
        assertThat(serde.deserializer().deserialize("x", bytes)).isEqualTo(t);
        assertThat(serde.deserializer().deserialize("x", bytes).step("a").orElseThrow().attempts())
                .extracting(AttemptRecord::dispatchId).containsExactly(null, -6_148_914_691_236_517_206L);
    }

    /** Written by the binary format before dispatch ids (commit f11eeb5's TaskRecordCodec), frozen here. */
    private static final String V1_RECORD = "0108742d310a73686f700c6f726465720c312e302e30011e7b2263617274223a22632d31227d0000b090"
            + "abfef962a0bfabfef962000000000000020461010406000a626f6f6d000000040280a0abfef96294a0abfef962a8a0abfef962bca0abfef96212"
            + "72756e6e65722d31106661696c7572650a626f6f6d406a6176612e6c616e672e496c6c6567616c5374617465457863657074696f6e042661"
            + "7420612e422e6328422e6a6176613a312904d0afabfef9620000000000000000";

    @Test
    void aTaskRecordWrittenBeforeDispatchIdsIsStillReadWithoutThem() {
        TaskRecord t = serde.deserializer().deserialize("x", java.util.HexFormat.of().parseHex(V1_RECORD));
        StepRecord a = t.step("a").orElseThrow();
        assertThat(t.taskId()).isEqualTo("t-1");
        assertThat(t.context().get("cart").asText()).isEqualTo("c-1");
        assertThat(a.state()).isEqualTo(StepState.ENQUEUED);
        assertThat(a.attempts()).extracting(AttemptRecord::attempt).containsExactly(1, 2);
        assertThat(a.attempts().get(0).backtrace()).containsExactly("at a.B.c(B.java:1)");
        assertThat(a.attempts()).extracting(AttemptRecord::dispatchId).containsOnlyNulls();
        // and written back in the current format, unchanged
        assertThat(serde.deserializer().deserialize("x", serde.serializer().serialize("x", t))).isEqualTo(t);
    }

    @Test
    void aTaskRecordWrittenAsJsonByAnEarlierVersionIsStillRead() throws Exception {
        TaskRecord t = sample();
        byte[] json = Json.MAPPER.writeValueAsBytes(t); // what TaskRecordSerde wrote before the binary format
        assertThat(serde.deserializer().deserialize("x", json)).isEqualTo(t);
    }

    @Test
    void theBinaryFormatIsAFractionOfTheJson() throws Exception {
        TaskRecord slim = sample().slim();
        int json = Json.MAPPER.writeValueAsBytes(slim).length;
        int binary = serde.serializer().serialize("x", slim).length;
        assertThat(binary).isLessThan(json / 2);
    }

    @Test
    void aTruncatedRecordIsASerializationErrorNamingTheTopic() {
        byte[] bytes = serde.serializer().serialize("x", sample());
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serde.deserializer().deserialize("tasks-changelog", cut))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("tasks-changelog");
    }

    @Test
    void statesKeepTheOrdinalsStoredRecordsUse() {
        // the binary format stores ordinals: a new state goes last, none is reordered or removed
        assertThat(TaskState.values()).extracting(Enum::name).startsWith(
                "PENDING", "IN_PROGRESS", "COMPLETE", "ERROR", "CANCELLED", "RESOLVED_MANUALLY");
        assertThat(StepState.values()).extracting(Enum::name).startsWith(currentStepStates());
    }

    private static String[] currentStepStates() {
        return new String[] {"PENDING", "ENQUEUED", "IN_PROGRESS", "WAITING_FOR_RETRY", "COMPLETE", "ERROR", "CANCELLED", "RESOLVED_MANUALLY"};
    }
}
