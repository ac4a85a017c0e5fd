package dev.ledgerlens.app;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.SourceFixtures;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk under the data directory stops the run (DISK_FULL, exit 1) instead of dead-lettering every remaining
 * document as a permanent failure of its own; once there is room, the next run stores them all. The data directory is
 * a small tmpfs filled to the last byte (needs root, as CI runs; skipped elsewhere); the database is the test one.
 */
class DiskFullIT {
    @TempDir
    Path work;
    private Path mount;
    private FakeOpenAiServer model;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createDirectories(work.resolve("small-disk"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + new String(process.getInputStream().readAllBytes()));
        model = FakeOpenAiServer.start();
    }

    @AfterEach
    void unmount() throws Exception {
        if (model != null) {
            model.close();
        }
        new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    private Application open() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "LEDGERLENS_DATA_DIR", mount.resolve("data").toString(),
                "LEDGERLENS_DB_URL", TestDatabase.tcpUrl(),
                "LEDGERLENS_DB_USER", "postgres",
                "LEDGERLENS_DB_PASSWORD", TestDatabase.password(),
                "LEDGERLENS_ENGINE", "openai",
                "LEDGERLENS_OPENAI_SECOND_READING", "false",
                "OPENAI_API_KEY", "sk-test-disk-full",
                "OPENAI_BASE_URL", model.baseUrl()));
        return Application.open(new ConfigSource(new Properties(), environment));
    }

    @Test
    void aFullDiskStopsTheRunAndNothingIsDeadLettered() throws Exception {
        TestDatabase.truncate();
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        for (int i = 1; i <= 5; i++) {
            byte[] photo = SourceFixtures.receiptPhoto(i);
            SourceFixtures.teach(model, i, photo);
            Files.write(inbox.resolve("receipt-" + i + ".png"), photo);
        }
        Files.createDirectories(mount.resolve("data"));
        Path filler = mount.resolve("filler");
        fill(filler);

        RunTracker first = new RunTracker();
        try (Application application = open()) {
            new BatchRun(application).run(inbox, InputDisposition.After.MOVE, first, null);
        }

        assertThat(first.fatalFailure()).as("the run stopped").hasValueSatisfying(fatal ->
                assertThat(fatal.reason()).isEqualTo(FailureReason.DISK_FULL));
        assertThat(first.summary().deadLettered()).as("nothing dead-lettered for a full disk").isZero();
        assertThat(first.summary().stored()).isZero();
        try (var files = Files.list(inbox)) {
            assertThat(files.count()).as("every input file where it was").isEqualTo(5);
        }

        Files.delete(filler);
        RunTracker second = new RunTracker();
        try (Application application = open()) {
            new BatchRun(application).run(inbox, InputDisposition.After.MOVE, second, null);
        }
        assertThat(second.fatalFailure()).isEmpty();
        assertThat(second.summary().stored()).isEqualTo(5);
        assertThat(second.summary().deadLettered()).isZero();
    }

    /** Writes until the file system refuses another byte. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }
}
