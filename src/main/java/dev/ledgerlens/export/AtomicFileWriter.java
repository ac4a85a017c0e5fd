package dev.ledgerlens.export;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file so that readers never see half of it: the content goes to a temporary file in
 * the same folder (same file system, so the rename is atomic), is flushed to disk, then renamed over the
 * target. If writing fails for any reason the temporary file is deleted and the target is untouched.
 * Stateless and thread-safe; two writers of the same target race only on the final rename.
 */
public final class AtomicFileWriter {

    /** What to write into the file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer writer) throws IOException;
    }

    /** Writes {@code content} to {@code target} as it is, atomically. */
    public void write(Path target, byte[] content) {
        write(target, new BinaryBody(content));
    }

    /** Bytes already encoded: written to the file stream itself, not through a character writer. */
    private record BinaryBody(byte[] content) implements Body {
        @Override
        public void writeTo(Writer writer) {
            throw new IllegalStateException("binary content is written as bytes");
        }
    }

    /** Writes {@code body} to {@code target} in UTF-8, atomically. */
    public void write(Path target, Body body) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        try {
            try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
                if (body instanceof BinaryBody binary) {
                    out.write(binary.content());
                } else {
                    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    body.writeTo(writer);
                    writer.flush();
                }
                out.getFD().sync(); // the rename must not become visible before the bytes are on disk
            }
            move(temporary, absolute);
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(temporary, e);
            throw e;
        }
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup); // the write's failure is what matters; the leftover is named in it
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network file systems cannot rename atomically; a plain replace is the best they offer.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
