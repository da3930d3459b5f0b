#!/usr/bin/env bash
# Tracing overhead on the demo workflow: tracing off, on without an exporter, and exporting by OTLP/HTTP to an
# in-process receiver (bench --otel-sink). Modes are interleaved within each repetition so that the machine's drift
# over a sitting hits all three alike. Usage: bench/tracing-overhead.sh [REPS] [BURST_TASKS] [PACED_TASKS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}; burst=${2:-2000}; paced=${3:-500}; rate=${4:-50}
run() { ./tasker bench --no-subscriber "$@" 2>/dev/null | grep -E "tasks/s|OTLP sink" | tr '\n' ' '; echo; }
for i in $(seq 1 "$reps"); do
  for mode in off on export; do
    case $mode in
      off) flags=(--tracing off);; on) flags=(--tracing on);; export) flags=(--otel-sink);;
    esac
    echo "rep $i $mode burst: $(run --tasks "$burst" "${flags[@]}")"
    echo "rep $i $mode paced: $(run --tasks "$paced" --rate "$rate" "${flags[@]}")"
  done
done
