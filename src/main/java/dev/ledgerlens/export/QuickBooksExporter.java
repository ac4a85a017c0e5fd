package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * QuickBooks Online bill import: one row per bill line, the rows of one bill sharing its Bill No. QuickBooks takes
 * "amounts are" per bill, so one file holds every bill and says it in the Global Tax Calculation column (TaxExcluded,
 * TaxInclusive; NotApplicable when the company does not track tax on purchases, whose lines then include their tax).
 * A bill cannot be negative in QuickBooks: credit notes and refunds go to a second file,
 * {@code bills-vendor-credits.csv}, with positive amounts, to be imported as vendor credits. Dates in the company's
 * date format. Columns are described in docs/exports.md. Immutable and thread-safe.
 */
public final class QuickBooksExporter implements Exporter {
    public static final List<String> COLUMNS = List.of("Bill No", "Vendor", "Bill Date", "Due Date", "Terms",
            "Location", "Memo", "Account", "Line Description", "Line Amount", "Line Tax Code", "Line Tax Amount",
            "Currency", "Global Tax Calculation");
    /** What the import setting column of the ledger and the summary say for the bills file. */
    public static final String BILLS_SETTING = "Bills; amounts are per bill (Global Tax Calculation)";
    /** The same for the credits file. */
    public static final String CREDITS_SETTING = "Vendor credits; amounts are per credit (Global Tax Calculation)";

    private final ExportSettings settings;
    private final BillSettings bills;

    public QuickBooksExporter(ExportSettings settings, BillSettings bills) {
        this.settings = settings;
        this.bills = bills;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.QUICKBOOKS;
    }

    @Override
    public Rendered render(List<StoredDocument> documents, Path target) {
        List<String> notes = new ArrayList<>();
        List<BillRows.Booked> booked = BillRows.book(documents, bills, notes);
        List<BillRows.Booked> owed = booked.stream().filter(b -> !b.bill().credit()).toList();
        List<BillRows.Booked> credits = booked.stream().filter(b -> b.bill().credit()).toList();
        List<ExportFile> files = new ArrayList<>();
        if (!owed.isEmpty()) {
            files.add(file(target, BILLS_SETTING, owed, false));
        }
        if (!credits.isEmpty()) {
            files.add(file(BillRows.sibling(target, "vendor-credits"), CREDITS_SETTING, credits, true));
        }
        return new Rendered(files, notes);
    }

    private ExportFile file(Path path, String setting, List<BillRows.Booked> slice, boolean credits) {
        return new ExportFile(path, setting, BillRows.documents(slice), BillRows.csv(COLUMNS,
                ExportSettings.formatter(settings.quickBooksDateFormat()), slice,
                (booked, line) -> cells(booked, credits ? line.negated() : line)));
    }

    private List<?> cells(BillRows.Booked booked, BillLine line) {
        Bill bill = booked.bill();
        DocumentRecord record = bill.document().record();
        boolean tracked = bills.trackTax();
        // without tax tracking the tax is part of the expense: an exclusive line books its amount and its tax
        BigDecimal amount = tracked || bill.amountsAre() == AmountsAre.TAX_INCLUSIVE ? line.amount()
                : line.amount().add(line.taxAmount());
        return Arrays.asList(bill.number(), booked.contact(), record.date(),
                record.dueDate() != null ? record.dueDate() : record.date(), null, null, bill.document().fileName(),
                booked.account(), line.description(), amount, tracked ? bills.taxCodes().codeFor(line.tax(), bill) : null,
                tracked ? line.taxAmount() : null, record.currency(),
                tracked ? bill.amountsAre().quickBooksValue() : "NotApplicable");
    }
}
