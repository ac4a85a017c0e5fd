package dev.ledgerlens.app;

import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.config.ConfigSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.export.ExportFormat;
import dev.ledgerlens.export.ExportSettings;
import dev.ledgerlens.store.DeadLetter;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.testing.Golden;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boots the real application on its embedded PostgreSQL (production migrations) with the offline engine
 * and runs the repository's samples through every stage, twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchRunIT {
    @TempDir
    static Path workspace;
    static Application application;
    static Path inbox;

    @BeforeAll
    static void start() throws IOException {
        inbox = workspace.resolve("inbox");
        Files.createDirectories(inbox);
        try (Stream<Path> samples = Files.list(Golden.samplesDir())) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, inbox.resolve(sample.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Properties properties = new Properties();
        properties.setProperty("ledgerlens.input.exclude", ".*\\.expected\\.json");
        application = Application.open(new ConfigSource(properties, Map.of(
                "LEDGERLENS_DATA_DIR", workspace.resolve("data").toString(),
                "LEDGERLENS_ENGINE", "offline",
                "LEDGERLENS_CONCURRENCY", "2")));
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    @Order(1)
    void everyGoodSampleIsStoredAndTheTwoBadFilesAreDeadLetteredWithTwoReasons() throws SQLException {
        List<Golden.Sample> samples = Golden.samples();
        RunTracker.Summary summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);

        assertThat(summary.documents()).isEqualTo(samples.size() + 2);
        assertThat(summary.stored()).isEqualTo(samples.size());
        assertThat(summary.deadLettered()).isEqualTo(2);
        assertThat(summary.deadLetterReasons()).containsOnlyKeys("CORRUPT_DOCUMENT", "EMPTY_FILE");
        assertThat(summary.pages()).isGreaterThan(samples.size());

        Map<String, Long> status = application.storedRecords().countByStatus();
        assertThat(status.get("valid") + status.get("needs_review")).isEqualTo(samples.size());
        assertThat(status.get("processing")).isZero();
        assertThat(count("select count(*) from extractions")).isEqualTo(samples.size());
        assertThat(count("select count(*) from line_items")).isGreaterThan(samples.size());
        assertThat(count("select count(*) from pages")).isEqualTo(summary.pages());

        List<DeadLetter> letters = application.deadLetters().list(null);
        assertThat(letters).extracting(DeadLetter::fileName).containsExactlyInAnyOrder("truncated.pdf", "empty.pdf");
        assertThat(letters).filteredOn(l -> l.fileName().equals("truncated.pdf"))
                .allSatisfy(l -> assertThat(l.stage()).isEqualTo("render"));
    }

    @Test
    @Order(2)
    void everyPageKeepsTheWordBoxesItWasReadFromSoReviewCanShowThem() {
        for (StoredDocument document : application.storedRecords()
                .find(new StoredRecords.Query(Arrays.asList(RecordStatus.values()), null, null))) {
            for (dev.ledgerlens.store.StoredPage page : application.storedRecords().pages(document.id())) {
                assertThat(page.words()).as(document.fileName() + " page " + page.pageNumber() + " (" + page.textOrigin() + ")")
                        .isNotEmpty()
                        .allSatisfy(word -> assertThat(word.left() >= 0 && word.top() >= 0
                                && word.left() + word.width() <= page.width() + 2
                                && word.top() + word.height() <= page.height() + 2).as(word.toString()).isTrue());
            }
        }
        // the scanned invoice was read by OCR: its total's word is where the OCR found it
        StoredDocument scanned = application.storedRecords().find(new StoredRecords.Query(Arrays.asList(RecordStatus.values()),
                null, null)).stream().filter(d -> d.fileName().equals("invoice-gbp-scanned.pdf")).findFirst().orElseThrow();
        assertThat(application.storedRecords().pages(scanned.id()).get(0).textOrigin()).isEqualTo("ocr");
        assertThat(application.storedRecords().pages(scanned.id()).get(0).words())
                .anySatisfy(word -> assertThat(word.text()).contains(scanned.record().total().toPlainString()));
    }

    @Test
    @Order(2)
    void everyStoredRecordMatchesItsGoldenFileFieldByField() {
        Map<String, StoredDocument> stored = application.storedRecords()
                .find(new StoredRecords.Query(Arrays.asList(RecordStatus.values()), null, null)).stream()
                .collect(Collectors.toMap(StoredDocument::fileName, d -> d));
        StringBuilder report = new StringBuilder();
        for (Golden.Sample sample : Golden.samples()) {
            StoredDocument document = stored.get(sample.fileName());
            if (document == null) {
                report.append(sample.fileName()).append(": not stored\n");
                continue;
            }
            List<String> differences = Golden.differences(sample.fields(), document.record());
            if (!document.status().label().equals(sample.status())) {
                differences.add("status: expected " + sample.status() + ", got " + document.status().label()
                        + " " + document.reasons());
            }
            differences.forEach(d -> report.append(sample.fileName()).append(": ").append(d).append('\n'));
        }
        assertThat(report.toString()).as("differences from the golden files").isEmpty();
    }

    @Test
    @Order(3)
    void jsonlAndCsvExportsRoundTripTheStoredValuesExactly(@TempDir Path exports) throws IOException {
        List<StoredDocument> stored = application.storedRecords()
                .find(new StoredRecords.Query(Arrays.asList(RecordStatus.values()), null, null));
        Path jsonl = exports.resolve("all.jsonl");
        Path csv = exports.resolve("all.csv");
        ExportFormat.JSONL.exporter(ExportSettings.defaults()).export(stored, jsonl);
        ExportFormat.CSV.exporter(ExportSettings.defaults()).export(stored, csv);

        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        List<List<String>> rows = CsvReader.read(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(lines).hasSize(stored.size());
        assertThat(rows).hasSize(stored.size() + 1);
        List<String> header = rows.get(0);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < stored.size(); i++) {
            DocumentRecord record = stored.get(i).record();
            JsonNode fields = json.readTree(lines.get(i)).get("fields");
            Map<String, String> row = new java.util.HashMap<>();
            for (int column = 0; column < header.size(); column++) {
                row.put(header.get(column), rows.get(i + 1).get(column));
            }
            String where = stored.get(i).fileName();
            Map<String, BigDecimal> amounts = new java.util.LinkedHashMap<>();
            amounts.put("subtotal", record.subtotal());
            amounts.put("tax", record.tax());
            amounts.put("tip", record.tip());
            amounts.put("discount", record.discount());
            amounts.put("total", record.total());
            amounts.forEach((name, value) -> {
                String expected = value == null ? null : value.toPlainString();
                assertThat(fields.get(name).isNull() ? null : fields.get(name).asText()).as(where + " jsonl " + name).isEqualTo(expected);
                assertThat(emptyToNull(row.get(name))).as(where + " csv " + name).isEqualTo(expected);
            });
            assertThat(fields.get("date").asText()).as(where + " jsonl date").isEqualTo(record.date().toString());
            assertThat(row.get("date")).as(where + " csv date").isEqualTo(record.date().toString());
            JsonNode items = fields.get("items");
            assertThat(items.size()).isEqualTo(record.items().size());
            for (int item = 0; item < items.size(); item++) {
                BigDecimal price = record.items().get(item).price();
                assertThat(items.get(item).get("price").isNull() ? null : items.get(item).get("price").asText())
                        .as(where + " item " + item).isEqualTo(price == null ? null : price.toPlainString());
            }
            assertThat(json.readTree(row.get("items_json"))).as(where + " csv items").isEqualTo(items);
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** RFC 4180: quoted fields, doubled quotes, line breaks inside quotes. */
    static final class CsvReader {
        static List<List<String>> read(String text) {
            List<List<String>> rows = new java.util.ArrayList<>();
            List<String> row = new java.util.ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new java.util.ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    @Order(5)
    void copiesOfTheSameBytesUnderOtherNamesInOneRunAreStoredOnce() throws IOException, SQLException {
        Path copies = workspace.resolve("copies");
        Files.createDirectories(copies);
        byte[] bytes = Files.readAllBytes(Golden.samplesDir().resolve("receipt-gbp-hardware.pdf"));
        byte[] changed = java.util.Arrays.copyOf(bytes, bytes.length + 12);
        System.arraycopy("\n%copy-test\n".getBytes(StandardCharsets.US_ASCII), 0, changed, bytes.length, 12);
        for (int i = 0; i < 8; i++) {
            Files.write(copies.resolve("copy " + i + ".pdf"), changed);
        }
        long before = count("select count(*) from extractions");

        RunTracker.Summary summary = new BatchRun(application).run(copies, InputDisposition.After.KEEP, new RunTracker(), null);

        assertThat(summary.documents()).isEqualTo(8);
        assertThat(summary.stored()).isEqualTo(1);
        assertThat(summary.alreadyKnown()).isEqualTo(7);
        assertThat(count("select count(*) from extractions") - before).isEqualTo(1);
        assertThat(count("select count(*) from documents where status = 'processing'")).isZero();
    }

    @Test
    @Order(4)
    void aSecondRunStoresNothingNew() throws SQLException {
        long extractionsBefore = count("select count(*) from extractions");

        RunTracker.Summary summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, new RunTracker(), null);

        assertThat(summary.alreadyKnown()).isEqualTo(summary.documents());
        assertThat(summary.deadLettered()).isZero();
        assertThat(summary.stored()).isZero();
        assertThat(count("select count(*) from extractions")).isEqualTo(extractionsBefore);
    }

    @Test
    @Order(6)
    void aFolderOfMoreFilesThanCamelRemembersByDefaultIsReadOnceAndTheRunEnds() throws Exception {
        // Camel's file consumer remembers 1,000 names by default; with the files kept (noop), the 1,001st name
        // pushed the first out, the next poll read it again, the source never went idle and the run never ended.
        Path many = workspace.resolve("many");
        Files.createDirectories(many);
        for (int i = 0; i < 1_500; i++) {
            // the same bytes: one document, dead-lettered once (EMPTY_FILE), the rest already known
            Files.write(many.resolve(String.format("scan-%04d.pdf", i)), new byte[0]);
        }

        RunTracker.Summary summary = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> new BatchRun(application).run(many, InputDisposition.After.KEEP, new RunTracker(), null))
                .get(3, java.util.concurrent.TimeUnit.MINUTES);

        assertThat(summary.documents()).as("each file read once").isEqualTo(1_500);
        assertThat(summary.finished()).isEqualTo(1_500);
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = application.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @Order(50)
    void aFolderHoldingTheDataDirectoryIsRefusedBeforeAnythingIsRead() throws SQLException {
        // `run --once --input .` (or `watch --input .`) with the data directory at ./data
        Path folder = workspace;
        long before = count("select count(*) from documents");

        assertThatThrownBy(() -> new BatchRun(application).run(folder, InputDisposition.After.MOVE, new RunTracker(), null))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
                    assertThat(e.getMessage()).contains("is inside the input folder", "LEDGERLENS_DATA_DIR", "--input");
                });
        assertThatThrownBy(() -> WatchRun.start(application, SourceKind.FILE, folder, InputDisposition.After.MOVE,
                new RunTracker())).isInstanceOf(LedgerlensException.class).hasMessageContaining("is inside the input folder");
        assertThat(count("select count(*) from documents")).as("nothing read").isEqualTo(before);
        assertThat(workspace.resolve("data/postgres/PG_VERSION")).exists();
    }
}
