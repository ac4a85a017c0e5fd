package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.DiskFull;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps each document's original bytes under {@code <data-dir>/originals/<aa>/<sha256>}, so that a
 * dead-lettered document can be replayed after its input file was moved or deleted. The SHA-256 is
 * computed while copying: the bytes are read once.
 *
 * <p>Thread-safe: every copy goes through its own temporary file and an atomic rename.
 */
public final class OriginalStore {
    private final Path root;

    public OriginalStore(Path root) {
        this.root = root;
    }

    /** A stored original and its identity. */
    public record Stored(String sha256, long size, Path path) {
    }

    /**
     * Copies {@code content} into the store, reading at most {@code maxBytes + 1} bytes.
     *
     * An empty file is kept like any other: it has an identity, so it is dead-lettered once, not on every run.
     *
     * @throws LedgerlensException TOO_LARGE past the cap, SOURCE_UNREADABLE on a read error
     */
    public Stored keep(InputStream content, long maxBytes) {
        Path temp = null;
        try {
            Files.createDirectories(root);
            temp = Files.createTempFile(root, "incoming-", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                size = copyAtMost(content, out, maxBytes);
            }
            if (size > maxBytes) {
                throw new LedgerlensException(FailureReason.TOO_LARGE,
                        "the file is larger than ledgerlens.max-file-bytes (" + maxBytes + " bytes)");
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(sha256);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.delete(temp);
            } else {
                moveAtomically(temp, target);
            }
            temp = null;
            return new Stored(sha256, size, target);
        } catch (IOException e) {
            throw DiskFull.or(FailureReason.SOURCE_UNREADABLE, "cannot keep the file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover .part file is harmless and is overwritten by no one
                }
            }
        }
    }

    /** Where the original with this SHA-256 is (or would be) kept. */
    public Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(pathOf(sha256));
    }

    private static long copyAtMost(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            total += read;
            if (total > maxBytes) {
                break; // no need to read the rest of an oversized file
            }
        }
        return total;
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(source); // another worker kept the same bytes first
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
