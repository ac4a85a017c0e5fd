package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes stored documents to one file in one format. The file appears complete or not at all:
 * it is written next to the target under a temporary name and renamed over it at the end.
 * Implementations are immutable and thread-safe.
 */
public interface Exporter {

    /** The format written. */
    ExportFormat format();

    /**
     * Writes {@code documents} to {@code target}, replacing it atomically.
     *
     * @throws UncheckedIOException when the file cannot be written; the target is then left as it was
     */
    void export(List<StoredDocument> documents, Path target);
}
