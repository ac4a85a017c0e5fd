package dev.ledgerlens.export;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Xero or QuickBooks Online books from an exported file, recomputed from the file alone the way the target
 * does: per bill, the total and the tax per tax code. It is the accountant's side of the golden import check: a test
 * compares it with the documents. Rules (docs/exports.md cites where they come from):
 * <ul>
 *   <li>Xero: a line is Quantity × UnitAmount rounded to the cent; its tax is TaxAmount, or, when that is empty, the
 *       line × the code's rate (÷ (100 + rate) on a tax-inclusive file), rounded per line; the "Amounts are" setting
 *       is the one the file name says. A bill's total is its lines plus their tax (tax-exclusive) or its lines
 *       (tax-inclusive); negative bills are credit notes.</li>
 *   <li>QuickBooks: a line is Line Amount with Line Tax Amount; Global Tax Calculation says per bill whether the tax
 *       is on top (TaxExcluded) or inside (TaxInclusive, NotApplicable). A vendor-credits file books credits: its
 *       totals count negative.</li>
 * </ul>
 */
final class BookedBills {
    private BookedBills() {
    }

    /**
     * One booked bill.
     *
     * @param total     what the bill totals in the target (negative for a credit note)
     * @param taxByCode the tax per tax code (signed like the total)
     */
    record Booked(BigDecimal total, Map<String, BigDecimal> taxByCode) {
        BigDecimal tax() {
            return taxByCode.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** Bills of Xero files, by *InvoiceNumber; {@code codes} gives a blank TaxAmount's rate. */
    static Map<String, Booked> xero(List<Path> files, TaxCodes codes) throws IOException {
        Map<String, Acc> bills = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            boolean inclusive = name.contains("-tax-inclusive");
            if (!inclusive && !name.contains("-tax-exclusive")) {
                throw new AssertionError(name + " does not say which 'Amounts are' setting to import it with");
            }
            for (CSVRecord row : rows(file)) {
                BigDecimal line = new BigDecimal(row.get("*Quantity")).multiply(new BigDecimal(row.get("*UnitAmount")))
                        .setScale(2, RoundingMode.HALF_UP);
                String code = row.get("*TaxType");
                BigDecimal tax;
                if (row.get("TaxAmount").isEmpty()) {
                    BigDecimal rate = codes.rateOf(code);
                    BigDecimal divisor = BigDecimal.valueOf(100).add(inclusive ? rate : BigDecimal.ZERO);
                    tax = line.multiply(rate).divide(divisor, 2, RoundingMode.HALF_EVEN);
                } else {
                    tax = new BigDecimal(row.get("TaxAmount"));
                }
                Acc bill = bills.computeIfAbsent(row.get("*InvoiceNumber"), key -> new Acc());
                bill.total = bill.total.add(line).add(inclusive ? BigDecimal.ZERO : tax);
                bill.taxByCode.merge(code, tax, BigDecimal::add);
            }
        }
        return booked(bills);
    }

    /** Bills of QuickBooks files, by Bill No. */
    static Map<String, Booked> quickBooks(List<Path> files) throws IOException {
        Map<String, Acc> bills = new LinkedHashMap<>();
        for (Path file : files) {
            BigDecimal sign = file.getFileName().toString().contains("-vendor-credits") ? BigDecimal.ONE.negate()
                    : BigDecimal.ONE;
            for (CSVRecord row : rows(file)) {
                BigDecimal line = new BigDecimal(row.get("Line Amount"));
                BigDecimal tax = row.get("Line Tax Amount").isEmpty() ? BigDecimal.ZERO : new BigDecimal(row.get("Line Tax Amount"));
                String calculation = row.get("Global Tax Calculation");
                boolean onTop = switch (calculation) {
                    case "TaxExcluded" -> true;
                    case "TaxInclusive", "NotApplicable" -> false;
                    default -> throw new AssertionError("Global Tax Calculation '" + calculation + "'");
                };
                Acc bill = bills.computeIfAbsent(row.get("Bill No"), key -> new Acc());
                bill.total = bill.total.add(line.add(onTop ? tax : BigDecimal.ZERO).multiply(sign));
                bill.taxByCode.merge(row.get("Line Tax Code"), tax.multiply(sign), BigDecimal::add);
            }
        }
        return booked(bills);
    }

    private static List<CSVRecord> rows(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return parser.getRecords();
        }
    }

    private static Map<String, Booked> booked(Map<String, Acc> bills) {
        Map<String, Booked> booked = new LinkedHashMap<>();
        bills.forEach((number, acc) -> booked.put(number, new Booked(acc.total, acc.taxByCode)));
        return booked;
    }

    private static final class Acc {
        BigDecimal total = BigDecimal.ZERO;
        final Map<String, BigDecimal> taxByCode = new LinkedHashMap<>();
    }
}
