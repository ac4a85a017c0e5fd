package dev.ledgerlens.eval;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.extract.offline.PpOcr;
import dev.ledgerlens.extract.offline.rules.ReceiptParser;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tuning tool for the offline engine's second reader: renders every receipt of a SROIE-style folder as
 * {@code ledgerlens eval} does, reads it with PP-OCR alone (no Tesseract pass, no vote, no validation) and prints the
 * per-field accuracy of the fields the rules read from it, scored as {@code ledgerlens eval} scores.
 * Six minutes for 200 receipts where a full {@link OcrRowsReplay} dump takes eight, which makes PP-OCR's own settings
 * ({@code ledgerlens.offline.ppocr-unclip-ratio}) quick to compare.
 *
 * <p>{@code PpOcrAloneEval <dataset> [limit]}; configuration from the environment as for {@code run}.
 */
public final class PpOcrAloneEval {
    public static void main(String[] args) throws Exception {
        SroieDataset dataset = SroieDataset.open(Path.of(args[0]));
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        ConfigSource config = ConfigSource.load(null, System.getenv());
        OfflineSettings settings = OfflineSettings.from(config);
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.from(config));
        Path pages = Files.createTempDirectory("ledgerlens-ppocr-");
        ReceiptParser parser = new ReceiptParser(settings.lineJoin(), settings.labels());
        LineAssembler assembler = new LineAssembler();
        List<String> ids = dataset.ids(1, limit);
        Map<String, Integer> right = new HashMap<>();
        long started = System.nanoTime();
        try (PpOcr reader = PpOcr.from(settings)) {
            for (String id : ids) {
                RenderedDocument rendered = renderer.render(dataset.source(id), settings.pageSpec(), pages);
                RawFields fields = parser.parse(assembler.rows(reader.read(rendered.pages().get(0).image()), 1)).fields();
                renderer.discard(rendered);
                List<String> misses = SroieScorer.misses(SroieFields.labels(dataset.labels(id)), SroieFields.printed(fields));
                SroieScorer.FIELDS.stream().filter(field -> !misses.contains(field)).forEach(field -> right.merge(field, 1, Integer::sum));
            }
        }
        Files.deleteIfExists(pages);
        double n = ids.size();
        System.out.printf("receipts=%d unclip-ratio=%.1f company=%.1f date=%.1f address=%.1f total=%.1f s/receipt=%.2f%n", ids.size(),
                settings.ppocrUnclipRatio(), 100 * right.getOrDefault("company", 0) / n, 100 * right.getOrDefault("date", 0) / n,
                100 * right.getOrDefault("address", 0) / n, 100 * right.getOrDefault("total", 0) / n,
                (System.nanoTime() - started) / 1e9 / n);
    }

    private PpOcrAloneEval() {
    }
}
