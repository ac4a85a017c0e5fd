package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Xero's bills import template (Business → Bills to pay → Import): one row per bill line, the rows of one bill sharing
 * its *InvoiceNumber. Xero takes one "Amounts are" choice per file and at most 500 bills per file, so the bills go
 * into one file per kind ({@code bills-tax-exclusive.csv}, {@code bills-tax-inclusive.csv}), split into numbered parts
 * past 500. Every line carries its tax code and its TaxAmount, so Xero books the document's tax instead of computing
 * its own; a credit note is a bill with negative amounts, which Xero imports as a credit note. Dates in the
 * organisation's region format. Columns are described in docs/exports.md. Immutable and thread-safe.
 */
public final class XeroExporter implements Exporter {
    public static final List<String> COLUMNS = List.of("*ContactName", "EmailAddress", "POAddressLine1",
            "POAddressLine2", "POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode", "POCountry",
            "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total", "InventoryItemCode", "Description", "*Quantity",
            "*UnitAmount", "*AccountCode", "*TaxType", "TaxAmount", "TrackingName1", "TrackingOption1",
            "TrackingName2", "TrackingOption2", "Currency");
    /** Xero imports at most 500 invoices or bills from one file. */
    public static final int MOST_BILLS_PER_FILE = 500;

    private final ExportSettings settings;
    private final BillSettings bills;

    public XeroExporter(ExportSettings settings, BillSettings bills) {
        this.settings = settings;
        this.bills = bills;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.XERO;
    }

    @Override
    public Rendered render(List<StoredDocument> documents, Path target) {
        List<String> notes = new ArrayList<>();
        List<BillRows.Booked> booked = BillRows.book(documents, bills, notes);
        List<ExportFile> files = new ArrayList<>();
        for (AmountsAre kind : AmountsAre.values()) {
            List<BillRows.Booked> ofKind = booked.stream().filter(b -> b.bill().amountsAre() == kind).toList();
            int parts = (ofKind.size() + MOST_BILLS_PER_FILE - 1) / MOST_BILLS_PER_FILE;
            for (int part = 0; part < parts; part++) {
                List<BillRows.Booked> slice = ofKind.subList(part * MOST_BILLS_PER_FILE,
                        Math.min(ofKind.size(), (part + 1) * MOST_BILLS_PER_FILE));
                String label = kind.fileLabel() + (parts == 1 ? "" : "-" + (part + 1) + "-of-" + parts);
                files.add(new ExportFile(BillRows.sibling(target, label), kind.xeroSetting(), BillRows.documents(slice),
                        BillRows.csv(COLUMNS, ExportSettings.formatter(settings.xeroDateFormat()), slice, this::cells)));
            }
        }
        return new Rendered(files, notes);
    }

    private List<?> cells(BillRows.Booked booked, BillLine line) {
        Bill bill = booked.bill();
        DocumentRecord record = bill.document().record();
        return Arrays.asList(booked.contact(), null, record.storeAddress(), null, null, null, null, null, null, null,
                bill.number(), record.date(), record.dueDate() != null ? record.dueDate() : record.date(), null, null,
                line.description(), new CsvRowWriter.Quantity(line.quantity()), line.unitAmount(), booked.account(),
                bills.taxCodes().codeFor(line.tax(), bill), line.taxAmount(), null, null, null, null, record.currency());
    }
}
