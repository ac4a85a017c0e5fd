#!/usr/bin/env bash
# Database restart in the middle of a run: an external PostgreSQL (Debian's postgresql, installed here when
# missing, or the embedded binaries under /tmp/ledgerlens-postgres-*) is stopped and started again while documents are in
# flight. Two outages: 5 s after a clean stop (-m fast; the connection pool waits it out) and 35 s after a crash
# (-m immediate; longer than the pool's 30 s connection timeout, so Camel redelivers DATABASE_UNAVAILABLE).
# Exits non-zero when a document is lost, stored twice or dead-lettered.
# Usage: stress/db-restart.sh [documents] [workdir]   (defaults 200, a new temp folder)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
documents="${1:-200}"
work="${2:-$(mktemp -d -t ledgerlens-dbrestart-XXXXXX)}"
cd "$here"
. "$here/stress/common.sh"
harness_classpath "$work"
status=0
java -Xmx1g -cp "$cp" dev.ledgerlens.stress.DatabaseRestartHarness "$work/fast" --documents "$documents" \
  --outage-ms 5000 --mode fast --restarts 2 >"$work/fast.log" 2>&1 || status=1
grep "^database restart" "$work/fast.log" || true
java -Xmx1g -cp "$cp" dev.ledgerlens.stress.DatabaseRestartHarness "$work/immediate" --documents "$documents" \
  --outage-ms 35000 --mode immediate --restarts 1 >"$work/immediate.log" 2>&1 || status=1
grep "^database restart" "$work/immediate.log" || true
[ "$status" -eq 0 ] && echo "db-restart: PASS" || echo "db-restart: FAIL (application logs in $work/*.log)"
exit "$status"
