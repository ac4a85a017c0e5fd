package dev.ledgerlens.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.validate.DocumentRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden files next to the samples ({@code name.expected.json}) and a field-by-field comparison
 * with a stored record: decimals compared as numbers, strings after collapsing white space.
 */
public final class Golden {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    /** A sample and what it must become. */
    public record Sample(Path document, String status, JsonNode fields) {
        public String fileName() {
            return document.getFileName().toString();
        }
    }

    public static Path samplesDir() {
        return Path.of("sample-inputs");
    }

    public static List<Sample> samples() {
        try (Stream<Path> files = Files.list(samplesDir())) {
            List<Sample> samples = new ArrayList<>();
            for (Path expected : files.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().toList()) {
                String stem = expected.getFileName().toString().replace(".expected.json", "");
                Path document;
                try (Stream<Path> candidates = Files.list(samplesDir())) {
                    document = candidates.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(stem + ".") && !name.endsWith(".expected.json");
                    }).findFirst().orElseThrow(() -> new IllegalStateException("no document for " + expected));
                }
                JsonNode golden = JSON.readTree(expected.toFile());
                samples.add(new Sample(document, golden.get("status").asText(), golden.get("fields")));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every difference between a record and the golden fields, as "field: expected X, got Y". */
    public static List<String> differences(JsonNode expected, DocumentRecord actual) {
        List<String> differences = new ArrayList<>();
        text(differences, "document_type", expected, actual.documentType());
        text(differences, "store_name", expected, actual.storeName());
        text(differences, "store_address", expected, actual.storeAddress());
        text(differences, "date", expected, actual.date() == null ? null : actual.date().toString());
        text(differences, "time", expected, actual.time() == null ? null
                : actual.time().toString().substring(0, Math.min(5, actual.time().toString().length())));
        decimal(differences, "subtotal", expected.get("subtotal"), actual.subtotal());
        decimal(differences, "tax", expected.get("tax"), actual.tax());
        decimal(differences, "tip", expected.get("tip"), actual.tip());
        decimal(differences, "discount", expected.get("discount"), actual.discount());
        decimal(differences, "total", expected.get("total"), actual.total());
        text(differences, "currency", expected, actual.currency());
        text(differences, "payment_method", expected, actual.paymentMethod());
        text(differences, "invoice_number", expected, actual.invoiceNumber());
        text(differences, "due_date", expected, actual.dueDate() == null ? null : actual.dueDate().toString());
        text(differences, "vendor_tax_id", expected, actual.vendorTaxId());
        text(differences, "bill_to", expected, actual.billTo());
        text(differences, "po_number", expected, actual.poNumber());
        JsonNode items = expected.get("items");
        int expectedItems = items == null || items.isNull() ? 0 : items.size();
        if (expectedItems != actual.items().size()) {
            differences.add("items: expected " + expectedItems + " lines, got " + actual.items().size());
        } else {
            for (int i = 0; i < expectedItems; i++) {
                JsonNode item = items.get(i);
                DocumentRecord.LineItem line = actual.items().get(i);
                String prefix = "items[" + i + "].";
                if (!same(item.get("name"), line.name())) {
                    differences.add(prefix + "name: expected " + item.get("name") + ", got " + line.name());
                }
                decimal(differences, prefix + "qty", item.get("qty"), line.qty());
                decimal(differences, prefix + "unit_price", item.get("unit_price"), line.unitPrice());
                decimal(differences, prefix + "price", item.get("price"), line.price());
            }
        }
        JsonNode taxLines = expected.get("tax_lines");
        int expectedTaxLines = taxLines == null || taxLines.isNull() ? 0 : taxLines.size();
        if (expectedTaxLines != actual.taxLines().size()) {
            differences.add("tax_lines: expected " + expectedTaxLines + ", got " + actual.taxLines().size());
        }
        return differences;
    }

    private static void text(List<String> differences, String field, JsonNode expected, String actual) {
        if (!same(expected.get(field), actual)) {
            differences.add(field + ": expected " + expected.get(field) + ", got " + (actual == null ? "null" : "\"" + actual + "\""));
        }
    }

    private static boolean same(JsonNode expected, String actual) {
        if (expected == null || expected.isNull()) {
            return actual == null;
        }
        return actual != null && collapse(expected.asText()).equals(collapse(actual));
    }

    private static void decimal(List<String> differences, String field, JsonNode expected, BigDecimal actual) {
        boolean expectedNull = expected == null || expected.isNull();
        if (expectedNull != (actual == null)
                || (!expectedNull && new BigDecimal(expected.asText()).compareTo(actual) != 0)) {
            differences.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    private static String collapse(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }
}
