import io.tasker.avro.StepCommand;
import io.tasker.avro.StepResult;
import io.tasker.schemas.SchemaRegistryClient;
import io.tasker.schemas.TaskerAvroSerde;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.regex.*;

/**
 * Observes the step commands and results of a running {@code bench} (connection and topic prefix found in its log) and
 * breaks each hop into its waits: result appended, next command created, appended, committed, handler started.
 * Two observer consumers, read_uncommitted (append time) and read_committed (visibility time); timestamps are this
 * machine's clock, as are the command's dispatched_at and the result's started/finished_at (one host).
 *
 * <pre>
 * CP="launcher/target/launcher-0.1.0-SNAPSHOT.jar:$(cat launcher/target/classpath.txt)"
 * javac -d /tmp/probe -cp "$CP" bench/HopProbe.java
 * java -cp "/tmp/probe:$CP" HopProbe /tmp/bench.out 5000 &amp;   # log file of the bench, ms to skip at the start
 * java -cp "$CP" io.tasker.launcher.Main bench --tasks 300 --rate 10 --no-subscriber &gt; /tmp/bench.out
 * </pre>
 * The probe stops when the bench prints its result line and reports p50/p90/p99 of each part.
 */
public class HopProbe {
    record Seen(long at, Object value, String topic) {}
    static final ConcurrentHashMap<String, Long> cmdUncommitted = new ConcurrentHashMap<>(), cmdCommitted = new ConcurrentHashMap<>(), resUncommitted = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, StepCommand> cmds = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, StepResult> results = new ConcurrentHashMap<>();
    static volatile boolean running = true;

    public static void main(String[] a) throws Exception {
        Path log = Path.of(a[0]);
        long skipMs = a.length > 1 ? Long.parseLong(a[1]) : 5000;
        Pattern p = Pattern.compile("RunnerConfig\\[bootstrapServers=([^,]+), schemaRegistryUrl=([^,]+), topicPrefix=([^,]+),");
        Matcher m = null;
        while (m == null) {
            Matcher mm = p.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (mm.find()) m = mm; else Thread.sleep(200);
        }
        String bs = m.group(1), reg = m.group(2), prefix = m.group(3);
        System.err.println("probe: " + bs + " " + reg + " " + prefix);
        SchemaRegistryClient rc = SchemaRegistryClient.shared(reg);
        var cmdDe = new TaskerAvroSerde<>(StepCommand.class, rc, false).deserializer();
        var resDe = new TaskerAvroSerde<>(StepResult.class, rc, false).deserializer();
        Pattern topics = Pattern.compile(Pattern.quote(prefix) + "(step-commands\\..*|step-results)");
        List<Thread> threads = new ArrayList<>();
        for (String iso : List.of("read_uncommitted", "read_committed")) {
            Map<String, Object> c = new HashMap<>();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + iso + UUID.randomUUID());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, iso);
            c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
            Thread t = new Thread(() -> {
                try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(topics);
                    while (running) {
                        for (var r : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.currentTimeMillis();
                            if (r.topic().endsWith("step-results")) {
                                if (iso.equals("read_committed")) continue;
                                StepResult res = resDe.deserialize(r.topic(), r.headers(), r.value());
                                if (res.getStatus() == io.tasker.avro.StepOutcome.IN_PROGRESS) continue;
                                String k = res.getTaskId() + "/" + res.getStepName() + "/" + res.getAttempt();
                                resUncommitted.putIfAbsent(k, now);
                                results.putIfAbsent(k, res);
                            } else {
                                StepCommand cmd = cmdDe.deserialize(r.topic(), r.headers(), r.value());
                                String k = cmd.getTaskId() + "/" + cmd.getStepName() + "/" + cmd.getAttempt();
                                (iso.equals("read_committed") ? cmdCommitted : cmdUncommitted).putIfAbsent(k, now);
                                cmds.putIfAbsent(k, cmd);
                            }
                        }
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        while (!Files.readString(log).contains("\nrc=") && !Files.readString(log).contains("bench: template")) Thread.sleep(500);
        Thread.sleep(1500);
        running = false;
        for (Thread t : threads) t.join();
        report(skipMs);
    }

    static void report(long skipMs) {
        long first = cmds.values().stream().mapToLong(c -> c.getDispatchedAt().toEpochMilli()).min().orElse(0);
        Map<String, List<Long>> parts = new LinkedHashMap<>();
        for (String s : List.of("1 result: runner finished -> result appended", "2 topology: result appended -> next command dispatched",
                "3 streams producer: dispatched -> command appended", "4 commit wait: command appended -> committed (visible read_committed)",
                "5 runner: committed -> handler started", "  runner: appended -> handler started",
                "H hop: runner finished -> next handler started", "Q queue: dispatched -> handler started"))
            parts.put(s, new ArrayList<>());
        int hops = 0, missing = 0;
        for (var e : cmds.entrySet()) {
            StepCommand cmd = e.getValue();
            long disp = cmd.getDispatchedAt().toEpochMilli();
            if (disp < first + skipMs) continue;
            StepResult own = results.get(e.getKey());
            Long app = cmdUncommitted.get(e.getKey()), com = cmdCommitted.get(e.getKey());
            if (own == null || app == null || com == null) { missing++; continue; }
            long started = own.getStartedAt().toEpochMilli();
            parts.get("3 streams producer: dispatched -> command appended").add(app - disp);
            parts.get("4 commit wait: command appended -> committed (visible read_committed)").add(com - app);
            parts.get("5 runner: committed -> handler started").add(started - com);
            parts.get("  runner: appended -> handler started").add(started - app);
            parts.get("Q queue: dispatched -> handler started").add(started - disp);
            // predecessor: the result of the same task recorded last before this dispatch
            StepResult prev = null; String prevKey = null;
            for (var r : results.entrySet()) {
                StepResult x = r.getValue();
                if (!x.getTaskId().equals(cmd.getTaskId())) continue;
                Long seen = resUncommitted.get(r.getKey());
                if (seen == null || x.getFinishedAt().toEpochMilli() > disp) continue;
                if (prev == null || x.getFinishedAt().isAfter(prev.getFinishedAt())) { prev = x; prevKey = r.getKey(); }
            }
            if (prev == null) continue; // a root step
            hops++;
            long fin = prev.getFinishedAt().toEpochMilli(), rapp = resUncommitted.get(prevKey);
            parts.get("1 result: runner finished -> result appended").add(rapp - fin);
            parts.get("2 topology: result appended -> next command dispatched").add(disp - rapp);
            parts.get("H hop: runner finished -> next handler started").add(started - fin);
        }
        System.out.printf("probe: %d commands, %d hops (first %d ms skipped), %d incomplete%n", cmds.size(), hops, skipMs, missing);
        parts.forEach((k, v) -> {
            Collections.sort(v);
            if (v.isEmpty()) return;
            double mean = v.stream().mapToLong(Long::longValue).average().orElse(0);
            System.out.printf("  %-70s n=%5d mean=%6.1f p50=%4d p90=%4d p99=%4d max=%5d%n", k, v.size(), mean,
                    v.get(v.size() / 2), v.get((int) (v.size() * 0.9)), v.get(Math.min(v.size() - 1, (int) (v.size() * 0.99))), v.get(v.size() - 1));
        });
    }
}
