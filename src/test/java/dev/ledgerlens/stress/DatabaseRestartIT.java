package dev.ledgerlens.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The short variant of {@code stress/db-restart.sh}: PostgreSQL stopped and started again while documents are in
 * flight (a crash: {@code pg_ctl stop -m immediate}) for longer than the connection pool waits; those documents
 * fail as DATABASE_UNAVAILABLE and are redelivered, none is lost or stored twice.
 */
class DatabaseRestartIT {
    @TempDir
    Path work;

    @Test
    void documentsInFlightWhenPostgresRestartsAreRedeliveredAndStoredOnce() throws Exception {
        Optional<Path> binaries = ExternalPostgres.binaries();
        assumeTrue(binaries.isPresent(), "no PostgreSQL binaries (Debian postgresql or the embedded ones unpacked in /tmp) to start and stop");
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd")).contains("\npostgres:"),
                "running as root needs the 'postgres' user to run the server (apt-get install postgresql; .ci/run does)");

        DatabaseRestartHarness.Report report = new DatabaseRestartHarness(new DatabaseRestartHarness.Options(
                // down longer than the pool's 30 s connection timeout, so that waiting documents fail and Camel redelivers them
                work, 30, 1, Duration.ofSeconds(32), "immediate", Duration.ofMillis(300), 8)).run(binaries.get());

        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.restartsDone()).isEqualTo(1);
        assertThat(report.redeliveries()).as("documents that failed on the outage and were redelivered").isPositive();
        assertThat(report.summary().stored()).isEqualTo(30);
        assertThat(report.summary().deadLettered()).isZero();
    }
}
