package dev.ledgerlens.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.ReviewReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The accountant's CSV: one row per document with every field. Items cannot be columns of one row, so they
 * appear twice: {@code item_count} for a glance and {@code items_json} (the JSONL item objects) so nothing
 * is lost; tax lines likewise as {@code tax_lines_json}. ISO dates, amounts with a dot and at least two
 * decimals, RFC 4180 (Apache Commons CSV), UTF-8, formula-like text neutralised. Immutable and thread-safe.
 */
public final class CsvExporter implements Exporter {
    /** The header, in column order; described in docs/exports.md. */
    public static final List<String> COLUMNS = List.of("file_name", "sha256", "status", "document_type",
            "store_name", "store_address", "date", "time", "subtotal", "tax", "tip", "discount", "total", "currency",
            "payment_method", "invoice_number", "due_date", "vendor_tax_id", "bill_to", "po_number", "item_count",
            "items_json", "tax_lines_json", "review_reasons");

    private final ObjectMapper json = new ObjectMapper();
    private final RecordJson records = new RecordJson();

    @Override
    public ExportFormat format() {
        return ExportFormat.CSV;
    }

    @Override
    public Rendered render(List<StoredDocument> documents, Path target) {
        StringBuilder text = new StringBuilder();
        try {
            CsvRowWriter rows = new CsvRowWriter(text, null);
            rows.row(COLUMNS);
            for (StoredDocument document : documents) {
                DocumentRecord record = document.record();
                Map<String, Object> fields = records.fields(record);
                rows.row(Arrays.asList(document.fileName(), document.sha256(), document.status().label(),
                        record.documentType(), record.storeName(), record.storeAddress(), record.date(), record.time(),
                        record.subtotal(), record.tax(), record.tip(), record.discount(), record.total(),
                        record.currency(), record.paymentMethod(), record.invoiceNumber(), record.dueDate(),
                        record.vendorTaxId(), record.billTo(), record.poNumber(), record.items().size(),
                        json.writeValueAsString(fields.get("items")), json.writeValueAsString(fields.get("tax_lines")),
                        document.reasons().stream().map(ReviewReason::rule).collect(Collectors.joining(";"))));
            }
            rows.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the csv export: " + e.getMessage(), e);
        }
        return new Rendered(List.of(new ExportFile(target, "", documents, text.toString().getBytes(StandardCharsets.UTF_8))),
                List.of());
    }
}
