package dev.ledgerlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.ScanPreprocessor;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures an engine on a {@link SroieDataset}: reads every receipt and scores company, date, address and total
 * against its labels ({@link SroieScorer}). With {@link TextSource#BOX} the ground-truth text lines replace OCR,
 * which measures the field rules alone.
 *
 * <p>Thread-safe if the engine is; one evaluation runs receipts on {@code threads} threads.
 */
public final class SroieEvaluator {

    /** Where the page text comes from. */
    public enum TextSource { OCR, BOX }

    /** One receipt's outcome. */
    public record Outcome(String id, Path image, JsonNode labels, RawFields extracted, List<String> misses, String error,
                          long millis) {
    }

    /**
     * The figures of one run.
     *
     * @param dataset           the folder read
     * @param receipts          receipts read
     * @param accuracy          per field (company, date, address, total) the share exactly right, 0..1
     * @param hmean             harmonic mean of the four accuracies
     * @param secondsPerReceipt wall time divided by receipts (all threads together)
     * @param outcomes          every receipt, in id order
     */
    public record Report(Path dataset, int receipts, Map<String, Double> accuracy, double hmean, double secondsPerReceipt,
                         List<Outcome> outcomes) {
    }

    private final Extractor extractor;
    private final TextSource textSource;
    private final int threads;

    public SroieEvaluator(Extractor extractor, TextSource textSource, int threads) {
        this.extractor = extractor;
        this.textSource = textSource;
        this.threads = Math.max(1, threads);
    }

    /** Reads the receipts of {@code dataset} that {@link SroieDataset#ids(int, int)} selects and scores them. */
    public Report evaluate(SroieDataset dataset, int every, int limit) {
        List<String> ids = dataset.ids(every, limit);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> evaluateOne(dataset, id)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LedgerlensException failure) {
                throw failure;
            }
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (String field : SroieScorer.FIELDS) {
            long right = outcomes.stream().filter(outcome -> !outcome.misses().contains(field)).count();
            accuracy.put(field, outcomes.isEmpty() ? 0 : (double) right / outcomes.size());
        }
        return new Report(dataset.folder(), outcomes.size(), accuracy, SroieScorer.hmean(accuracy.values()),
                outcomes.isEmpty() ? 0 : seconds / outcomes.size(), outcomes);
    }

    private Outcome evaluateOne(SroieDataset dataset, String id) throws IOException {
        Path image = dataset.image(id);
        JsonNode labels = dataset.labels(id);
        long started = System.nanoTime();
        RawFields extracted;
        String error = null;
        try {
            Extraction extraction = extractor.extract(document(dataset, id));
            extracted = extraction.fields();
        } catch (LedgerlensException e) {
            extracted = RawFields.empty();
            error = e.reason() + ": " + e.getMessage();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Outcome(id, image, labels, extracted,
                SroieScorer.misses(SroieFields.labels(labels), SroieFields.printed(extracted)), error, millis);
    }

    /** Receipt {@code id} of the dataset as the one-page document the engine reads. */
    RenderedDocument document(SroieDataset dataset, String id) throws IOException {
        Path image = dataset.image(id);
        int[] size = ScanPreprocessor.imageSize(image);
        TextLayer layer = textSource == TextSource.BOX ? dataset.boxText(id, 1.0) : null;
        SourceDocument source = new SourceDocument(id, image.toUri().toString(), image.getFileName().toString(),
                Files.size(image), image);
        RenderedPage page = new RenderedPage(1, image, "image/jpeg", size[0], size[1], layer);
        return new RenderedDocument(source, DocumentType.JPEG, 1, List.of(page));
    }
}
