package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden import check: documents of every kind that trips a bill import (multi-line bills, two-rate invoices,
 * zero-rated lines, tax-inclusive receipts, tax-exclusive invoices, a refund, a credit note, tip and discount, tax
 * without a printed rate, items that do not add up) are exported for Xero and QuickBooks, and what each system books
 * from the file ({@link BookedBills}) must be, bill by bill, the document's total to the cent and the document's tax
 * per rate. Uses the shipped configuration files.
 */
class BillImportCheckTest {
    private static final BillSettings XERO = BillSettings.load(Path.of("config/exports/xero.yaml"), "Xero");
    private static final BillSettings QUICKBOOKS = BillSettings.load(Path.of("config/exports/quickbooks.yaml"), "QuickBooks");

    @TempDir
    Path folder;

    static List<StoredDocument> documents() {
        List<StoredDocument> documents = new ArrayList<>();
        // two rates, lines not marked: only croissants + bread at 5.5% and the showcase at 20% give the printed taxes
        documents.add(stored(invoice("F-2026-1093", "EUR", "551.09", "63.09",
                List.of(item("Croissants au beurre", "120", "0.95", "114.00"), item("Pain de campagne", "40", "3.10", "124.00"),
                        item("Location vitrine réfrigérée", "1", "250.00", "250.00")),
                List.of(tax("5.5", "13.09"), tax("20", "50.00")))));
        // many lines, one rate, a tax that per-line rounding does not give (3 × 0.20 = 0.60, printed 0.59)
        documents.add(stored(invoice("INV-3X", "GBP", "3.56", "0.59",
                List.of(item("Pen", "1", "0.99", "0.99"), item("Pencil", "1", "0.99", "0.99"), item("Eraser", "1", "0.99", "0.99")),
                List.of(tax("20", "0.59")))));
        // a zero-rated line next to a standard-rated one
        documents.add(stored(invoice("BK-77", "GBP", "42.00", "2.00",
                List.of(item("Accounting handbook", "1", "30.00", "30.00"), item("Ring binders", "4", "2.50", "10.00")),
                List.of(tax("20", "2.00"), tax("0", "0.00")))));
        // a tax-inclusive till receipt with two rates printed on the lines
        documents.add(stored(receipt("GBP", "9.48", null, null, null, null,
                List.of(item("Coffee beans 20%", "1", "4.99", "4.99"), item("Bread 5%", "1", "2.50", "2.50"),
                        item("Butter 5%", "1", "1.99", "1.99")),
                List.of(tax("20", "0.83"), tax("5", "0.21")))));
        // a tax-inclusive receipt with one rate
        documents.add(stored(receipt("EUR", "7.66", null, null, null, null,
                List.of(item("Milch", "2", "1.19", "2.38"), item("Äpfel", "1", "3.49", "3.49"), item("Brezel", "1", "1.79", "1.79")),
                List.of(tax("5.5", "0.40")))));
        // a refund: negative total, a credit note in both systems
        documents.add(stored(receipt("GBP", "-12.60", "-10.50", "-2.10", null, null,
                List.of(item("Returned: A4 paper", "1", "-10.50", "-10.50")), List.of(tax("20", "-2.10")))));
        // a credit note printed with positive amounts and its type
        documents.add(stored(new DocumentRecord("credit_note", "Northwind Office Supply", null, LocalDate.of(2026, 11, 3), null,
                List.of(item("Credit for damaged lamp", "1", "100.00", "100.00")), new BigDecimal("100.00"),
                new BigDecimal("20.00"), null, null, new BigDecimal("120.00"), "GBP", null, "CN-0042", null, null, null, null,
                List.of(tax("20", "20.00")))));
        // tip and discount: the discount takes its (negative) share of the tax, the tip none
        documents.add(stored(receipt("USD", "45.55", "40.50", "3.10", "6.00", "4.05",
                List.of(item("Cheeseburger", "2", "11.50", "23.00"), item("Caesar salad", "1", "9.25", "9.25"),
                        item("Iced tea", "3", "2.75", "8.25")),
                List.of(tax("8.5", "3.10")))));
        // tax printed without a rate that no configured rate explains
        documents.add(stored(receipt("GBP", "17.90", "14.90", "3.00", null, null,
                List.of(item("Flat white", "2", "3.20", "6.40"), item("Cheese scone", "2", "2.95", "5.90"),
                        item("Orange juice", "1", "2.60", "2.60")), List.of())));
        // items that do not add up to the subtotal: one line per rate
        documents.add(stored(invoice("CP-3316", "USD", "462.42", "42.42",
                List.of(item("Vinyl banner 3x8 ft", "2", "84.00", "168.00"), item("Business cards, 500", "4", "39.50", "158.00"),
                        item("Design proof", "1", "45.00", "45.00")),
                List.of(tax("10.1", "42.42")))));
        // an e-invoice printing a base per rate whose lines could be split two ways: one line per rate, at its base
        documents.add(stored(invoice("EI-9", "EUR", "112.50", "12.50",
                List.of(item("Service A", "1", "50.00", "50.00"), item("Service B", "1", "30.00", "30.00"),
                        item("Service C", "1", "20.00", "20.00")),
                List.of(new DocumentRecord.TaxLine(new BigDecimal("20"), new BigDecimal("10.00"), new BigDecimal("50.00")),
                        new DocumentRecord.TaxLine(new BigDecimal("5"), new BigDecimal("2.50"), new BigDecimal("50.00"))))));
        // no tax at all
        documents.add(stored(receipt("USD", "12.00", null, null, null, null,
                List.of(item("Parking", "1", "12.00", "12.00")), List.of())));
        return documents;
    }

