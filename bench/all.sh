#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md ("Model bound, render, payload, memory") in one run, one build, one log.
# Exits non-zero when any of them fails. Usage: bench/all.sh
set -uo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
export BENCH_WORK="${BENCH_WORK:-$(mktemp -d -t ledgerlens-bench-XXXXXX)}"
status=0
"$dir/render.sh" || status=1
"$dir/throughput.sh" || status=1
"$dir/memory.sh" || status=1
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); logs in $BENCH_WORK"
exit "$status"
