#!/usr/bin/env bash
# A database outage longer than the pipeline rides out: `watch --after move` on a folder of receipts while an
# external PostgreSQL (Debian's postgresql, installed here when missing, or the embedded binaries unpacked under
# /tmp/ledgerlens-postgres-*) is stopped as by a crash for 3 minutes, with the shipped settings (3 redeliveries,
# 30 s connection timeout: about 2 min 14 s ridden out). The watch must stop by itself as DATABASE_LOST, no file
# may be in done/ or failed/ without its record, and the next run must store every document exactly once with no
# row left 'processing'. Exits non-zero when a check fails.
# Usage: stress/db-outage.sh [documents] [outage-seconds] [workdir]   (defaults 200, 180, a new temp folder)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
documents="${1:-200}"
outage="${2:-180}"
work="${3:-$(mktemp -d -t ledgerlens-dboutage-XXXXXX)}"
cd "$here"
. "$here/stress/common.sh"
harness_classpath "$work"
status=0
java -Xmx1g -cp "$cp" dev.ledgerlens.stress.DatabaseOutageHarness "$work/run" --documents "$documents" \
  --outage-ms "$((outage * 1000))" >"$work/outage.log" 2>&1 || status=1
grep "^database outage" "$work/outage.log" || true
[ "$status" -eq 0 ] && echo "db-outage: PASS" || echo "db-outage: FAIL (application log in $work/outage.log)"
exit "$status"
