#!/usr/bin/env bash
# Memory: a 1,000-page PDF through render -> scripted model -> store in the packaged application with -Xmx256m;
# prints peak heap (GC log) and peak RSS (VmHWM). Exits non-zero unless the document is stored.
# Usage: bench/memory.sh [pages] [heap]   (defaults 1000, 256m)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# the harness JVM holds the scripted server, which keeps every request body it receives (~200 MB here)
java -Xmx2g -cp "$cp" dev.ledgerlens.bench.MemoryBench "$work/memory" --pages "${1:-1000}" --heap "${2:-256m}" \
  --jar "$work/app/ledgerlens.jar"
