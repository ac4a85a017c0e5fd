#!/usr/bin/env bash
# Throughput against the model bound: a scripted OpenAI server answers after L = 1.5 s; C = 8, 32, 64 requests in
# flight; prints documents/s, pages/s and the ratio to C/L for the whole pipeline, then for the HTTP client alone.
# Exits non-zero when a document is not stored. Usage: bench/throughput.sh [rounds]   (default 8: 8 × C documents)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds="${1:-8}"
java -Xmx512m -cp "$cp" dev.ledgerlens.bench.ThroughputBench "$work/throughput" --latency-ms 1500 \
  --concurrency 8,32,64 --rounds "$rounds" 2>"$work/throughput.log"
java -Xmx512m -cp "$cp" dev.ledgerlens.bench.ThroughputBench "$work/engine" --engine-only true --latency-ms 1500 \
  --concurrency 64,64 --rounds 4 2>>"$work/throughput.log"
