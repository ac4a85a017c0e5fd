package dev.ledgerlens.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What happens to an input file once its document has left the pipeline: kept, moved to
 * {@code done/} or {@code failed/} next to the input folder (keeping sub-folders), or deleted.
 * A file is deleted only when its original is safely kept in the data directory.
 * Thread-safe.
 */
public final class InputDisposition {
    private static final Logger LOG = LoggerFactory.getLogger(InputDisposition.class);

    /** What happens to an input file after processing. */
    public enum After {
        /** Leave it where it is (the database remembers it by SHA-256). */
        KEEP,
        /** Move it to done/ or failed/ next to the input folder. */
        MOVE,
        /** Delete it once its original is kept in the data directory (failed unreadable files are moved to failed/). */
        DELETE
    }

    private final After after;
    private final Path inputRoot;
    private final Path doneDir;
    private final Path failedDir;
    private final ObjectDisposition objects;

    public InputDisposition(After after, Path inputRoot) {
        this(after, inputRoot, null);
    }

    /** With {@code objects} (may be null), {@code s3://} sources are handled as the S3 settings say. */
    public InputDisposition(After after, Path inputRoot, ObjectDisposition objects) {
        this.objects = objects;
        this.after = after;
        this.inputRoot = inputRoot.toAbsolutePath().normalize();
        Path parent = this.inputRoot.getParent() == null ? this.inputRoot : this.inputRoot.getParent();
        this.doneDir = parent.resolve("done");
        this.failedDir = parent.resolve("failed");
    }

    public After after() {
        return after;
    }

    public Path doneDir() {
        return doneDir;
    }

    public Path failedDir() {
        return failedDir;
    }

    /** The document was stored (or was already known). */
    public void succeeded(String sourceUri, boolean originalKept) {
        apply(sourceUri, doneDir, originalKept);
    }

    /** The document was dead-lettered. */
    public void failed(String sourceUri, boolean originalKept) {
        apply(sourceUri, failedDir, originalKept);
    }

    private void apply(String sourceUri, Path targetRoot, boolean originalKept) {
        if (objects != null && objects.owns(sourceUri)) {
            if (targetRoot.equals(doneDir)) {
                objects.succeeded(sourceUri, originalKept);
            } else {
                objects.failed(sourceUri, originalKept);
            }
            return;
        }
        if (after == After.KEEP || sourceUri == null || !sourceUri.startsWith("file:")) {
            return;
        }
        Path file = Path.of(sourceUri.substring("file:".length()));
        if (!Files.exists(file)) {
            return;
        }
        try {
            if (after == After.DELETE && originalKept) {
                Files.delete(file);
                return;
            }
            Path relative = file.startsWith(inputRoot) ? inputRoot.relativize(file) : file.getFileName();
            Path target = uniqueTarget(targetRoot.resolve(relative));
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the record is safe in the database; a file left in the inbox is seen as already known next time
            LOG.warn("could not {} {}: {}", after == After.DELETE ? "delete" : "move", file, e.toString());
        }
    }

    /** A name in the target folder that does not overwrite an earlier file of the same name. */
    private static Path uniqueTarget(Path target) {
        if (!Files.exists(target)) {
            return target;
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; ; i++) {
            Path candidate = target.resolveSibling(stem + "-" + i + extension);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }
}
