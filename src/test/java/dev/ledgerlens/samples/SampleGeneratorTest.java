package dev.ledgerlens.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed {@code sample-inputs/} are what the generator writes, and every golden file adds up. */
class SampleGeneratorTest {
    private static final Path COMMITTED = Path.of("sample-inputs");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path regenerated;

    @BeforeAll
    static void regenerate() throws IOException {
        new SampleGenerator(regenerated).writeAll();
    }

    @Test
    void committedGoldenFilesAndDigitalPdfsMatchTheGenerator() throws IOException {
        // Images and the scanned PDF are drawn with the host's fonts, so only font-independent files are compared.
        try (Stream<Path> files = Files.list(regenerated)) {
            List<Path> comparable = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".expected.json") || (name.endsWith(".pdf") && !name.contains("scanned"));
            }).toList();
            assertThat(comparable).hasSizeGreaterThan(12);
            for (Path file : comparable) {
                assertThat(COMMITTED.resolve(file.getFileName()))
                        .as("%s is stale; re-run the SampleGenerator and commit", file.getFileName())
                        .hasSameBinaryContentAs(file);
            }
        }
    }

    @Test
    void atLeastTwelveGoodSamplesEachWithAGoldenAndTwoBadOnes() throws IOException {
        try (Stream<Path> files = Files.list(COMMITTED)) {
            List<String> documents = files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.endsWith(".expected.json")).toList();
            List<String> good = documents.stream()
                    .filter(name -> Files.exists(COMMITTED.resolve(golden(name)))).toList();
            assertThat(good).hasSizeGreaterThanOrEqualTo(12);
            assertThat(documents).contains("truncated.pdf", "empty.pdf");
            assertThat(documents).filteredOn(name -> !good.contains(name))
                    .containsExactlyInAnyOrder("truncated.pdf", "empty.pdf");
        }
    }

    @Test
    void goldenAmountsReconcileExceptWhereTheStatusSaysSo() throws IOException {
        try (Stream<Path> files = Files.list(COMMITTED)) {
            for (Path golden : files.filter(file -> file.toString().endsWith(".expected.json")).toList()) {
                JsonNode root = JSON.readTree(golden.toFile());
                JsonNode fields = root.get("fields");
                assertThat(fields.size()).as("%s has every schema field", golden).isEqualTo(19);
                BigDecimal items = BigDecimal.ZERO;
                for (JsonNode item : fields.get("items")) {
                    BigDecimal line = new BigDecimal(item.get("qty").asText()).multiply(new BigDecimal(item.get("unit_price").asText()));
                    assertThat(line).as("%s %s", golden, item).isEqualByComparingTo(item.get("price").asText());
                    items = items.add(new BigDecimal(item.get("price").asText()));
                }
                BigDecimal subtotal = new BigDecimal(fields.get("subtotal").asText());
                BigDecimal total = subtotal.add(amount(fields, "tax")).add(amount(fields, "tip")).subtract(amount(fields, "discount"));
                assertThat(total).as("%s: subtotal + tax + tip - discount", golden).isEqualByComparingTo(fields.get("total").asText());
                boolean itemsAddUp = items.compareTo(subtotal) == 0;
                assertThat(root.get("status").asText()).as("%s status", golden).isEqualTo(itemsAddUp ? "valid" : "needs_review");
            }
        }
    }

    private static BigDecimal amount(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? BigDecimal.ZERO : new BigDecimal(value.asText());
    }

    private static String golden(String documentName) {
        return documentName.substring(0, documentName.lastIndexOf('.')) + ".expected.json";
    }
}
