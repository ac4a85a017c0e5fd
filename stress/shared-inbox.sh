#!/usr/bin/env bash
# Several real `ledgerlens run --once` processes on one inbox and one database: every document must be stored by
# exactly one of them. Exits non-zero otherwise. Offline engine, embedded PostgreSQL, loopback only; ~2-4 min.
#   stress/shared-inbox.sh                 # 3 processes, 60 documents
#   INSTANCES=4 COPIES=25 stress/shared-inbox.sh
# Needs python3 (to read the JSON summaries).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
instances=${INSTANCES:-3}
copies=${COPIES:-15}
work="$(mktemp -d)"
holder=""
cleanup() {
  if [ -n "$holder" ]; then kill -TERM "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$here/ledgerlens" --help >/dev/null   # builds the jar if needed, once
# the processes run the jar directly: the launcher would rebuild under them if a source changed meanwhile
ledgerlens() { java ${LEDGERLENS_JAVA_OPTS:-} -jar "$here/target/ledgerlens.jar" "$@"; }
mkdir -p "$work/inbox" "$work/holder-inbox"
# distinct documents: each image sample with a different trailing comment, so other bytes, same picture
n=0
for sample in "$here"/sample-inputs/*.png "$here"/sample-inputs/*.jpg "$here"/sample-inputs/*.tif; do
  for i in $(seq 1 "$copies"); do
    name="$(basename "$sample")"
    cp "$sample" "$work/inbox/copy $i – ${name}"
    printf 'ledgerlens stress copy %d' "$i" >> "$work/inbox/copy $i – ${name}"
    n=$((n + 1))
  done
done
export LEDGERLENS_DATA_DIR="$work/data" LEDGERLENS_ENGINE=offline LEDGERLENS_HTTP_PORT=-1 LEDGERLENS_CONCURRENCY=2
# the embedded PostgreSQL belongs to the first process that starts it: a watch on an empty folder holds it
java ${LEDGERLENS_JAVA_OPTS:-} -jar "$here/target/ledgerlens.jar" watch --input "$work/holder-inbox" 2> "$work/holder.log" &
holder=$!
for _ in $(seq 1 120); do grep -qs "watching" "$work/holder.log" && break; sleep 1; done
grep -q "watching" "$work/holder.log" || { echo "FAIL: the database holder did not start"; cat "$work/holder.log"; exit 1; }

echo "stress: $instances processes, $n documents, one inbox, one database"
start=$(date +%s)
pids=()
for i in $(seq 1 "$instances"); do
  ledgerlens run --once --input "$work/inbox" --after move --json --no-progress \
    > "$work/run-$i.json" 2> "$work/run-$i.log" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
elapsed=$(( $(date +%s) - start ))
[ "$failed" = 0 ] || { echo "FAIL: a run exited non-zero"; tail -n 20 "$work"/run-*.log; exit 1; }

ledgerlens status --json > "$work/status.json" 2> /dev/null
python3 - "$n" "$work" "$instances" "$elapsed" <<'PY'
import json, os, sys
n, work, instances, elapsed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = [json.load(open(os.path.join(work, f"run-{i}.json"))) for i in range(1, instances + 1)]
status = json.load(open(os.path.join(work, "status.json")))
stored_by_runs = sum(r["stored"] for r in runs)
problems = []
if stored_by_runs != n:
    problems.append(f"the runs stored {stored_by_runs} documents in all, expected {n} (once each)")
if status.get("stored") != n:
    problems.append(f"the database has {status.get('stored')} stored documents, expected {n}")
for key in ("processing", "dead_lettered"):
    if status.get(key, 0) != 0:
        problems.append(f"{status.get(key)} documents are {key}")
left = os.listdir(os.path.join(work, "inbox"))
if left:
    problems.append(f"{len(left)} files left in the inbox")
print(f"stress: {n} documents in {elapsed}s; stored per process: {[r['stored'] for r in runs]}; "
      f"database: stored {status.get('stored')}, processing {status.get('processing')}, dead-lettered {status.get('dead_lettered')}")
if problems:
    print("FAIL: " + "; ".join(problems))
    sys.exit(1)
print("OK: every document stored exactly once")
PY
