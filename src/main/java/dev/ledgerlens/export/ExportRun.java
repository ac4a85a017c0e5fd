package dev.ledgerlens.export;

import dev.ledgerlens.store.ExportLedger;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code ledgerlens export}: selects the stored records, renders them in a format and, for the bill formats,
 * writes the files and records them in the export ledger in one step, so that each bill goes out once:
 * <ul>
 *   <li>By default a bill format selects only records that no earlier export of that format carried; {@code again}
 *       selects every record in the range, exported or not. The same records always render to the same bytes, so a
 *       repeat of an export is byte for byte the first (the summary says so, from the recorded SHA-256).</li>
 *   <li>Selection, writing and recording happen under the format's export lock: two exports at once never both take
 *       the same records.</li>
 *   <li>Nothing goes out unrecorded: the files are written inside the ledger's transaction; if a file cannot be
 *       written or the transaction cannot commit, the files of this export are deleted and nothing is recorded.</li>
 * </ul>
 * csv and jsonl are not bills: they select every record in the range and keep no ledger. Thread-safe.
 */
public final class ExportRun {
    private final StoredRecords records;
    private final ExportLedger ledger;
    private final AtomicFileWriter writer = new AtomicFileWriter();

    public ExportRun(StoredRecords records, ExportLedger ledger) {
        this.records = records;
        this.ledger = ledger;
    }

    /**
     * What to export.
     *
     * @param query         statuses and document-date range
     * @param receivedSince only records received at or after this moment; null for any
     * @param again         bill formats: include records already exported in this format
     * @param output        the file (csv, jsonl) or the name the bill files are named after; null for csv and jsonl
     *                      means nothing is written and the caller prints the one file
     */
    public record Request(StoredRecords.Query query, OffsetDateTime receivedSince, boolean again, Path output) {
    }

    /**
     * One file of the export.
     *
     * @param file       the file
     * @param exportId   its row in the export ledger; null for csv and jsonl
     * @param sameBytesAs an earlier recorded export with exactly these bytes, or null
     */
    public record Written(ExportFile file, Long exportId, Long sameBytesAs) {
    }

    /**
     * What happened.
     *
     * @param files    the files, written unless the request had no output
     * @param notes    what the accountant should know about the bills
     * @param leftOut  records in the range left out because an earlier export of the format carried them
     */
    public record Result(List<Written> files, List<String> notes, int leftOut) {
        /** Documents exported. */
        public int documents() {
            return files.stream().mapToInt(written -> written.file().documents().size()).sum();
        }
    }

    public Result run(Exporter exporter, Request request) {
        ExportFormat format = exporter.format();
        if (!format.makesBills()) {
            List<StoredDocument> documents = records.find(request.query(),
                    new StoredRecords.Narrowing(request.receivedSince(), null));
            Rendered rendered = exporter.render(documents, request.output() == null ? Path.of("-") : request.output());
            if (request.output() != null) {
                rendered.files().forEach(file -> writer.write(file.path(), file.content()));
            }
            return new Result(rendered.files().stream().map(file -> new Written(file, null, null)).toList(),
                    rendered.notes(), 0);
        }
        Path output = Objects.requireNonNull(request.output(), "the bill formats write files named after the output");
        return ledger.locked(format.label(), session -> {
            StoredRecords.Narrowing any = new StoredRecords.Narrowing(request.receivedSince(), null);
            List<StoredDocument> documents = records.find(request.query(), request.again() ? any
                    : new StoredRecords.Narrowing(request.receivedSince(), format.label()));
            int leftOut = request.again() ? 0 : records.find(request.query(), any).size() - documents.size();
            if (documents.isEmpty()) {
                return new Result(List.of(), List.of(), leftOut);
            }
            Rendered rendered = exporter.render(documents, output);
            List<ExportLedger.NewFile> entries = new ArrayList<>();
            List<Long> earlier = new ArrayList<>();
            for (ExportFile file : rendered.files()) {
                String sha256 = file.sha256();
                entries.add(new ExportLedger.NewFile(file.path().toAbsolutePath().toString(), sha256, file.importSetting(),
                        file.documents().size(), file.documents().stream().map(StoredDocument::id).toList()));
                earlier.add(ledger.firstWithBytes(format.label(), sha256).map(ExportLedger.Entry::id).orElse(null));
            }
            List<Path> written = new ArrayList<>();
            List<ExportLedger.Entry> recorded;
            try {
                recorded = session.record(request.again(), entries, () -> {
                    for (ExportFile file : rendered.files()) {
                        writer.write(file.path(), file.content());
                        written.add(file.path());
                    }
                });
            } catch (RuntimeException e) {
                takeBack(written, e);
                throw e;
            }
            List<Written> files = new ArrayList<>();
            for (int i = 0; i < rendered.files().size(); i++) {
                files.add(new Written(rendered.files().get(i), recorded.get(i).id(), earlier.get(i)));
            }
            return new Result(files, rendered.notes(), leftOut);
        });
    }

    /** Deletes files written by an export that was not recorded: an unrecorded file must not be imported. */
    private static void takeBack(List<Path> written, RuntimeException failure) {
        for (Path path : written) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
