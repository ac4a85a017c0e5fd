package dev.ledgerlens.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the golden fields of each sample as an engine would answer them, and the sample's own PDF text for
 * grounding, the validator must reach the golden status: no false review on good samples, and the planted
 * mistakes found. Separates validation from extraction errors. Reads {@code sample-inputs/} (or the folder in
 * the system property {@code ledgerlens.samples}); skips when there are no golden files.
 */
class GoldenStatusTest {
    private static final Path SAMPLES = Path.of(System.getProperty("ledgerlens.samples", "sample-inputs"));
    private final RecordValidator validator = new RecordValidator(ValidationSettings.defaults());
    private final ObjectMapper json = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> goldenFieldsReachTheGoldenStatus() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "skipped: no golden samples at " + SAMPLES.toAbsolutePath());
        List<Path> goldens;
        try (Stream<Path> files = Files.list(SAMPLES)) {
            goldens = files.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().toList();
        }
        Assumptions.assumeFalse(goldens.isEmpty(), "skipped: no *.expected.json in " + SAMPLES.toAbsolutePath());
        return goldens.stream().map(golden -> DynamicTest.dynamicTest(golden.getFileName().toString(), () -> {
            JsonNode expected = json.readTree(golden.toFile());
            String stem = golden.getFileName().toString().replace(".expected.json", "");
            Extraction extraction = extraction(expected.get("fields"), pdfPages(SAMPLES.resolve(stem + ".pdf")));

            ValidatedDocument validated = validator.validate(extraction);

            assertThat(validated.status().label()).as("reasons: %s", validated.reasons())
                    .isEqualTo(expected.get("status").asText());
        }));
    }

    private static Extraction extraction(JsonNode fields, List<String> pages) {
        List<RawFields.Item> items = new ArrayList<>();
        fields.get("items").forEach(item -> items.add(new RawFields.Item(text(item, "name"), text(item, "qty"),
                text(item, "unit_price"), text(item, "price"))));
        List<RawFields.TaxLine> taxLines = new ArrayList<>();
        fields.get("tax_lines").forEach(line -> taxLines.add(new RawFields.TaxLine(text(line, "rate"), text(line, "amount"))));
        RawFields raw = new RawFields(text(fields, "document_type"), text(fields, "store_name"),
                text(fields, "store_address"), text(fields, "date"), text(fields, "time"), items,
                text(fields, "subtotal"), text(fields, "tax"), text(fields, "tip"), text(fields, "discount"),
                text(fields, "total"), text(fields, "currency"), text(fields, "payment_method"),
                text(fields, "invoice_number"), text(fields, "due_date"), text(fields, "vendor_tax_id"),
                text(fields, "bill_to"), text(fields, "po_number"), taxLines);
        return pages.isEmpty() ? Documents.fromImageOnly(raw, "{}") : Documents.fromPdf(raw, pages.toArray(String[]::new));
    }

    /** The text layer of each page; none for images and scanned PDFs without text. */
    private static List<String> pdfPages(Path pdf) throws IOException {
        List<String> pages = new ArrayList<>();
        if (!Files.exists(pdf)) {
            return pages;
        }
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pages.add(stripper.getText(document));
            }
        }
        return pages.stream().allMatch(String::isBlank) ? List.of() : pages;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
