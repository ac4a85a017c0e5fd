package dev.ledgerlens.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The short variant of {@code stress/crash.sh}: the packaged application killed with SIGKILL at random moments
 * and restarted, then every document stored exactly once and every input file accounted for. The long variant
 * (300 documents, ten kills, both dispositions) runs behind {@code stress/crash.sh}.
 */
class CrashRestartIT {
    private static final Path JAR = Path.of("target", "ledgerlens.jar");

    @TempDir
    Path work;

    @Test
    void killedRunsKeepingTheirFilesStoreEveryDocumentExactlyOnce() throws IOException, InterruptedException {
        CrashHarness.Report report = crash("keep", 7);

        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.killsDone()).as("kills that hit a running process").isBetween(1, 2);
        assertThat(report.statusCounts()).containsOnlyKeys("valid").containsEntry("valid", 30L);
    }

    @Test
    void killedRunsMovingTheirFilesNeverLoseOneOnTheWayToDone() throws IOException, InterruptedException {
        CrashHarness.Report report = crash("move", 11);

        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.killsDone()).as("kills that hit a running process").isBetween(1, 2);
        assertThat(report.statusCounts()).containsEntry("valid", 30L);
        assertThat(work.resolve("inbox")).isEmptyDirectory();
    }

    private CrashHarness.Report crash(String after, long seed) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(JAR), "target/ledgerlens.jar is not built (run mvn package or ./ledgerlens first)");
        // 30 documents at 8 in flight and 200 ms each: a kill finds documents in every stage
        return new CrashHarness(new CrashHarness.Options(work, JAR, 30, 2, after, Duration.ofMillis(200), 8, seed, 0)).run();
    }
}
