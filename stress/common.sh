# Shared set-up of the stress scripts that drive a harness class from the test classes against an external
# PostgreSQL. Source it, then call harness_classpath WORKDIR: it installs Debian's PostgreSQL when no server
# binaries are found, compiles the tests, copies the classes into WORKDIR/app (so a rebuild during the run cannot
# change them) and sets $cp to the classpath of the harness.

harness_classpath() {
  local work="$1"
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl /tmp/ledgerlens-postgres-*/bin/pg_ctl >/dev/null 2>&1; then
    apt-get install -y -q postgresql >/dev/null
  fi
  mvn -o -q -B test-compile
  mvn -o -q -B dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  local app="$work/app"
  mkdir -p "$app"
  cp -r target/classes target/test-classes "$app/"
  cp="$app/test-classes:$app/classes:$(cat target/test-classpath.txt)"
}
