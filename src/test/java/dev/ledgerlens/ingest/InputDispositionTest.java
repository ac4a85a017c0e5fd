package dev.ledgerlens.ingest;

import dev.ledgerlens.ingest.InputDisposition.After;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InputDispositionTest {
    @TempDir
    Path workspace;
    Path inbox;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(workspace.resolve("inbox"));
        file = Files.createDirectories(inbox.resolve("2026/november")).resolve("scan März 1.pdf");
        Files.writeString(file, "%PDF");
    }

    private static String uri(Path path) {
        return "file:" + path.toAbsolutePath();
    }

    @Test
    void keepLeavesTheFileWhereItIs() {
        new InputDisposition(After.KEEP, inbox).succeeded(uri(file), true);

        assertThat(file).exists();
    }

    @Test
    void moveKeepsSubFoldersUnderDoneOrFailedNextToTheInbox() {
        InputDisposition disposition = new InputDisposition(After.MOVE, inbox);

        disposition.succeeded(uri(file), true);

        assertThat(file).doesNotExist();
        assertThat(workspace.resolve("done/2026/november/scan März 1.pdf")).hasContent("%PDF");
    }

    @Test
    void aFailedFileGoesToFailedAndNeverOverwritesAnEarlierOneOfTheSameName() throws Exception {
        InputDisposition disposition = new InputDisposition(After.MOVE, inbox);
        Path earlier = Files.createDirectories(workspace.resolve("failed/2026/november")).resolve("scan März 1.pdf");
        Files.writeString(earlier, "earlier");

        disposition.failed(uri(file), true);

        assertThat(earlier).hasContent("earlier");
        assertThat(workspace.resolve("failed/2026/november/scan März 1-1.pdf")).hasContent("%PDF");
    }

    @Test
    void deleteRemovesAFileOnlyWhenItsOriginalIsKept() {
        InputDisposition disposition = new InputDisposition(After.DELETE, inbox);

        disposition.failed(uri(file), false);
        assertThat(file).doesNotExist();
        assertThat(workspace.resolve("failed/2026/november/scan März 1.pdf")).exists();

        Path other = inbox.resolve("b.pdf");
        disposition.succeeded(uri(writeString(other)), true);
        assertThat(other).doesNotExist();
        assertThat(workspace.resolve("done")).doesNotExist();
    }

    private static Path writeString(Path path) {
        try {
            return Files.writeString(path, "x");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
