package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a folder source may read: files whose real location (symbolic links resolved) is inside the input folder.
 * A link to a file or subfolder inside the folder is followed (its bytes are a document like any other, and the
 * same bytes under two names are stored once); a link that leads out of the folder is refused with
 * SOURCE_UNREADABLE, so that a link dropped into a shared inbox cannot make the pipeline read, keep and send to a
 * model a file the dropper could not have put there ({@code /etc/shadow}, another tenant's folder).
 * Immutable and thread-safe.
 *
 * @param root the input folder; null for sources that are not folders (nothing is checked)
 */
public record FolderBoundary(Path root) {
    /** No folder: every source URI passes (S3, replays). */
    public static FolderBoundary none() {
        return new FolderBoundary(null);
    }

    /** The boundary of the folder {@code root}. */
    public static FolderBoundary of(Path root) {
        return new FolderBoundary(root.toAbsolutePath().normalize());
    }

    /**
     * Checks a {@code file:} source URI; other URIs pass.
     *
     * @throws LedgerlensException SOURCE_UNREADABLE when the file's real location is outside the folder or
     *                             it vanished before it could be resolved
     */
    public void check(String sourceUri, String fileName) {
        if (root == null || sourceUri == null || !sourceUri.startsWith("file:")) {
            return;
        }
        Path file = Path.of(sourceUri.substring("file:".length()));
        Path realFile;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            realFile = file.toRealPath();
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "'" + fileName
                    + "' vanished before it could be read (deleted or moved while being picked up): " + e.getMessage(), e);
        }
        if (!realFile.startsWith(realRoot)) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "'" + fileName
                    + "' is a symbolic link to a file outside the input folder " + root
                    + "; links are followed only inside the folder. Copy the file in instead.");
        }
    }
}
