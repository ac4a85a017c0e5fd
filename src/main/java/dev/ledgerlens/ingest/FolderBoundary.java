package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What a folder source may read: files whose real location (symbolic links resolved) is inside the input folder.
 * A link to a file or subfolder inside the folder is followed (its bytes are a document like any other, and the
 * same bytes under two names are stored once); a link that leads out of the folder is refused with
 * SOURCE_UNREADABLE, so that a link dropped into a shared inbox cannot make the pipeline read, keep and send to a
 * model a file the dropper could not have put there ({@code /etc/shadow}, another tenant's folder). Named pipes,
 * sockets, devices, links to nothing and folder links that loop are not taken at all ({@link #notTaken}).
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
     * Why a folder source must not take {@code entry} (a file or folder found in the input folder) at all, or empty
     * when it may. Taken are regular files, through symbolic links too, and folders to walk into. Not taken:
     * <ul>
     *   <li>anything that is not a regular file: a named pipe (reading one blocks until some other process writes,
     *       possibly forever), a socket, a device;</li>
     *   <li>a symbolic link that leads nowhere: dangling, or in a loop of links;</li>
     *   <li>a link to a folder that is the link's own folder or one around it: walking into it would list the same
     *       files again, one level deeper each time, until the path is too long.</li>
     * </ul>
     * Only metadata is read; nothing is opened.
     */
    public static Optional<String> notTaken(Path entry) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class); // through links
        } catch (IOException e) {
            return Files.isSymbolicLink(entry)
                    ? Optional.of("a symbolic link that leads nowhere (its target is missing, or the links go round in a loop)")
                    : Optional.empty(); // gone already: there is nothing to take or to skip
        }
        if (attributes.isDirectory()) {
            return Files.isSymbolicLink(entry) && leadsToItsOwnFolder(entry)
                    ? Optional.of("a symbolic link to a folder around it; walking into it would go round in a loop")
                    : Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.of("not a regular file (a named pipe, socket or device): reading it may never end");
        }
        return Optional.empty();
    }

    /** Whether the folder {@code link} leads to is the folder holding the link, or one around it. */
    private static boolean leadsToItsOwnFolder(Path link) {
        try {
            Path target = link.toRealPath();
            for (Path folder = link.toAbsolutePath().getParent(); folder != null; folder = folder.getParent()) {
                if (folder.toRealPath().equals(target)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot be resolved now: not worth walking into
        }
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
