package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A batch input file being written: one JSON line per request, within the Batch API's limits on one file (50,000
 * requests, 200 MB). The caller asks {@link #fits} before {@link #append} and starts a new file when the answer is
 * no. {@link #seal()} forces the bytes to disk: a sealed file is complete and may be uploaded after a crash.
 * Not thread-safe: one writer at a time (the caller synchronises).
 */
public final class BatchInputFile implements Closeable {
    /** The Batch API's limit on the requests of one input file. */
    public static final int MAX_REQUESTS = 50_000;
    /** The Batch API's limit on the size of one input file: 200 MB, counted in decimal megabytes to stay on the safe side. */
    public static final long MAX_BYTES = 200L * 1000 * 1000;

    private final Path path;
    private final FileChannel channel;
    private final int maxRequests;
    private final long maxBytes;
    private int lines;
    private long bytes;

    private BatchInputFile(Path path, FileChannel channel, int maxRequests, long maxBytes) {
        this.path = path;
        this.channel = channel;
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    /** A new, empty file at {@code path} (which must not exist) with the API's limits. */
    public static BatchInputFile create(Path path) {
        return create(path, MAX_REQUESTS, MAX_BYTES);
    }

    /** As {@link #create(Path)} with other limits (tests of the split). */
    public static BatchInputFile create(Path path, int maxRequests, long maxBytes) {
        try {
            return new BatchInputFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    maxRequests, maxBytes);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "cannot create the batch input file " + path, e);
        }
    }

    /** True when {@code line} can still go into this file. A line too large even for an empty file is TOO_LARGE. */
    public boolean fits(BatchLine line) {
        long size = line.json().getBytes(StandardCharsets.UTF_8).length + 1L;
        if (size > maxBytes) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, "the document's request is "
                    + size / (1000 * 1000) + " MB, more than a batch input file may hold (" + maxBytes / (1000 * 1000) + " MB)");
        }
        return lines < maxRequests && bytes + size <= maxBytes;
    }

    /** Appends a line (check {@link #fits} first); returns its line number, 1-based. */
    public int append(BatchLine line) {
        byte[] encoded = (line.json() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "cannot write the batch input file " + path, e);
        }
        bytes += encoded.length;
        return ++lines;
    }

    /** Forces the file to disk and closes it: from now on it is complete. */
    public void seal() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "cannot write the batch input file " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public int lines() {
        return lines;
    }

    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return lines == 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
