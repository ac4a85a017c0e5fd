package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the QuickBooks and Xero exports share: documents composed into bills and given a contact and an account, the
 * notes for the summary, and bills written as CSV rows (one per bill line, the rows of a bill together). Stateless;
 * thread-safe.
 */
final class BillRows {
    private BillRows() {
    }

    /**
     * A bill ready for a target's columns.
     *
     * @param bill    the bill
     * @param contact the contact it is booked to
     * @param account the account its lines go to
     */
    record Booked(Bill bill, String contact, String account) {
    }

    /** The cells of one bill line's row, in the format's column order. */
    interface Row {
        List<?> cells(Booked booked, BillLine line);
    }

    /** Composes and books every document; what the accountant should know goes into {@code notes}. */
    static List<Booked> book(List<StoredDocument> documents, BillSettings settings, List<String> notes) {
        BillComposer composer = new BillComposer(settings.taxCodes().rates());
        List<Booked> booked = new ArrayList<>();
        Map<String, TreeSet<String>> spellings = new LinkedHashMap<>();
        List<String> withoutRate = new ArrayList<>();
        for (StoredDocument document : documents) {
            Bill bill = composer.compose(document);
            if (bill.lines().stream().anyMatch(line -> line.tax().kind() == TaxTreatment.Kind.RATE_NOT_PRINTED)) {
                withoutRate.add(bill.name());
            }
            VendorNames.Contact contact = settings.vendors().contactFor(document.record(), bill.number());
            String account = contact.account() != null ? contact.account() : settings.accounts().accountFor(contact.name());
            booked.add(new Booked(bill, contact.name(), account));
            for (String note : bill.notes()) {
                notes.add(bill.name() + ": " + note);
            }
            if (!contact.aliased() && document.record().storeName() != null) {
                spellings.computeIfAbsent(settings.vendors().key(contact.name()), key -> new TreeSet<>()).add(contact.name());
            }
        }
        if (!withoutRate.isEmpty()) {
            notes.add("tax printed without a rate that a configured rate explains, booked exactly under the"
                    + " rate-not-printed code of " + settings.file() + " (" + withoutRate.size() + "): "
                    + String.join(", ", withoutRate));
        }
        spellings.values().stream().filter(names -> names.size() > 1).forEach(names -> notes.add(
                "vendors that look like one, booked as " + names.size() + " contacts: " + String.join(" / ", names)
                        + "; to book them as one, add an alias under vendors in " + settings.file()));
        return booked;
    }

    /** The bills as CSV: a header, then a row per bill line. */
    static byte[] csv(List<String> columns, DateTimeFormatter dates, List<Booked> bills, Row row) {
        StringBuilder text = new StringBuilder();
        try {
            CsvRowWriter rows = new CsvRowWriter(text, dates);
            rows.row(columns);
            for (Booked booked : bills) {
                for (BillLine line : booked.bill().lines()) {
                    rows.row(row.cells(booked, line));
                }
            }
            rows.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render bills: " + e.getMessage(), e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bills.csv} with {@code "tax-exclusive"} → {@code bills-tax-exclusive.csv}, next to it. */
    static Path sibling(Path target, String label) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : ".csv";
        return target.resolveSibling(stem + "-" + label + extension);
    }

    static List<StoredDocument> documents(List<Booked> bills) {
        return bills.stream().map(booked -> booked.bill().document()).toList();
    }
}
