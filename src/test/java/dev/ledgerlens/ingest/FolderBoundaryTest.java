package dev.ledgerlens.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a folder source takes from the inbox listing at all: regular files and folders, through links, but no named
 * pipe (opening one blocks until something writes to it), no link that leads nowhere, no folder link in a loop.
 */
class FolderBoundaryTest {
    @TempDir
    Path inbox;

    @Test
    void regularFilesFoldersAndLinksToThemAreTaken() throws IOException {
        Path file = Files.writeString(inbox.resolve("receipt.pdf"), "%PDF-");
        Path folder = Files.createDirectories(inbox.resolve("march"));
        Path sibling = Files.createDirectories(inbox.resolve("april"));

        assertThat(FolderBoundary.notTaken(file)).isEmpty();
        assertThat(FolderBoundary.notTaken(folder)).isEmpty();
        assertThat(FolderBoundary.notTaken(Files.createSymbolicLink(inbox.resolve("link.pdf"), file.getFileName()))).isEmpty();
        assertThat(FolderBoundary.notTaken(Files.createSymbolicLink(folder.resolve("to-april"), sibling))).isEmpty();
    }

    @Test
    void aNamedPipeIsNotTaken() throws Exception {
        Path fifo = inbox.resolve("pipe.pdf");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

        assertThat(FolderBoundary.notTaken(fifo)).hasValueSatisfying(reason -> assertThat(reason).contains("named pipe"));
    }

    @Test
    void linksThatLeadNowhereOrGoRoundAreNotTaken() throws IOException {
        Path dangling = Files.createSymbolicLink(inbox.resolve("gone.pdf"), inbox.resolve("no-such.pdf"));
        Path ping = Files.createSymbolicLink(inbox.resolve("ping.pdf"), Path.of("pong.pdf"));
        Files.createSymbolicLink(inbox.resolve("pong.pdf"), Path.of("ping.pdf"));
        Path itself = Files.createSymbolicLink(inbox.resolve("again"), Path.of("."));
        Path sub = Files.createDirectories(inbox.resolve("a/b"));
        Path up = Files.createSymbolicLink(sub.resolve("up"), inbox.resolve("a"));

        assertThat(FolderBoundary.notTaken(dangling)).hasValueSatisfying(reason -> assertThat(reason).contains("leads nowhere"));
        assertThat(FolderBoundary.notTaken(ping)).hasValueSatisfying(reason -> assertThat(reason).contains("loop"));
        assertThat(FolderBoundary.notTaken(itself)).hasValueSatisfying(reason -> assertThat(reason).contains("loop"));
        assertThat(FolderBoundary.notTaken(up)).hasValueSatisfying(reason -> assertThat(reason).contains("loop"));
    }
}
