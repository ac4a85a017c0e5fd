package dev.ledgerlens.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The short variant of {@code stress/db-outage.sh}: {@code watch --after move} with PostgreSQL down longer than the
 * redeliveries ride out (short settings: one redelivery, a 3 s connection timeout). The watch stops as
 * DATABASE_LOST within the bound, no file is set aside without its record, and the next run stores every document
 * exactly once.
 */
class DatabaseOutageIT {
    @TempDir
    Path work;

    @Test
    void aLongOutageStopsTheRunWithoutMovingAFileItCouldNotRecord() throws Exception {
        Optional<Path> binaries = ExternalPostgres.binaries();
        assumeTrue(binaries.isPresent(), "no PostgreSQL binaries (Debian postgresql or the embedded ones unpacked in /tmp)");
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || java.nio.file.Files.readString(Path.of("/etc/passwd")).contains("\npostgres:"),
                "running as root needs the 'postgres' user to run the server (apt-get install postgresql; .ci/run does)");

        DatabaseOutageHarness.Report report = new DatabaseOutageHarness(new DatabaseOutageHarness.Options(
                work, 30, Duration.ofSeconds(30), 1, Duration.ofSeconds(3), Duration.ofMillis(300))).run(binaries.get());

        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.fatal()).isEqualTo("DATABASE_LOST");
        // bound: (1 redelivery + 1) x 3 s connection timeout + the delay, plus the store attempt in progress
        assertThat(report.stoppedAfter()).as(report.toString()).isLessThan(Duration.ofSeconds(25));
        assertThat(report.second().stored()).as("the next run stored the rest").isPositive();
    }
}