    @Test
    void xeroBooksEveryBillAtTheDocumentsTotalAndTaxPerRate() throws IOException {
        List<StoredDocument> documents = documents();

        List<Path> files = new XeroExporter(ExportSettings.defaults(), XERO).export(documents, folder.resolve("bills.csv"));

        assertThat(files).extracting(path -> path.getFileName().toString())
                .containsExactly("bills-tax-exclusive.csv", "bills-tax-inclusive.csv");
        Map<String, BookedBills.Booked> booked = BookedBills.xero(files, XERO.taxCodes());
        assertBooksLikeTheDocuments(booked, documents, XERO.taxCodes());
    }

    @Test
    void quickBooksBooksEveryBillAtTheDocumentsTotalAndTaxPerRate() throws IOException {
        List<StoredDocument> documents = documents();

        List<Path> files = new QuickBooksExporter(ExportSettings.defaults(), QUICKBOOKS)
                .export(documents, folder.resolve("bills.csv"));

        assertThat(files).extracting(path -> path.getFileName().toString())
                .containsExactly("bills.csv", "bills-vendor-credits.csv");
        assertThat(Files.readString(files.get(1))).as("credits are positive in a vendor-credits file")
                .doesNotContain(",-");
        assertBooksLikeTheDocuments(BookedBills.quickBooks(files), documents, QUICKBOOKS.taxCodes());
    }

    @Test
    void aQuickBooksCompanyWithoutTaxTrackingBooksEachBillAtItsTotalWithTheTaxInTheLines() throws IOException {
        Path config = Files.writeString(folder.resolve("us.yaml"), "track-tax: false\naccounts:\n  default: \"Supplies\"\n");
        BillSettings us = BillSettings.load(config, "QuickBooks");
        List<StoredDocument> documents = documents();

        List<Path> files = new QuickBooksExporter(ExportSettings.defaults(), us).export(documents, folder.resolve("us.csv"));

        Map<String, BookedBills.Booked> booked = BookedBills.quickBooks(files);
        for (StoredDocument document : documents) {
            Bill bill = new BillComposer(List.of()).compose(document);
            assertThat(booked.get(bill.number()).total()).as(bill.name()).isEqualByComparingTo(bill.total());
            assertThat(booked.get(bill.number()).tax()).as(bill.name()).isZero();
        }
    }

