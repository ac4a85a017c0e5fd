#!/usr/bin/env bash
# Fault-injection stress run: N generated receipts (default 1,000) through the real application against the fake
# OpenAI server, 20% of whose answers fail (429 with Retry-After, 500, 503, a dropped connection, a 30 s stall).
# Fails (non-zero exit) when any document is lost (neither stored nor dead-lettered), stored or dead-lettered
# twice, left 'processing', not stored by `ledgerlens dlq replay --all` once the model is healthy, or when the API
# key shows up in the database, the replay's output or the exports. Loopback only; stops by itself.
#   stress/model-faults.sh [documents]        e.g. stress/model-faults.sh 1000
# Pass Maven flags through MAVEN_FLAGS (default -o, offline). The full log is target/model-faults.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
documents="${1:-1000}"
mkdir -p target
# shellcheck disable=SC2086  # MAVEN_FLAGS is a list of flags
mvn ${MAVEN_FLAGS:--o} -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ModelFaultsIT -Dledgerlens.faults.documents="$documents" 2>&1 | tee target/model-faults.log \
  | grep -E "model faults:|Tests run:|FAIL|BUILD" || true
test "${PIPESTATUS[0]}" -eq 0
