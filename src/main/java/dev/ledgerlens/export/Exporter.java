package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns stored documents into the files of one format. Rendering happens in memory, so a failure (a record that
 * cannot be exported, a tax rate without a code) leaves every file on disk as it was; each file is then written
 * atomically. The csv and jsonl formats make one file at the target; the bill formats name their files after it
 * (see docs/exports.md). Implementations are immutable and thread-safe.
 */
public interface Exporter {

    /** The format written. */
    ExportFormat format();

    /** The files for {@code documents}, named after {@code target}, not yet written. */
    Rendered render(List<StoredDocument> documents, Path target);

    /**
     * Renders and writes the files, each replacing its path atomically.
     *
     * @return the files written
     * @throws UncheckedIOException when a file cannot be written
     */
    default List<Path> export(List<StoredDocument> documents, Path target) {
        AtomicFileWriter writer = new AtomicFileWriter();
        Rendered rendered = render(documents, target);
        for (ExportFile file : rendered.files()) {
            writer.write(file.path(), file.content());
        }
        return rendered.files().stream().map(ExportFile::path).toList();
    }
}
