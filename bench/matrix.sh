#!/usr/bin/env bash
# The standard benchmark matrix: each shape in a burst (throughput, RSS, CPU) and paced (latency without queueing),
# repeated, interleaved (rep 1 of every shape and mode, then rep 2, ...) so that the machine's drift over a sitting hits
# every cell alike. Writes ONE markdown table: each cell is the median of the repetitions with the runs in parentheses.
#
#   bench/matrix.sh                                   # full matrix, 3 repetitions (~30-40 min on 2 cores)
#   bench/matrix.sh --quick --reps 1                  # small counts, a few minutes: does it work?
#   bench/matrix.sh --shapes linear4,chain30 --modes paced -- --commit-interval-ms 20
#
# Options:
#   --shapes LIST   comma-separated among linear4,diamond4,demo,fanout50,chain30 (default: all five)
#   --modes LIST    burst,paced (default: both)
#   --reps N        repetitions (default 3)
#   --quick         small counts: bursts of 1,000 tasks (fanout50/chain30: 100), paced runs of 5 s after a 2 s warm-up
#   --warm-bursts N each burst run first runs a warm-up burst of N tasks to its end (bench --warmup-tasks N), so that
#                   the burst columns measure a warm JVM; default 0: cold bursts
#   --out FILE      the table's file (default bench/results/matrix-<date>.md); the runs' JSON lines go to FILE.jsonl
#   -- ARGS         passed to every `tasker bench` (e.g. --commit-interval-ms 20, --partitions 12)
# Environment:
#   TASKER_CMD        the command to run (default ./tasker); e.g. a `java -cp ... io.tasker.launcher.Main` line
#   TASKER_JAVA_OPTS  JVM options ./tasker passes (default: ./tasker's, -Xmx512m; set it empty for the JVM's defaults);
#                     shown in the table's header. A java TASKER_CMD line carries its own options instead
set -euo pipefail
cd "$(dirname "$0")/.."

shapes="linear4,diamond4,demo,fanout50,chain30"
modes="burst,paced"
reps=3
quick=""
warm_bursts=0
out=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shapes) shapes="$2"; shift 2;;
    --modes) modes="$2"; shift 2;;
    --reps) reps="$2"; shift 2;;
    --quick) quick=1; shift;;
    --out) out="$2"; shift 2;;
    --) shift; extra=("$@"); break;;
    --warm-bursts) warm_bursts="$2"; shift 2;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "matrix.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "matrix.sh: --reps must be a positive number, got '$reps'" >&2; exit 2; }
[[ "$warm_bursts" =~ ^[0-9]+$ ]] || { echo "matrix.sh: --warm-bursts must be a number of tasks (0 = none), got '$warm_bursts'" >&2; exit 2; }
warm_bursts=$((10#$warm_bursts))
read -r -a cmd <<< "${TASKER_CMD:-./tasker}"
if [ -n "${TASKER_CMD:-}" ]; then java_opts="${TASKER_JAVA_OPTS-those of TASKER_CMD}"; else java_opts="${TASKER_JAVA_OPTS-the ./tasker default -Xmx512m}"; fi
if [ -z "$out" ]; then mkdir -p bench/results; out="bench/results/matrix-$(date -u +%Y%m%d-%H%M%S).md"; fi
: > "$out.jsonl"

# What a shape runs: the workload, the burst size and the paced rate (tasks/s). Paced runs last `paced_s` seconds after a
# warm-up of `warmup_s` seconds at the same rate whose tasks are run but left out of the latency percentiles.
workload() {
  case "$1" in
    linear4|diamond4|fanout50|chain30) echo "--template-file bench/templates/$1.yaml --noop-handlers";;
    demo) echo "--template order_fulfillment";;
    *) echo "matrix.sh: unknown shape '$1' (linear4, diamond4, demo, fanout50, chain30)" >&2; exit 2;;
  esac
}
burst_tasks() {
  case "$1" in
    linear4|diamond4) [ -n "$quick" ] && echo 1000 || echo 15000;;
    demo) [ -n "$quick" ] && echo 1000 || echo 5000;;
    fanout50|chain30) [ -n "$quick" ] && echo 100 || echo 1000;;
  esac
}
paced_rate() { [ "$1" = chain30 ] && echo 1 || echo 10; }
paced_s=$([ -n "$quick" ] && echo 5 || echo 30)
warmup_s=$([ -n "$quick" ] && echo 2 || echo 5)

IFS=, read -r -a shape_list <<< "$shapes"
IFS=, read -r -a mode_list <<< "$modes"
for s in "${shape_list[@]}"; do workload "$s" > /dev/null; done
for m in "${mode_list[@]}"; do
  case "$m" in burst|paced) ;; *) echo "matrix.sh: unknown mode '$m' (burst, paced)" >&2; exit 2;; esac
done

# field NAME JSON: a number or string of the flat JSON line `tasker bench --output json` prints
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<< "$2"; }

declare -A runs  # "shape mode field" -> space-separated values, one per repetition ("fail" for a failed run)
record() { runs["$1 $2 $3"]="${runs["$1 $2 $3"]:-}${runs["$1 $2 $3"]:+ }$4"; }

