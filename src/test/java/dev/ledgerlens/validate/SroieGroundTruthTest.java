package dev.ledgerlens.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the validator on the SROIE ground truth (real Malaysian receipts, fields as printed, OCR lines from
 * the box files) to measure how much of real printing the parsers and the grounding handle, apart from any
 * engine's errors. Reads {@code ../shared/data/sroie-train-sample}; skips when it is absent.
 */
class SroieGroundTruthTest {
    private static final Path SROIE = Path.of("../shared/data/sroie-train-sample");

    @Test
    void realReceiptsParseAndGroundInTheirOwnText() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SROIE.resolve("entities")),
                "skipped: the SROIE sample is not at " + SROIE.toAbsolutePath() + " (shared data folder absent)");
        RecordValidator auto = new RecordValidator(ValidationSettings.defaults());
        RecordValidator ringgit = new RecordValidator(ValidationSettings.from(new ConfigSource(new Properties(),
                Map.of("LEDGERLENS_VALIDATION_DEFAULT_CURRENCY", "MYR"))));
        ObjectMapper json = new ObjectMapper();

        int documents = 0;
        int failed = 0;
        int valid = 0;
        int validWithMyr = 0;
        int totalGrounded = 0;
        int dateGrounded = 0;
        List<String> failures = new ArrayList<>();
        List<String> ungrounded = new ArrayList<>();
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        long started = System.nanoTime();
        try (Stream<Path> files = Files.list(SROIE.resolve("entities"))) {
            for (Path entity : files.sorted().toList()) {
                String id = entity.getFileName().toString().replace(".json", "");
                JsonNode truth = json.readTree(entity.toFile());
                String text = boxText(SROIE.resolve("box").resolve(id + ".txt"));
                RawFields fields = new RawFields("receipt", truth.path("company").asText(null),
                        truth.path("address").asText(null), truth.path("date").asText(null), null, List.of(),
                        null, null, null, null, truth.path("total").asText(null), null, null, null, null, null, null,
                        null, List.of());
                documents++;
                try {
                    ValidatedDocument validated = auto.validate(Documents.fromOcr(fields, text));
                    valid += validated.status() == RecordStatus.VALID ? 1 : 0;
                    validated.reasons().forEach(reason -> reasons.merge(reason.rule(), 1, Integer::sum));
                    FieldGrounding total = validated.grounding().get("total");
                    FieldGrounding date = validated.grounding().get("date");
                    totalGrounded += total != null && total.grounded() ? 1 : 0;
                    dateGrounded += date != null && date.grounded() ? 1 : 0;
                    if (total == null || !total.grounded() || date == null || !date.grounded()) {
                        ungrounded.add(id + " " + truth.path("date").asText() + " " + truth.path("total").asText());
                    }
                    validWithMyr += ringgit.validate(Documents.fromOcr(fields, text)).status() == RecordStatus.VALID ? 1 : 0;
                } catch (LedgerlensException e) {
                    failed++;
                    failures.add(id + ": " + e.violations());
                }
            }
        }
        System.out.printf("SROIE ground truth: %d documents, %d fail hard constraints, %d valid (auto), %d valid "
                        + "(default-currency MYR), total grounded %d, date grounded %d%n",
                documents, failed, valid, validWithMyr, totalGrounded, dateGrounded);
        System.out.printf("review reasons (auto): %s; %.2f ms per document (two validations each, OCR text included)%n",
                reasons, (System.nanoTime() - started) / 1e6 / documents);
        System.out.println("hard failures: " + failures);
        System.out.println("ungrounded: " + ungrounded);

        assertThat(failed).as("printed dates and totals we cannot read: %s", failures).isLessThanOrEqualTo(documents / 50);
        assertThat(totalGrounded).as("totals found in their own OCR text").isGreaterThanOrEqualTo(documents * 95 / 100);
        assertThat(dateGrounded).as("dates found in their own OCR text").isGreaterThanOrEqualTo(documents * 95 / 100);
    }

    /** The text of the box file's lines: the ninth comma-separated column onwards. */
    private static String boxText(Path box) throws IOException {
        return Files.readAllLines(box).stream()
                .map(line -> line.split(",", 9))
                .filter(parts -> parts.length == 9)
                .map(parts -> parts[8])
                .collect(Collectors.joining("\n"));
    }
}
