package dev.ledgerlens.extract.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.app.ConfigSource;
import dev.ledgerlens.extract.RawFields;

import java.nio.file.Path;
import java.util.List;

/**
 * Tuning tool for the offline engine's second reader: reads every receipt of a SROIE-style folder with PP-OCR
 * alone (no Tesseract pass, no vote) and prints its per-field accuracy, scored as {@code ledgerlens eval} scores.
 * Six minutes for 200 receipts where a full {@link OcrRowsReplay} dump takes eight, which makes PP-OCR's own settings
 * ({@code ledgerlens.offline.ppocr-unclip-ratio}) quick to compare.
 *
 * <p>{@code PpOcrAloneEval <dataset> [limit]}; configuration from the environment as for {@code run}.
 */
public final class PpOcrAloneEval {
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        OfflineSettings settings = OfflineSettings.from(ConfigSource.load(null, System.getenv()));
        ReceiptParser parser = new ReceiptParser(settings.lineJoin());
        LineAssembler assembler = new LineAssembler();
        ObjectMapper json = new ObjectMapper();
        List<String> ids = SroieEvaluator.ids(dataset, limit);
        int company = 0;
        int date = 0;
        int address = 0;
        int total = 0;
        long started = System.nanoTime();
        try (PpOcr reader = new PpOcr(settings.ocrThreads(), OfflineExtractor.PPOCR_MAX_SIDE, OfflineExtractor.PPOCR_TIMEOUT,
                settings.ppocrUnclipRatio())) {
            for (String id : ids) {
                RawFields fields = parser.parse(assembler.rows(reader.read(dataset.resolve("img").resolve(id + ".jpg")), 1)).fields();
                JsonNode expected = json.readTree(dataset.resolve("entities").resolve(id + ".json").toFile());
                company += SroieEvaluator.sameText(expected.path("company").asText(null), fields.storeName()) ? 1 : 0;
                date += SroieEvaluator.sameDate(expected.path("date").asText(null), fields.date()) ? 1 : 0;
                address += SroieEvaluator.sameText(expected.path("address").asText(null), fields.storeAddress()) ? 1 : 0;
                total += SroieEvaluator.sameAmount(expected.path("total").asText(null), fields.total()) ? 1 : 0;
            }
        }
        double n = ids.size();
        System.out.printf("receipts=%d unclip-ratio=%.1f company=%.1f date=%.1f address=%.1f total=%.1f s/receipt=%.2f%n", ids.size(),
                settings.ppocrUnclipRatio(), 100 * company / n, 100 * date / n, 100 * address / n, 100 * total / n,
                (System.nanoTime() - started) / 1e9 / n);
    }

    private PpOcrAloneEval() {
    }
}
