package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Xero's bills import template (Business → Bills to pay → Import): one row per bill line, the rows of one
 * bill sharing its *InvoiceNumber. Dates in the organisation's region format (dd/MM/yyyy by default,
 * configurable), amounts with a dot. Total is left empty (Xero computes it); the document's tax is the first
 * line's TaxAmount. *DueDate is the due date, else the document date (a receipt is paid when issued).
 * Columns are described in docs/exports.md. Immutable and thread-safe.
 */
public final class XeroExporter implements Exporter {
    public static final List<String> COLUMNS = List.of("*ContactName", "EmailAddress", "POAddressLine1",
            "POAddressLine2", "POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode", "POCountry",
            "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total", "InventoryItemCode", "Description", "*Quantity",
            "*UnitAmount", "*AccountCode", "*TaxType", "TaxAmount", "TrackingName1", "TrackingOption1",
            "TrackingName2", "TrackingOption2", "Currency");

    private final ExportSettings settings;
    private final AccountMapper accounts;
    private final BillRows bills = new BillRows();

    public XeroExporter(ExportSettings settings, AccountMapper accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.XERO;
    }

    @Override
    public void export(List<StoredDocument> documents, Path target) {
        bills.write(target, documents, COLUMNS, ExportSettings.formatter(settings.xeroDateFormat()), accounts,
                (document, billNumber, account, line) -> {
                    DocumentRecord record = document.record();
                    return Arrays.asList(BillLine.vendor(record), null, record.storeAddress(),
                            null, null, null, null, null, null, null,
                            billNumber, record.date(), record.dueDate() != null ? record.dueDate() : record.date(),
                            null, null, line.description(), new CsvRowWriter.Quantity(line.quantity()), line.unitAmount(),
                            account, settings.xeroTaxType(), line.tax(), null, null, null, null, record.currency());
                });
    }
}
