package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.offline.rules.PrintedDate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.validate.CurrencyParser;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline engine reads every good sample in {@code sample-inputs/} (rendered by the real renderer) to the
 * values in its golden file. Raw fields are as printed, so amounts are compared as decimals after dropping
 * currency and grouping, dates as days, strings after collapsing whitespace (case-sensitive).
 */
class SampleGoldenTest {
    private static final Path SAMPLES = Path.of("sample-inputs");
    @TempDir
    static Path folder;
    private static OfflineExtractor extractor;
    private static final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

    @BeforeAll
    static void start() {
        extractor = OfflineExtractor.create(OfflineSettings.from(new ConfigSource(new java.util.Properties(),
                Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString()))));
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".expected.json"))
                    .map(name -> name.substring(0, name.length() - ".expected.json".length()))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsTheSampleAsItsGoldenFileSays(String name) throws Exception {
        Path input;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            input = files.filter(path -> path.getFileName().toString().startsWith(name + ".")
                    && !path.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode expected = new ObjectMapper().readTree(SAMPLES.resolve(name + ".expected.json").toFile()).get("fields");
        byte[] bytes = Files.readAllBytes(input);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        SourceDocument source = new SourceDocument(sha, input.toUri().toString(), input.getFileName().toString(), bytes.length, input);
        RenderedDocument rendered = renderer.render(source, extractor.pageSpec(), folder.resolve("pages"));

        Extraction extraction = extractor.extract(rendered);

        List<String> differences = differences(expected, extraction.fields());
        assertThat(differences).as("fields of %s that differ from the golden file", name).isEmpty();
    }

    static List<String> differences(JsonNode expected, RawFields actual) {
        List<String> differences = new ArrayList<>();
        field(differences, "document_type", expected, actual.documentType());
        field(differences, "store_name", expected, actual.storeName());
        field(differences, "store_address", expected, actual.storeAddress());
        date(differences, "date", expected.get("date"), actual.date());
        field(differences, "time", expected, actual.time() == null ? null : actual.time());
        amount(differences, "subtotal", expected.get("subtotal"), actual.subtotal());
        amount(differences, "tax", expected.get("tax"), actual.tax());
        amount(differences, "tip", expected.get("tip"), actual.tip());
        amount(differences, "discount", expected.get("discount"), actual.discount());
        amount(differences, "total", expected.get("total"), actual.total());
        // a bare "$" is reported as printed (validation settles whose dollar): it reads any dollar the golden file names
        field(differences, "currency", expected, "$".equals(actual.currency()) && expected.get("currency") != null
                && CurrencyParser.isDollar(expected.get("currency").asText()) ? expected.get("currency").asText() : actual.currency());
        field(differences, "payment_method", expected, actual.paymentMethod());
        field(differences, "invoice_number", expected, actual.invoiceNumber());
        date(differences, "due_date", expected.get("due_date"), actual.dueDate());
        field(differences, "vendor_tax_id", expected, actual.vendorTaxId());
        field(differences, "bill_to", expected, actual.billTo());
        field(differences, "po_number", expected, actual.poNumber());
        JsonNode items = expected.get("items");
        if (items.size() != actual.items().size()) {
            differences.add("items: expected " + items + " but read " + actual.items());
        } else {
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                RawFields.Item read = actual.items().get(i);
                String where = "items[" + i + "].";
                text(differences, where + "name", item.get("name"), read.name());
                amount(differences, where + "qty", item.get("qty"), read.qty());
                amount(differences, where + "unit_price", item.get("unit_price"), read.unitPrice());
                amount(differences, where + "price", item.get("price"), read.price());
            }
        }
        JsonNode taxLines = expected.get("tax_lines");
        if (taxLines.size() != actual.taxLines().size()) {
            differences.add("tax_lines: expected " + taxLines + " but read " + actual.taxLines());
        } else {
            for (int i = 0; i < taxLines.size(); i++) {
                amount(differences, "tax_lines[" + i + "].rate", taxLines.get(i).get("rate"), actual.taxLines().get(i).rate());
                amount(differences, "tax_lines[" + i + "].amount", taxLines.get(i).get("amount"), actual.taxLines().get(i).amount());
            }
        }
        return differences;
    }

    private static void field(List<String> differences, String field, JsonNode expected, String actual) {
        text(differences, field, expected.get(field), actual);
    }

    private static void text(List<String> differences, String field, JsonNode expected, String actual) {
        String want = expected == null || expected.isNull() ? null : expected.asText().replaceAll("\\s+", " ").strip();
        String got = actual == null ? null : actual.replaceAll("\\s+", " ").strip();
        if (!java.util.Objects.equals(want, got)) {
            differences.add(field + ": expected <" + want + "> but read <" + got + ">");
        }
    }

    private static void date(List<String> differences, String field, JsonNode expected, String actual) {
        LocalDate want = expected == null || expected.isNull() ? null : LocalDate.parse(expected.asText());
        LocalDate got = PrintedDate.parse(actual);
        if (!java.util.Objects.equals(want, got)) {
            differences.add(field + ": expected <" + want + "> but read <" + actual + ">");
        }
    }

    private static void amount(List<String> differences, String field, JsonNode expected, String actual) {
        BigDecimal want = expected == null || expected.isNull() ? null : new BigDecimal(expected.asText());
        BigDecimal got = decimal(actual);
        if (want == null ? got != null : got == null || want.compareTo(got) != 0) {
            differences.add(field + ": expected <" + want + "> but read <" + actual + ">");
        }
    }

    /** As printed → decimal: drop currency and percent signs; the last separator before 1–2 digits at the end is the decimal point. */
    static BigDecimal decimal(String printed) {
        if (printed == null) {
            return null;
        }
        String text = printed.replaceAll("[^\\d.,-]", "");
        if (text.isEmpty()) {
            return null;
        }
        int decimal = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
        if (decimal >= 0 && text.length() - decimal - 1 <= 2) {
            text = text.substring(0, decimal).replaceAll("[.,]", "") + "." + text.substring(decimal + 1);
        } else {
            text = text.replaceAll("[.,]", "");
        }
        return new BigDecimal(text);
    }
}
