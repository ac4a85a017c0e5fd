package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * QuickBooks Online bill import (Settings → Import data → Bills): one row per bill line, the rows of one
 * bill sharing its Bill No. Dates in the company's date format (US default MM/dd/yyyy, configurable), amounts
 * with a dot and two decimals. The document's tax is the first line's Line Tax Amount. Columns are described
 * in docs/exports.md. Immutable and thread-safe.
 */
public final class QuickBooksExporter implements Exporter {
    public static final List<String> COLUMNS = List.of("Bill No", "Vendor", "Bill Date", "Due Date", "Terms",
            "Location", "Memo", "Account", "Line Description", "Line Amount", "Line Tax Code", "Line Tax Amount",
            "Currency");

    private final ExportSettings settings;
    private final AccountMapper accounts;
    private final BillRows bills = new BillRows();

    public QuickBooksExporter(ExportSettings settings, AccountMapper accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.QUICKBOOKS;
    }

    @Override
    public void export(List<StoredDocument> documents, Path target) {
        bills.write(target, documents, COLUMNS, ExportSettings.formatter(settings.quickBooksDateFormat()), accounts,
                (document, billNumber, account, line) -> {
                    DocumentRecord record = document.record();
                    return Arrays.asList(billNumber, BillLine.vendor(record), record.date(),
                            record.dueDate() != null ? record.dueDate() : record.date(), null, null,
                            document.fileName(), account, line.description(), line.amount(),
                            settings.quickBooksTaxCode().isEmpty() ? null : settings.quickBooksTaxCode(),
                            line.tax(), record.currency());
                });
    }
}
