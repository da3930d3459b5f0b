package io.tasker.topology.internal;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The timers store: keys that are the whole timer, and passes that read nothing while nothing is due. */
class TimerStoreTest {
    private final AtomicInteger scans = new AtomicInteger();
    private KeyValueStore<Bytes, byte[]> raw;
    private TimerHints.Hint hint;
    private TimerStore timers;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void open() {
        MockProcessorContext<Object, Object> ctx = new MockProcessorContext<>();
        raw = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("timers"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        raw.init(ctx.getStateStoreContext(), raw);
        KeyValueStore<Bytes, byte[]> counting = (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (p, m, args) -> {
                    if (m.getName().equals("range") || m.getName().equals("all")) scans.incrementAndGet();
                    return m.invoke(raw, args);
                });
        hint = new TimerHints.Hint();
        timers = new TimerStore(counting, hint);
    }

    @Test
    void aPassWithNothingDueOpensNoIteratorOnceTheNextDueTimeIsKnown() {
        timers.schedule("t1", new Decision.Timer(1_000, Decision.TimerKind.STEP_TIMEOUT, "a", 1));
        assertThat(timers.due(500, 10)).isEmpty();
        assertThat(scans).as("the first pass after (re)initialisation scans").hasValue(1);
        for (long now = 550; now < 1_000; now += 50) assertThat(timers.due(now, 10)).isEmpty();
        assertThat(scans).as("nothing due before 1000: no more scans").hasValue(1);

        timers.schedule("t2", new Decision.Timer(700, Decision.TimerKind.RETRY, "b", 2));
        assertThat(timers.due(700, 10)).extracting(TimerStore.Due::taskId).containsExactly("t2");
        assertThat(timers.due(1_000, 10)).extracting(TimerStore.Due::taskId).containsExactly("t2", "t1");
    }

    @Test
    void aResetHintScansAgainSoARestoredStoreIsNeverSkipped() {
        timers.schedule("t1", new Decision.Timer(1_000, Decision.TimerKind.STEP_TIMEOUT, "a", 1));
        timers.due(500, 10);
        // what an aborted transaction restores behind the hint's back: a timer already due
        raw.put(TimerStore.key("t9", new Decision.Timer(100, Decision.TimerKind.RETRY, "x", 1)), new byte[0]);
        hint.unknown(); // the processors' init after the task is revived
        assertThat(timers.due(600, 10)).extracting(TimerStore.Due::taskId).containsExactly("t9");
    }

    @Test
    void aTimerIsReadBackFromItsKeyAloneAndOldJsonValuesAreIgnored() {
        Decision.Timer t = new Decision.Timer(1_234, Decision.TimerKind.STEP_TIMEOUT, "step-a", 3);
        raw.put(TimerStore.key("task-1", t), "{\"task_id\":\"task-1\",\"kind\":\"STEP_TIMEOUT\"}".getBytes());
        raw.put(TimerStore.key("task-2", new Decision.Timer(1_500, Decision.TimerKind.TASK_DEADLINE, null, 0)), new byte[0]);
        assertThat(timers.due(2_000, 10)).extracting(TimerStore.Due::timer)
                .containsExactly(t, new Decision.Timer(1_500, Decision.TimerKind.TASK_DEADLINE, null, 0));
    }

    @Test
    void aPassTakesAtMostMaxAndTheNextPassScansForTheRest() {
        for (int i = 0; i < 5; i++) timers.schedule("t" + i, new Decision.Timer(100 + i, Decision.TimerKind.RETRY, "a", 1));
        assertThat(timers.due(1_000, 3)).hasSize(3);
        assertThat(timers.due(1_000, 3)).as("the first three are still there: nothing deleted them").hasSize(3);
        assertThat(scans).hasValue(2);
    }

    @Test
    void cancellingDeletesOnlyATimerStillInTheFuture() {
        Decision.Timer t = new Decision.Timer(1_000, Decision.TimerKind.STEP_TIMEOUT, "a", 1);
        timers.schedule("t1", t);
        timers.cancel("t1", t, 1_000); // due: the pass that fires it deletes it
        assertThat(raw.approximateNumEntries()).isEqualTo(1);
        timers.cancel("t1", t, 999);
        assertThat(raw.approximateNumEntries()).isZero();
    }
}
