# Sourced by the bench/ scripts: builds the application and the test classes (offline) and sets $cp to the
# test class path, from a snapshot of the build so that rebuilding the worktree meanwhile changes nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
work="${BENCH_WORK:-$(mktemp -d -t ledgerlens-bench-XXXXXX)}"
mkdir -p "$work/app"
mvn -o -q -B -DskipTests package
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
[ -d "$work/app/lib" ] || cp -al target/lib "$work/app/lib" 2>/dev/null || cp -r target/lib "$work/app/lib"
cp -r target/ledgerlens.jar target/classes target/test-classes "$work/app/"
cp="$work/app/test-classes:$work/app/classes:$(cat target/test-classpath.txt)"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | sed -n 1p)"
