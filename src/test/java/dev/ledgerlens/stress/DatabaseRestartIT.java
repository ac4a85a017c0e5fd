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
 * flight; those documents are redelivered, none is lost or stored twice.
 */
class DatabaseRestartIT {
    @TempDir
    Path work;

    @Test
    void documentsInFlightWhenPostgresRestartsAreRedeliveredAndStoredOnce() throws Exception {
        Optional<Path> binaries = ExternalPostgres.binaries();
        assumeTrue(binaries.isPresent(), "no PostgreSQL binaries (Debian postgresql or /tmp/embedded-pg) to start and stop");

        DatabaseRestartHarness.Report report = new DatabaseRestartHarness(new DatabaseRestartHarness.Options(
                work, 40, 1, Duration.ofSeconds(4), "fast", Duration.ofMillis(300), 8)).run(binaries.get());

        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.restartsDone()).isEqualTo(1);
        assertThat(report.summary().stored()).isEqualTo(40);
        assertThat(report.summary().deadLettered()).isZero();
    }
}
