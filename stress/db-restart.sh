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
if ! ls /usr/lib/postgresql/*/bin/pg_ctl /tmp/ledgerlens-postgres-*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get install -y -q postgresql >/dev/null
fi
mvn -o -q -B test-compile
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
app="$work/app"
mkdir -p "$app"
cp -r target/classes target/test-classes "$app/"
cp="$app/test-classes:$app/classes:$(cat target/test-classpath.txt)"
status=0
java -Xmx1g -cp "$cp" dev.ledgerlens.stress.DatabaseRestartHarness "$work/fast" --documents "$documents" \
  --outage-ms 5000 --mode fast --restarts 2 >"$work/fast.log" 2>&1 || status=1
grep "^database restart" "$work/fast.log" || true
java -Xmx1g -cp "$cp" dev.ledgerlens.stress.DatabaseRestartHarness "$work/immediate" --documents "$documents" \
  --outage-ms 35000 --mode immediate --restarts 1 >"$work/immediate.log" 2>&1 || status=1
grep "^database restart" "$work/immediate.log" || true
[ "$status" -eq 0 ] && echo "db-restart: PASS" || echo "db-restart: FAIL (application logs in $work/*.log)"
exit "$status"
