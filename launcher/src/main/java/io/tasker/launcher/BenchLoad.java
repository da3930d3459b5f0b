package io.tasker.launcher;

import io.tasker.avro.LifecycleEvent;
import io.tasker.avro.TaskRequest;
import io.tasker.schemas.LifecycleEventNames;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One bench run's load: produces the {@code TaskRequest}s straight to Kafka as {@link BenchPacing} says while a
 * {@code read_committed} consumer on its own thread reads the lifecycle topic: {@code step.completed},
 * {@code task.completed} / {@code task.failed} of the run's tasks. Latency is the request time (producer side) to the
 * {@code occurred_at} of the task's end event; both clocks are this JVM's.
 */
final class BenchLoad {
    private final Platform platform;
    private final BenchWorkload workload;
    private final BenchPacing pacing;

    BenchLoad(Platform platform, BenchWorkload workload, BenchPacing pacing) {
        this.platform = platform;
        this.workload = workload;
        this.pacing = pacing;
    }

    /**
     * What one run measured.
     *
     * @param submitted      tasks requested
     * @param firstRequest   epoch ms of the first request
     * @param lastCompletion epoch ms of the last task end seen
     * @param latencies      request -> end (ms) of each ended task after the warm-up
     * @param cycles         {@link StepCycles} of the completed tasks after the warm-up (ms)
     * @param warmup         request -> end (ms) of each ended task of the warm-up ({@link BenchPacing#warmup(int)});
     *                       not in {@code latencies} or {@code cycles}; a paced warm-up's tasks are counted in
     *                       {@code submitted}, {@code completed}, {@code failed}, {@code steps} and the span, a warm-up
     *                       burst's are not (those figures are the measured burst's; see {@code warmupBurst})
     * @param warmupBurst    the warm-up burst awaited before the measured burst, {@link WarmupBurst#NONE} without one
     */
    record Result(int submitted, int completed, int failed, long steps, long firstRequest, long lastCompletion,
                  long[] latencies, List<Long> cycles, long[] warmup, WarmupBurst warmupBurst) {
        /** A run without a warm-up burst. */
        Result(int submitted, int completed, int failed, long steps, long firstRequest, long lastCompletion,
               long[] latencies, List<Long> cycles, long[] warmup) {
            this(submitted, completed, failed, steps, firstRequest, lastCompletion, latencies, cycles, warmup, WarmupBurst.NONE);
        }

        /** A run without a warm-up. */
        Result(int submitted, int completed, int failed, long steps, long firstRequest, long lastCompletion,
               long[] latencies, List<Long> cycles) {
            this(submitted, completed, failed, steps, firstRequest, lastCompletion, latencies, cycles, new long[0]);
        }

        double seconds() {
            return Math.max(0, lastCompletion - firstRequest) / 1000.0;
        }
    }

    /**
     * The warm-up burst of a run: its tasks, how many ended, and its span (first request -> last end seen, epoch ms).
     *
     * @param tasks tasks submitted in the warm-up burst (0 = none)
     */
    record WarmupBurst(int tasks, int completed, int failed, long firstRequest, long lastEnd) {
        static final WarmupBurst NONE = new WarmupBurst(0, 0, 0, 0, 0);

        int ended() {
            return completed + failed;
        }

        double seconds() {
            return ended() == 0 ? 0 : Math.max(0, lastEnd - firstRequest) / 1000.0;
        }

        double tasksPerSecond() {
            return seconds() <= 0 ? 0 : ended() / seconds();
        }
    }

