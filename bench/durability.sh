#!/usr/bin/env bash
# What durability costs the pipeline: the throughput run (scripted model, L = 1.5 s, C = 64) on an external PostgreSQL
# (Debian's, or the embedded binaries unpacked under /tmp) with fsync and full_page_writes off, then on — the embedded
# PostgreSQL runs with them on. Prints both lines; compare their ratios to C/L.
# Usage: bench/durability.sh [rounds]   (default 8: 8 × 64 documents per run)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds="${1:-8}"
for fsync in off on; do
  java -Xmx512m -cp "$cp" dev.ledgerlens.bench.ThroughputBench "$work/durability" --latency-ms 1500 \
    --concurrency 64 --rounds "$rounds" --fsync "$fsync" 2>>"$work/durability.log"
done
