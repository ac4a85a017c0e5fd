package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a bill import (QuickBooks, Xero): a header, then one row per bill line of every document, each row
 * given the document, its bill number and its account. The formats differ only in their columns and rows.
 * Stateless; thread-safe.
 */
final class BillRows {
    /** The cells of one bill line's row, in the format's column order. */
    interface Row {
        List<?> cells(StoredDocument document, String billNumber, String account, BillLine line);
    }

    private final AtomicFileWriter files = new AtomicFileWriter();

    void write(Path target, List<StoredDocument> documents, List<String> columns, DateTimeFormatter dates,
               AccountMapper accounts, Row row) {
        files.write(target, writer -> {
            CsvRowWriter rows = new CsvRowWriter(writer, dates);
            rows.row(columns);
            for (StoredDocument document : documents) {
                String billNumber = BillLine.billNumber(document.record().invoiceNumber(), document.sha256());
                String account = accounts.accountFor(document.record().storeName());
                for (BillLine line : BillLine.of(document.record())) {
                    rows.row(row.cells(document, billNumber, account, line));
                }
            }
        });
    }
}
