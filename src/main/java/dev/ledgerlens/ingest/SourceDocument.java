package dev.ledgerlens.ingest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A document as it arrived, identified by the SHA-256 of its bytes.
 *
 * @param sha256    lower-case hex SHA-256 of the bytes: the document's identity
 * @param sourceUri where it came from ({@code file:/inbox/a.pdf}, {@code s3://bucket/key})
 * @param fileName  the file name as the user knows it (used in exports and the DLQ)
 * @param size      number of bytes
 * @param content   a local file holding exactly these bytes (the kept original in the data directory)
 */
public record SourceDocument(String sha256, String sourceUri, String fileName, long size, Path content) {
    public SourceDocument {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }

    /** The first 12 hex digits, enough to tell documents apart in a log line. */
    public String shortId() {
        return sha256.substring(0, Math.min(12, sha256.length()));
    }
}
