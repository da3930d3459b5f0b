#!/usr/bin/env python3
"""Where a burst's CPU goes and what it writes (issue 11). Usage:

  # 1. a burst with JFR (per-thread CPU every second, method samples every 10 ms):
  cp $JAVA_HOME/lib/jfr/profile.jfc /tmp/burst.jfc   # then set jdk.ThreadCPULoad's period to "1 s"
  java -XX:StartFlightRecording=filename=/tmp/burst.jfr,settings=/tmp/burst.jfc ... io.tasker.launcher.Main bench \
       --template-file bench/templates/linear4.yaml --noop-handlers --tasks 15000 --no-subscriber
  # 2. CPU by thread group over the burst (seconds in which the stream thread ran), in cores:
  bench/profile/burst-profile.py threads /tmp/burst.jfr
  # 3. the stream thread's method samples (in Java only: RocksDB's native time is not in them) by what they do:
  bench/profile/burst-profile.py stream /tmp/burst.jfr
  # 4. records, bytes and batches per task on every topic: copy the bench broker's log dir
  #    (/tmp/tasker-bench-*/kafka/logs) as soon as the bench prints "completed=", then:
  bench/profile/burst-profile.py topics /tmp/logs-copy 15000

Needs only python3 and the JDK's `jfr` tool. The machine has 2 cores: thread loads are scaled to cores.
"""
import collections, glob, json, os, re, struct, subprocess, sys

CORES = os.cpu_count() or 2


def events(jfr, name, depth=128):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", name, jfr],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def thread_name(v, key="eventThread"):
    t = v.get(key)
    return t["javaName"] if t and t.get("javaName") else "?"


def group(n):
    rules = [("JIT compiler threads (C1/C2)", r"Compiler"), ("Streams stream thread", r"StreamThread-\d+$"),
             ("Streams producer sender", r"StreamThread-\d+-producer"), ("broker request handlers", r"request-handler"),
             ("broker network threads", r"network-thread"),
             ("broker other (raft, txn markers, coordinators, log)",
              r"kafka-1|raft|quorum|controller|log-|ReplicaFetcher|group-coordinator|TxnMarker|AddPartitions|broker-|kafka-scheduler|ExpirationReaper|executor-"),
             ("runner (poll + workers)", r"runner"), ("other producer senders (runner results, bench)", r"kafka-producer-network-thread"),
             ("bench observers", r"^bench-"), ("Streams global/state-updater", r"GlobalStreamThread|StateUpdater"),
             ("main", r"^main$")]
    return next((g for g, rx in rules if re.search(rx, n)), "other")


def threads(jfr):
    evs = events(jfr, "jdk.ThreadCPULoad", 1)
    busy = sorted({e["values"]["startTime"][11:19] for e in evs
                   if re.search(r"StreamThread-\d+$", thread_name(e["values"]))
                   and e["values"]["user"] + e["values"]["system"] > 0.01})
    t0, t1 = busy[0], busy[-1]
    load, secs = collections.Counter(), set()
    for e in evs:
        v = e["values"]
        ts = v["startTime"][11:19]
        if t0 <= ts <= t1:
            secs.add(ts)
            load[group(thread_name(v))] += (v["user"] + v["system"]) * CORES
    total = sum(load.values())
    print(f"burst {t0}-{t1} ({len(secs)} s): {total / len(secs):.2f} cores in Java threads (GC threads not included)")
    print("| thread group | cores | share |\n|---|---|---|")
    for g, x in load.most_common():
        print(f"| {g} | {x / len(secs):.2f} | {100 * x / total:.0f}% |")


CATEGORIES = [("Avro encode/decode", r"^org\.apache\.avro"), ("Jackson (JSON build, parse, write)", r"^com\.fasterxml"),
              ("masking (Redactor)", r"redaction\.|Masking"), ("OTel metrics/spans", r"^io\.opentelemetry|TopologyMetrics|MetricAttributes"),
              ("logging", r"^ch\.qos|^org\.slf4j"), ("RocksDB (Java side)", r"^org\.rocksdb|RocksDBStore"),
              ("Streams store layers", r"kafka\.streams\.state"),
              ("producer send", r"kafka\.clients\.producer|RecordCollectorImpl|StreamsProducer"),
              ("consumer poll/fetch", r"kafka\.clients\.consumer"),
              ("our serdes + registry lookups", r"TaskerAvroSerde|TaskRecordSerde|TaskRecordCodec|apicurio|RegistryRetry"),
              ("lifecycle payload build", r"LifecyclePayload|LifecycleEvents"),
              ("task index, counts, timers", r"TaskIndex|TemplateCounts|TaskCounts|TimerStore"),
              ("task engine (decisions)", r"TaskEngine|StepRecord|Decision"), ("other io.tasker", r"^io\.tasker"),
              ("Kafka Streams runtime (loop, commit)", r"kafka\.streams"), ("Kafka common/network", r"org\.apache\.kafka")]


def stream(jfr, rx=r"StreamThread-\d+$"):
    counts, n = collections.Counter(), 0
    for e in events(jfr, "jdk.ExecutionSample"):
        v = e["values"]
        if not re.search(rx, thread_name(v, "sampledThread")):
            continue
        n += 1
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (v["stackTrace"]["frames"] if v.get("stackTrace") else [])]
        # the innermost frame that belongs to a category names the sample
        counts[next((c for f in frames for c, r in CATEGORIES if re.search(r, f)), "JDK/other")] += 1
    print(f"{n} method samples of threads matching {rx}")
    print("| what | share |\n|---|---|")
    for c, x in counts.most_common():
        print(f"| {c} | {100 * x / n:.0f}% |")


def topics(logdir, tasks):
    recs, size, batches, markers = (collections.Counter() for _ in range(4))
    for part in os.listdir(logdir):
        if part.startswith("__") or not os.path.isdir(os.path.join(logdir, part)):
            continue
        topic = re.sub(r"-\d+$", "", part)
        for f in glob.glob(os.path.join(logdir, part, "*.log")):
            data, i = open(f, "rb").read(), 0
            while i + 61 <= len(data):  # record batch v2: length at 8, attributes at 21, record count at 57
                length = struct.unpack(">i", data[i + 8:i + 12])[0]
                if length <= 0:
                    break
                if struct.unpack(">h", data[i + 21:i + 23])[0] & 0x20:
                    markers[topic] += 1
                else:
                    recs[topic] += struct.unpack(">i", data[i + 57:i + 61])[0]
                    batches[topic] += 1
                    size[topic] += length + 12
                i += 12 + length
    print("| topic | records/task | bytes/task (batches) | records/batch | txn markers/task |\n|---|---|---|---|---|")
    for t in sorted(recs, key=lambda t: -size[t]):
        if recs[t]:
            print(f"| {t} | {recs[t] / tasks:.1f} | {size[t] / tasks:.0f} | {recs[t] / batches[t]:.1f} | {markers[t] / tasks:.3f} |")
    print(f"| total | {sum(recs.values()) / tasks:.1f} | {sum(size.values()) / tasks:.0f} | "
          f"{sum(recs.values()) / max(1, sum(batches.values())):.1f} | {sum(markers.values()) / tasks:.3f} |")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("threads", "stream", "topics"):
        sys.exit(__doc__)
    {"threads": lambda: threads(sys.argv[2]), "stream": lambda: stream(sys.argv[2]),
     "topics": lambda: topics(sys.argv[2], int(sys.argv[3]))}[sys.argv[1]]()
