package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.store.ClaimRepository;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Intake of files that go away or point away while being taken in: nothing half-kept, nothing claimed, a typed
 * reason. (The pipeline-level kinds are in HostileInputsIT; these need a failure at an exact moment.)
 */
class HostileIntakeTest {
    @TempDir
    Path dir;
    Path inbox;
    Intake intake;
    StoredRecords documents;

    @BeforeEach
    void setUp() throws IOException {
        TestDatabase.truncate();
        documents = new StoredRecords(TestDatabase.get().dataSource());
        inbox = Files.createDirectories(dir.resolve("inbox"));
        intake = new Intake(new OriginalStore(dir.resolve("originals")),
                new ClaimRepository(TestDatabase.get().dataSource()), 1_000_000, FolderBoundary.of(inbox));
    }

    @Test
    void aFileDeletedWhileBeingReadIsSourceUnreadableAndLeavesNothingBehind() throws IOException {
        Path file = Files.write(inbox.resolve("scan.pdf"), new byte[200_000]);
        // what a reader sees when a network share's file is deleted under it: some bytes, then an I/O error
        InputStream vanishing = new InputStream() {
            private final InputStream first = new ByteArrayInputStream(new byte[64 * 1024]);

            @Override
            public int read() throws IOException {
                int next = first.read();
                if (next < 0) {
                    throw new IOException("Stale file handle");
                }
                return next;
            }
        };

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> intake.admit(vanishing, "file:" + file, "scan.pdf", 200_000L));

        assertThat(failure.reason()).isEqualTo(FailureReason.SOURCE_UNREADABLE);
        assertThat(failure.getMessage()).contains("Stale file handle");
        assertThat(documents.countByStatus().values().stream().mapToLong(Long::longValue).sum()).as("claimed").isZero();
        try (Stream<Path> kept = Files.walk(dir.resolve("originals"))) {
            assertThat(kept.filter(Files::isRegularFile)).as("partial originals").isEmpty();
        }
    }

    @Test
    void aFileGoneBeforeItsLinkIsResolvedIsSourceUnreadable() {
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> intake.admit(
                new ByteArrayInputStream(new byte[10]), "file:" + inbox.resolve("gone.pdf"), "gone.pdf", 10L));

        assertThat(failure.reason()).isEqualTo(FailureReason.SOURCE_UNREADABLE);
        assertThat(failure.getMessage()).contains("vanished");
    }

    @Test
    void aLinkThroughASubfolderOutOfTheInboxIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.write(elsewhere.resolve("payroll.pdf"), "%PDF-1.7".getBytes());
        Files.createSymbolicLink(inbox.resolve("shared"), elsewhere);
        Path viaLink = inbox.resolve("shared").resolve("payroll.pdf");

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> intake.admit(
                Files.newInputStream(viaLink), "file:" + viaLink, "payroll.pdf", 8L));

        assertThat(failure.reason()).isEqualTo(FailureReason.SOURCE_UNREADABLE);
        assertThat(failure.getMessage()).contains("outside the input folder");
    }

    @Test
    void aLinkToAFileInsideTheInboxIsTakenIn() throws IOException {
        Files.write(inbox.resolve("receipt.png"), new byte[] {1, 2, 3});
        Path link = Files.createSymbolicLink(inbox.resolve("alias.png"), inbox.resolve("receipt.png"));

        Admission admission = intake.admit(Files.newInputStream(link), "file:" + link, "alias.png", 3L);

        assertThat(admission.proceed()).isTrue();
        assertThat(admission.document().size()).isEqualTo(3);
    }
}