    /**
     * Submits every task, then waits at most {@code timeout} after the last submission for all of them to end. With a
     * warm-up burst, that burst is submitted first and awaited (at most {@code timeout} too) before the measured burst.
     *
     * @param onMeasuredStart called just before the first measured request, after a warm-up burst (the CPU clock and
     *                        the histogram snapshot start there); a paced warm-up is part of the measured span
     * @param onAllEnded      called on the consumer thread when the last task ended (the CPU clock stops there)
     */
    Result run(Duration timeout, Runnable onMeasuredStart, Runnable onAllEnded) throws InterruptedException {
        int total = pacing.total();
        Map<String, Long> requestedAt = new ConcurrentHashMap<>(total * 2);
        Set<String> warmup = ConcurrentHashMap.newKeySet(pacing.warmupTasks() * 2);
        SchemaRegistryClient registry = SchemaRegistryClient.shared(platform.schemaRegistryUrl(), platform.clients().registry());
        Map<String, Object> pc = platform.clients().kafka().producer(platform.bootstrapServers());
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        // a request leaves at once (in a burst, batches still form while sends are in flight): a client's linger would
        // be counted in every task's latency
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Observer observer = new Observer(total, requestedAt, warmup, onAllEnded);
        long first;
        long warmupFirst = 0;
        try (observer; var producer = new KafkaProducer<>(pc, new StringSerializer(),
                new TaskerAvroSerde<>(TaskRequest.class, registry, false).serializer())) {
            observer.start();
            int i = 0;
            if (pacing.warmupBurstFirst()) {
                warmupFirst = System.currentTimeMillis();
                for (; i < pacing.warmupTasks(); i++) submit(producer, i, requestedAt, warmup);
                producer.flush();
                // not all ended in time: the measured burst runs anyway and the report's warm-up line says ended=E of N
                observer.warmupEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            onMeasuredStart.run();
            first = System.currentTimeMillis();
            long startNanos = System.nanoTime();
            for (; i < total; i++) {
                if (pacing.paced()) {
                    long wait = startNanos + pacing.dueNanos(i) - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
                submit(producer, i, requestedAt, warmup);
            }
            producer.flush();
            observer.allEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return observer.result(total, first, warmupFirst);
    }

    private void submit(KafkaProducer<String, TaskRequest> producer, int i, Map<String, Long> requestedAt, Set<String> warmup) {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        if (pacing.warmup(i)) warmup.add(id); // before the request: its end may be read at once
        requestedAt.put(id, now);
        producer.send(new ProducerRecord<>(platform.topics().taskRequests(), id, TaskRequest.newBuilder()
                .setTaskId(id).setNamespace(workload.template().namespace()).setTemplateName(workload.template().name())
                .setTemplateVersion(workload.template().version()).setContextJson(workload.contexts().apply(i))
                .setRequestedAt(Instant.ofEpochMilli(now)).setCorrelationId(id).setTags(Map.of()).build()));
    }

    /** Reads the lifecycle topic on its own thread until closed; counts and times the run's tasks. */
    private final class Observer implements AutoCloseable {
        private final KafkaConsumer<String, LifecycleEvent> consumer;
        private final Map<String, Long> requestedAt;
        private final Set<String> warmup;
        private final int total;
        private final Runnable onAllEnded;
        private final CountDownLatch allEnded = new CountDownLatch(1);
        private final CountDownLatch warmupEnded = new CountDownLatch(1);
        private final StepCycles cycles = new StepCycles(workload.template());
        private final long[] latencies;
        private final long[] warmupLatencies;
        private final Thread thread;
        private volatile boolean running = true;
        // written by the consumer thread only; read after it was joined. The warm-up's own counts are apart
        private int completed;
        private int failed;
        private int measured;
        private int warmedUp;
        private long steps;
        private long last;
        private int warmupCompleted;
        private int warmupFailed;
        private long warmupSteps;
        private long warmupLast;

        Observer(int total, Map<String, Long> requestedAt, Set<String> warmup, Runnable onAllEnded) {
            this.total = total;
            this.requestedAt = requestedAt;
            this.warmup = warmup;
            this.onAllEnded = onAllEnded;
            this.latencies = new long[total];
            this.warmupLatencies = new long[total];
            Map<String, Object> cc = platform.clients().kafka().consumer(platform.bootstrapServers());
            cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-observer-" + UUID.randomUUID());
            cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(cc, new StringDeserializer(),
                    new TaskerAvroSerde<>(LifecycleEvent.class, SchemaRegistryClient.shared(platform.schemaRegistryUrl(),
                            platform.clients().registry()), false).deserializer());
            consumer.subscribe(List.of(platform.topics().lifecycle()));
            thread = new Thread(this::consume, "bench-lifecycle-observer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void consume() {
            try {
                while (running) {
                    for (ConsumerRecord<String, LifecycleEvent> rec : consumer.poll(Duration.ofMillis(100))) handle(rec.value());
                }
            } catch (WakeupException e) {
                // closing
            }
        }

        private void handle(LifecycleEvent e) {
            Long at = requestedAt.get(e.getTaskId());
            if (at == null) return; // not this run's task
            long occurred = e.getOccurredAt().toEpochMilli();
            switch (e.getEventType()) {
                case LifecycleEventNames.TASK_STARTED -> cycles.taskStarted(e.getTaskId(), occurred);
                case LifecycleEventNames.STEP_COMPLETED -> {
                    if (warmup.contains(e.getTaskId())) warmupSteps++;
                    else steps++;
                    if (e.getStepName() != null) cycles.stepCompleted(e.getTaskId(), e.getStepName(), occurred);
                }
                case LifecycleEventNames.TASK_COMPLETED, LifecycleEventNames.TASK_FAILED -> {
                    if (ended() >= total) return;
                    boolean ok = e.getEventType().equals(LifecycleEventNames.TASK_COMPLETED);
                    if (warmup.contains(e.getTaskId())) {
                        warmupLatencies[warmedUp++] = occurred - at;
                        cycles.taskDropped(e.getTaskId());
                        if (ok) warmupCompleted++;
                        else warmupFailed++;
                        warmupLast = Math.max(warmupLast, occurred);
                        if (warmedUp == pacing.warmupTasks()) warmupEnded.countDown();
                    } else {
                        latencies[measured++] = occurred - at;
                        cycles.taskEnded(e.getTaskId());
                        if (ok) completed++;
                        else failed++;
                        last = Math.max(last, occurred);
                    }
                    if (ended() == total) {
                        onAllEnded.run();
                        allEnded.countDown();
                    }
                }
                default -> {
                }
            }
        }

        private int ended() {
            return completed + failed + warmupCompleted + warmupFailed;
        }

        /** A warm-up burst's figures apart from the measured burst's; a paced warm-up's inside the run's. */
        Result result(int submitted, long first, long warmupFirst) {
            long[] measuredLatencies = Arrays.copyOf(latencies, measured);
            List<Long> measuredCycles = List.copyOf(cycles.cycles());
            long[] warmupEnds = Arrays.copyOf(warmupLatencies, warmedUp);
            if (pacing.warmupBurstFirst()) {
                int n = pacing.warmupTasks();
                return new Result(submitted - n, completed, failed, steps, first, last, measuredLatencies, measuredCycles, warmupEnds,
                        new WarmupBurst(n, warmupCompleted, warmupFailed, warmupFirst, warmupLast));
            }
            return new Result(submitted, completed + warmupCompleted, failed + warmupFailed, steps + warmupSteps, first,
                    Math.max(last, warmupLast), measuredLatencies, measuredCycles, warmupEnds);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
            consumer.close();
        }
    }
}
