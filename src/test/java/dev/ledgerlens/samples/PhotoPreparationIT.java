package dev.ledgerlens.samples;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.offline.OfflineExtractor;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ValidationSettings;
import dev.ledgerlens.validate.ValidationStep;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts photographed in a hurry ({@link GeneratedDocuments#handheldReceipts()}: held at an angle with 10 to 20 %
 * keystone, turned a few degrees, half in shadow, print 10 to 12 px high) go through render, the offline engine with its
 * shipped settings and validation twice: with {@code ledgerlens.offline.photo-preparation=auto} every key field (vendor,
 * date, total) of the CI pair is what the receipt prints, and over the documents read fewer key fields are right with
 * {@code off}. CI reads two receipts twice (about 35 s on two cores); {@code -Dledgerlens.generated.full=true} reads all
 * seven languages and prints the counts (seed 14: 19 of 21 right prepared, 18 of 21 as taken; either way the French
 * shop name's capitals M read as H at 8 px, and the British total is misread). {@code -Dledgerlens.generated.seed=N}
 * reads receipts with other values and prints their counts without requiring any.
 */
class PhotoPreparationIT {
    /** Of seed 14: one whose shop name the engine misreads on the photo as taken, and one it reads either way. */
    private static final List<String> CI_SUBSET = List.of("receipt-de-handheld-photo", "receipt-en-us-handheld-photo");
    private static final List<String> KEY_FIELDS = List.of("vendor", "date", "total");
    /** The values the CI pair and the counts above were measured with; other seeds only print their counts. */
    private static final long CHECKED_SEED = 14;

    @TempDir
    Path folder;

    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

    @Test
    void handheldPhotosGiveTheirKeyFieldsOnlyWhenPrepared() throws Exception {
        long seed = Long.getLong(GeneratedDocumentsIT.SEED, CHECKED_SEED);
        List<GeneratedDocuments.Document> documents = new ArrayList<>(new GeneratedDocuments(seed).handheldReceipts());
        if (!Boolean.getBoolean(GeneratedDocumentsIT.FULL_SET)) {
            documents.removeIf(document -> !CI_SUBSET.contains(document.name()));
        }
        Map<String, List<String>> prepared = wrongKeyFields(documents, "auto");
        Map<String, List<String>> asTaken = wrongKeyFields(documents, "off");
        int keyFields = KEY_FIELDS.size() * documents.size();
        int rightPrepared = keyFields - prepared.values().stream().mapToInt(List::size).sum();
        int rightAsTaken = keyFields - asTaken.values().stream().mapToInt(List::size).sum();
        System.out.printf("key fields right on %d handheld receipt photos: %d of %d prepared, %d of %d as taken%n",
                documents.size(), rightPrepared, keyFields, rightAsTaken, keyFields);
        prepared.forEach((name, wrong) -> System.out.printf("  %-32s prepared %s | as taken %s%n", name, wrong, asTaken.get(name)));

        Assumptions.assumeTrue(seed == CHECKED_SEED, "other values (-D" + GeneratedDocumentsIT.SEED + "=" + seed
                + ") are read and counted above; what is required holds for seed " + CHECKED_SEED);
        assertThat(prepared).as("key fields read wrong with photo preparation")
                .allSatisfy((name, wrong) -> assertThat(CI_SUBSET.contains(name) ? wrong : List.of()).isEmpty());
        assertThat(rightAsTaken).as("key fields right without photo preparation (of %d)", keyFields).isLessThan(rightPrepared);
    }

    /** Per document, the key fields the engine with {@code photo-preparation=mode} read differently from what is printed. */
    private Map<String, List<String>> wrongKeyFields(List<GeneratedDocuments.Document> documents, String mode) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("ledgerlens.offline.photo-preparation", mode);
        ConfigSource config = new ConfigSource(properties, Map.of("LEDGERLENS_DATA_DIR", folder.resolve("data").toString()));
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        try (OfflineExtractor extractor = OfflineExtractor.create(OfflineSettings.from(config))) {
            ValidationStep validation = new ValidationStep(new RecordValidator(ValidationSettings.from(config)), extractor);
            for (GeneratedDocuments.Document document : documents) {
                DocumentRecord record = read(document, extractor, validation, mode);
                List<String> differences = record == null ? new ArrayList<>(KEY_FIELDS)
                        : GeneratedDocumentsIT.keyFieldDifferences(document, record, true).stream()
                                .filter(difference -> KEY_FIELDS.stream().anyMatch(field -> difference.startsWith(field + ":")))
                                .toList();
                wrong.put(document.name(), differences);
            }
        }
        return wrong;
    }

    /** The record {@code run} would store, or null when the document would be dead-lettered (no key field read). */
    private DocumentRecord read(GeneratedDocuments.Document document, OfflineExtractor extractor, ValidationStep validation,
                                String mode) throws Exception {
        Path file = folder.resolve(mode + "-" + document.fileName());
        Files.write(file, document.bytes());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document.bytes()));
        SourceDocument source = new SourceDocument(sha, file.toUri().toString(), document.fileName(), document.bytes().length, file);
        RenderedDocument rendered = renderer.render(source, extractor.pageSpec(), folder.resolve("pages-" + mode + "-" + document.name()));
        try {
            Extraction extraction = extractor.extract(rendered);
            return validation.apply(extraction).record();
        } catch (LedgerlensException e) {
            return null;
        } finally {
            renderer.discard(rendered);
        }
    }
}