    /** Every document's bill totals its total and books its tax per rate (per code), to the cent. */
    static void assertBooksLikeTheDocuments(Map<String, BookedBills.Booked> booked, List<StoredDocument> documents,
                                            TaxCodes codes) {
        assertThat(booked).hasSameSizeAs(documents);
        for (StoredDocument document : documents) {
            DocumentRecord record = document.record();
            String number = Bill.number(record.invoiceNumber(), document.sha256());
            BookedBills.Booked bill = booked.get(number);
            assertThat(bill).as(number).isNotNull();
            BigDecimal sign = BillComposer.isCreditNote(record.documentType()) && record.total().signum() > 0
                    ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            assertThat(bill.total()).as(number + " total").isEqualByComparingTo(record.total().multiply(sign));
            if (record.taxLines().isEmpty()) {
                BigDecimal tax = record.tax() == null ? BigDecimal.ZERO : record.tax().multiply(sign);
                assertThat(bill.tax()).as(number + " tax").isEqualByComparingTo(tax);
                continue;
            }
            Map<String, BigDecimal> expected = new LinkedHashMap<>();
            for (DocumentRecord.TaxLine line : record.taxLines()) {
                expected.merge(codes.codeFor(TaxTreatment.rate(line.rate()), number), line.amount().multiply(sign),
                        BigDecimal::add);
            }
            Map<String, BigDecimal> taxed = new LinkedHashMap<>();
            bill.taxByCode().forEach((code, tax) -> {
                if (tax.signum() != 0 || expected.containsKey(code)) {
                    taxed.put(code, tax);
                }
            });
            assertThat(taxed.keySet()).as(number + " tax codes").containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((code, tax) -> assertThat(taxed.get(code)).as(number + " tax at " + code)
                    .isEqualByComparingTo(tax));
        }
    }

    static StoredDocument stored(DocumentRecord record) {
        String sha = Integer.toHexString(record.hashCode() & 0x7fffffff);
        sha = (sha + "0".repeat(64)).substring(0, 64);
        return new StoredDocument(Math.abs(record.hashCode()), sha, (record.invoiceNumber() == null ? "receipt-" + sha.substring(0, 6)
                : record.invoiceNumber()) + ".pdf", "file:/in/x.pdf", RecordStatus.VALID, record, null, List.of(), null);
    }

    static DocumentRecord invoice(String number, String currency, String total, String tax, List<DocumentRecord.LineItem> items,
                                  List<DocumentRecord.TaxLine> taxLines) {
        BigDecimal subtotal = new BigDecimal(total).subtract(new BigDecimal(tax));
        return new DocumentRecord("invoice", "Vendor of " + number, "1 High Street", LocalDate.of(2026, 10, 20), null, items,
                subtotal, new BigDecimal(tax), null, null, new BigDecimal(total), currency, null, number,
                LocalDate.of(2026, 11, 19), null, null, null, taxLines);
    }

    static DocumentRecord receipt(String currency, String total, String subtotal, String tax, String tip, String discount,
                                  List<DocumentRecord.LineItem> items, List<DocumentRecord.TaxLine> taxLines) {
        return new DocumentRecord("receipt", "Shop " + total, null, LocalDate.of(2026, 10, 21), null, items, decimal(subtotal),
                decimal(tax), decimal(tip), decimal(discount), new BigDecimal(total), currency, null, null, null, null,
                null, null, taxLines);
    }

    static DocumentRecord.LineItem item(String name, String qty, String unit, String price) {
        return new DocumentRecord.LineItem(name, new BigDecimal(qty), new BigDecimal(unit), new BigDecimal(price));
    }

    static DocumentRecord.TaxLine tax(String rate, String amount) {
        return new DocumentRecord.TaxLine(new BigDecimal(rate), new BigDecimal(amount));
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