for rep in $(seq 1 "$reps"); do
  for s in "${shape_list[@]}"; do
    for m in "${mode_list[@]}"; do
      if [ "$m" = burst ]; then
        args=(--tasks "$(burst_tasks "$s")")
        [ "$warm_bursts" -gt 0 ] && args+=(--warmup-tasks "$warm_bursts")
      else args=(--rate "$(paced_rate "$s")" --duration "$paced_s" --warmup "$warmup_s"); fi
      # shellcheck disable=SC2046 # the workload's words are options
      line=$("${cmd[@]}" bench --no-subscriber --output json $(workload "$s") "${args[@]}" "${extra[@]}" 2>/dev/null \
        | grep '^{"bench"' | tail -1 || true)
      if [ -z "$line" ]; then
        echo "rep $rep $s $m: FAILED (no report; run it by hand: ${cmd[*]} bench $(workload "$s") ${args[*]})" >&2
        for f in tasks_per_s steps_per_s rss_peak_mb cpu_cores latency_p50_ms latency_p95_ms latency_p99_ms cycle_p50_ms hop_mean_ms; do
          record "$s" "$m" "$f" fail
        done
        continue
      fi
      echo "$line" >> "$out.jsonl"
      complete=$([ "$(field completed "$line")" = "$(field submitted "$line")" ] \
        && [ "$(field warmup_ended "$line")" = "$(field warmup_tasks "$line")" ] && echo "" || echo "*")
      for f in tasks_per_s steps_per_s rss_peak_mb cpu_cores latency_p50_ms latency_p95_ms latency_p99_ms cycle_p50_ms hop_mean_ms; do
        record "$s" "$m" "$f" "$(field "$f" "$line")$complete"
      done
      echo "rep $rep $s $m: $(field tasks_per_s "$line") tasks/s, p50 $(field latency_p50_ms "$line") ms," \
        "p99 $(field latency_p99_ms "$line") ms, rss $(field rss_peak_mb "$line") MB, completed $(field completed "$line")/$(field submitted "$line")" >&2
    done
  done
done

# cell SHAPE MODE FIELD DECIMALS: "median (run, run, run)"; one run: the value alone; a failed run shows as "fail"
cell() {
  local values="${runs["$1 $2 $3"]:-}"
  [ -z "$values" ] && { echo "–"; return; }
  awk -v d="$4" -v list="$values" 'BEGIN {
    n = split(list, v, " "); k = 0; shown = ""; mark = ""
    for (i = 1; i <= n; i++) {
      x = v[i]; if (x ~ /\*$/) { mark = "*"; sub(/\*$/, "", x) }
      if (x == "fail") s = "fail"; else { ok[++k] = x + 0; s = sprintf("%." d "f", x) }
      shown = shown (i > 1 ? ", " : "") s
    }
    if (k == 0) { print "fail"; exit }
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (ok[j] < ok[i]) { t = ok[i]; ok[i] = ok[j]; ok[j] = t }
    med = (k % 2) ? ok[(k + 1) / 2] : (ok[k / 2] + ok[k / 2 + 1]) / 2
    printf (n > 1 ? "**%." d "f**%s (%s)" : "%." d "f%s"), med, mark, shown
  }'
}
steps_of() { case "$1" in linear4|diamond4) echo 4;; demo) echo 5;; fanout50) echo 52;; chain30) echo 30;; esac; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
{
  echo "Benchmark matrix, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(nproc) cores, $reps repetition(s)$([ -n "$quick" ] && echo ", --quick counts")."
  burst_desc="${quick:+quick }burst of the tasks shown"
  [ "$warm_bursts" -gt 0 ] && burst_desc="$burst_desc after a warm-up burst of $warm_bursts tasks run to its end (not in the burst figures)"
  echo "Each cell: median (runs). Burst = $burst_desc; paced = the rate shown for ${paced_s} s after a ${warmup_s} s warm-up (its tasks run, not in the percentiles)."
  echo "JVM options: ${java_opts:-none}; extra bench options: ${extra[*]:-none}. One JVM runs broker, topology and runner."
  echo
  echo "| workflow | steps | burst tasks | tasks/s | steps/s | RSS peak MB | CPU cores | paced rate | p50 ms | p95 ms | p99 ms | per hop p50 ms | topology hop mean ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for s in "${shape_list[@]}"; do
    echo "| $s | $(steps_of "$s") | $(burst_tasks "$s") | $(cell "$s" burst tasks_per_s 0) | $(cell "$s" burst steps_per_s 0)" \
      "| $(cell "$s" burst rss_peak_mb 0) | $(cell "$s" burst cpu_cores 2) | $(paced_rate "$s")/s" \
      "| $(cell "$s" paced latency_p50_ms 0) | $(cell "$s" paced latency_p95_ms 0) | $(cell "$s" paced latency_p99_ms 0)" \
      "| $(cell "$s" paced cycle_p50_ms 0) | $(cell "$s" paced hop_mean_ms 1) |"
  done
  echo
  echo "Latency: request -> task.completed. Per hop: a step's completion recorded -> the next step's completion recorded"
  echo "(paced runs). Topology hop: runner finished a step -> next step dispatched (the tasker.steps.hop.duration mean)."
  echo "RSS: peak sampled VmRSS of the bench JVM during the burst. A * marks a run in which not every task completed (or not every warm-up task ended)."
} | tee "$out"
echo "table: $out, runs: $out.jsonl" >&2
