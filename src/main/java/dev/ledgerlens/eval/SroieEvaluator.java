package dev.ledgerlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.ScanPreprocessor;
import dev.ledgerlens.failure.Category;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ReviewReason;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationSettings;
import dev.ledgerlens.validate.ValidationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures an engine on a {@link SroieDataset} through the path {@code run} takes, without the database: each scan
 * becomes a {@link SourceDocument} (identified by the SHA-256 of its bytes), {@link DocumentRenderer} renders it to
 * the engine's {@code PageSpec} (EXIF rotation, fitting, re-encoding), the {@link Extractor} reads it, and
 * {@link ValidationStep} normalises, validates and reconciles it, in the order and with the failure handling of
 * {@code app/PipelineSteps}. The validated record's store_name, store_address, date and total are scored against the
 * labels ({@link SroieScorer}); a document {@code run} would dead-letter has no record, so all four of its fields
 * count as missed. Each receipt's outcome is kept: valid, needs review (with the reasons) or dead-lettered (with the
 * reason), which gives the share of records that go straight through and the silent errors (a valid record with a
 * scored field wrong). What {@code run} does and this does not: storing, duplicate detection (the store's), and
 * redelivery of TRANSIENT failures (the offline engine has none; they count as dead letters here).
 *
 * <p>{@link TextSource#BOX} keeps that path but replaces the engine's reading: the rendered page gets the dataset's
 * ground-truth text lines as its text layer, scaled to the rendered page, so the offline engine reads them as it
 * reads a PDF's text layer. Skipped then: OCR itself (scan preparation, both Tesseract passes and PP-OCR) and, with it,
 * the vote across passes, since a text layer is one reading. What remains is the field rules, the confidence cut and
 * validation, which is what box figures measure.
 *
 * <p>Thread-safe if the engine is; one evaluation runs receipts on {@code threads} threads.
 */
public final class SroieEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(SroieEvaluator.class);

    /** Where the page text comes from. */
    public enum TextSource { OCR, BOX }

    /** How a receipt ended, as {@code run} would have stored it. */
    public enum Status {
        VALID, NEEDS_REVIEW, DEAD_LETTERED;

        /** The name as {@code status} and the exports print it ({@code needs_review}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One receipt's outcome.
     *
     * @param id         the receipt's id in the dataset
     * @param image      its scan
     * @param labels     the dataset's labels, as written
     * @param read       the validated record's four fields, or null when the receipt was dead-lettered
     * @param extracted  the engine's fields before validation, or null when it read nothing (render or OCR failed)
     * @param status     valid, needs review or dead-lettered
     * @param reasons    why the record needs review (empty otherwise)
     * @param deadLetter the dead-letter reason, or null
     * @param error      the dead letter's message, or null
     * @param misses     the scored fields read wrong, in {@link SroieScorer#FIELDS} order
     * @param millis     time from the scan to the validated record
     * @param confidence the validated record's calibrated confidence per field (schema names: store_name, date, …);
     *                   empty when the engine reports no evidence or the receipt was dead-lettered
     */
    public record Outcome(String id, Path image, JsonNode labels, SroieFields read, RawFields extracted, Status status,
                          List<ReviewReason> reasons, FailureReason deadLetter, String error, List<String> misses, long millis,
                          Map<String, Double> confidence) {
        public Outcome {
            reasons = List.copyOf(reasons);
            misses = List.copyOf(misses);
            confidence = confidence == null ? Map.of() : Map.copyOf(confidence);
        }

        /** An outcome without confidences. */
        public Outcome(String id, Path image, JsonNode labels, SroieFields read, RawFields extracted, Status status,
                       List<ReviewReason> reasons, FailureReason deadLetter, String error, List<String> misses, long millis) {
            this(id, image, labels, read, extracted, status, reasons, deadLetter, error, misses, millis, Map.of());
        }
    }

    /**
     * One bin of a reliability table: the values whose confidence fell in {@code [from, to)}, their mean confidence
     * and the share of them that was right. Calibrated confidences have {@code right} close to {@code meanConfidence}.
     */
    public record ReliabilityBin(double from, double to, int values, double meanConfidence, double right) {
    }

    /** Where a reliability table cuts: finer near 1, where the threshold sits. */
    static final double[] BIN_EDGES = {0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0000001};

    /** The scored field ({@link SroieScorer#FIELDS}) each confidence field is compared as. */
    private static final Map<String, String> SCORED = Map.of("store_name", "company", "date", "date", "total", "total",
            "store_address", "address");

    /**
     * The figures of one run over one dataset.
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

        /**
         * Per field the share right with company and address compared without any whitespace
         * ({@link SroieScorer#missesIgnoringSpacing}): how the project's figures were taken until issue 14's sixth round
         * (docs/benchmarks.md), and how much of {@link #accuracy} is lost to spacing alone.
         */
        public Map<String, Double> accuracyIgnoringSpacing() {
            // a dead-lettered receipt has no record read: every field missed
            return SroieScorer.accuracy(outcomes.stream()
                    .map(outcome -> SroieScorer.missesIgnoringSpacing(SroieFields.labels(outcome.labels()), outcome.read()))
                    .toList());
        }

        /** How many receipts ended with {@code status}. */
        public long count(Status status) {
            return outcomes.stream().filter(outcome -> outcome.status() == status).count();
        }

        /** The share of receipts stored as valid, 0..1: what goes straight into the books. */
        public double shareValid() {
            return receipts == 0 ? 0 : (double) count(Status.VALID) / receipts;
        }

        /** Valid records with at least one scored field wrong: errors nobody is asked to look at. */
        public long validWithMiss() {
            return outcomes.stream().filter(outcome -> outcome.status() == Status.VALID && !outcome.misses().isEmpty()).count();
        }

        /** {@link #validWithMiss()} as a share of the valid records, 0..1. */
        public double silentErrorRate() {
            long valid = count(Status.VALID);
            return valid == 0 ? 0 : (double) validWithMiss() / valid;
        }

        /** The key fields an accountant books a receipt by: the shop's name, the date and the total. */
        public static final List<String> KEY_FIELDS = List.of("company", "date", "total");

        /** Valid records with a key field ({@link #KEY_FIELDS}) wrong: the silent errors that reach the books. */
        public long validWithKeyMiss() {
            return outcomes.stream().filter(outcome -> outcome.status() == Status.VALID && keyMiss(outcome)).count();
        }

        /** {@link #validWithKeyMiss()} as a share of the valid records, 0..1: the silent-error rate. */
        public double keySilentErrorRate() {
            long valid = count(Status.VALID);
            return valid == 0 ? 0 : (double) validWithKeyMiss() / valid;
        }

        /** Records sent to review whose key fields were all right: the review a person did for nothing. */
        public long reviewRight() {
            return outcomes.stream().filter(outcome -> outcome.status() == Status.NEEDS_REVIEW && !keyMiss(outcome)).count();
        }

        /** {@link #reviewRight()} as a share of the records sent to review, 0..1. */
        public double shareReviewRight() {
            long review = count(Status.NEEDS_REVIEW);
            return review == 0 ? 0 : (double) reviewRight() / review;
        }

        private static boolean keyMiss(Outcome outcome) {
            return outcome.misses().stream().anyMatch(KEY_FIELDS::contains);
        }

        /**
         * Per scored field with confidences (store_name, date, total, store_address), how often its values were right
         * in each confidence bin; empty when the engine reported no evidence.
         */
        public Map<String, List<ReliabilityBin>> reliability() {
            Map<String, List<ReliabilityBin>> table = new LinkedHashMap<>();
            for (Map.Entry<String, String> field : new java.util.TreeMap<>(SCORED).entrySet()) {
                List<double[]> pairs = outcomes.stream().filter(outcome -> outcome.confidence().containsKey(field.getKey()))
                        .map(outcome -> new double[]{outcome.confidence().get(field.getKey()),
                                outcome.misses().contains(field.getValue()) ? 0 : 1})
                        .toList();
                if (pairs.isEmpty()) {
                    continue;
                }
                List<ReliabilityBin> bins = new java.util.ArrayList<>();
                for (int b = 0; b + 1 < BIN_EDGES.length; b++) {
                    double from = BIN_EDGES[b];
                    double to = BIN_EDGES[b + 1];
                    List<double[]> in = pairs.stream().filter(pair -> pair[0] >= from && pair[0] < to).toList();
                    if (!in.isEmpty()) {
                        bins.add(new ReliabilityBin(from, Math.min(1, to), in.size(),
                                in.stream().mapToDouble(pair -> pair[0]).average().orElse(0),
                                in.stream().mapToDouble(pair -> pair[1]).average().orElse(0)));
                    }
                }
                table.put(field.getKey(), bins);
            }
            return table;
        }

        /** Dead letters by reason, most frequent first. */
        public Map<String, Long> deadLetterReasons() {
            return tally(outcomes.stream().filter(outcome -> outcome.deadLetter() != null).map(outcome -> outcome.deadLetter().name()));
        }

        /** Review reasons by rule (a record may have several), most frequent first. */
        public Map<String, Long> reviewRules() {
            return tally(outcomes.stream().flatMap(outcome -> outcome.reasons().stream().map(ReviewReason::rule)));
        }

        private static Map<String, Long> tally(Stream<String> keys) {
            Map<String, Long> counts = new TreeMap<>();
            keys.forEach(key -> counts.merge(key, 1L, Long::sum));
            Map<String, Long> ordered = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
            return ordered;
        }
    }

    private final DocumentRenderer renderer;
    private final Extractor extractor;
    private final ValidationStep validation;
    private final TextSource textSource;
    private final int threads;

    public SroieEvaluator(DocumentRenderer renderer, Extractor extractor, ValidationStep validation, TextSource textSource,
                          int threads) {
        this.renderer = renderer;
        this.extractor = extractor;
        this.validation = validation;
        this.textSource = textSource;
        this.threads = Math.max(1, threads);
    }

    /** The render and validate stages built from {@code config} as the application builds them, around {@code extractor}. */
    public static SroieEvaluator configured(ConfigSource config, Extractor extractor, TextSource textSource, int threads) {
        return new SroieEvaluator(new DocumentRenderer(RenderSettings.from(config)), extractor,
                new ValidationStep(new RecordValidator(ValidationSettings.from(config)), extractor), textSource, threads);
    }

    /**
     * Reads the receipts of {@code dataset} that {@link SroieDataset#ids(int, int)} selects and scores them. Pages are
     * rendered into a temporary folder, deleted at the end.
     *
     * @throws LedgerlensException a FATAL failure (which stops {@code run} too), or a dataset that cannot be read
     */
    public Report evaluate(SroieDataset dataset, int every, int limit) {
        List<String> ids = dataset.ids(every, limit);
        Path workDir;
        try {
            workDir = Files.createTempDirectory("ledgerlens-eval-");
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "cannot create a folder for the rendered pages: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> evaluateOne(dataset, id, workDir)));
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
            deleteTree(workDir);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> accuracy = SroieScorer.accuracy(outcomes.stream().map(Outcome::misses).toList());
        return new Report(dataset.folder(), outcomes.size(), accuracy, SroieScorer.hmean(accuracy.values()),
                outcomes.isEmpty() ? 0 : seconds / outcomes.size(), outcomes);
    }

    /** One receipt through render, extract and validate, failures handled as {@code PipelineSteps} handles them. */
    private Outcome evaluateOne(SroieDataset dataset, String id, Path workDir) {
        JsonNode labels = dataset.labels(id);
        SroieFields expected = SroieFields.labels(labels);
        // each receipt renders into a folder of its own: two receipts with the same bytes must not share pages
        Path folder = workDir.resolve(id);
        long started = System.nanoTime();
        RenderedDocument rendered = null;
        RawFields extracted = null;
        try {
            rendered = render(dataset, id, folder);
            Extraction extraction = extractor.extract(rendered);
            extracted = extraction.fields();
            ValidatedDocument validated = validation.apply(extraction);
            SroieFields read = SroieFields.of(validated.record());
            Status status = validated.status() == RecordStatus.VALID ? Status.VALID : Status.NEEDS_REVIEW;
            return new Outcome(id, dataset.image(id), labels, read, extracted, status, validated.reasons(), null, null,
                    SroieScorer.misses(expected, read), millisSince(started), validated.confidence());
        } catch (LedgerlensException e) {
            if (e.reason().category() == Category.FATAL) {
                throw e; // nothing will work (configuration, language data): stop, as run stops
            }
            return deadLettered(dataset, id, labels, extracted, e.reason(), e.getMessage(), started);
        } catch (RuntimeException e) {
            // as PipelineSteps does with an exception that is not a typed failure: dead-letter it as an internal error
            LOG.error("unexpected error on receipt {}", id, e);
            return deadLettered(dataset, id, labels, extracted, FailureReason.INTERNAL_ERROR,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), started);
        } finally {
            if (rendered != null) {
                renderer.discard(rendered);
            }
        }
    }

    private static Outcome deadLettered(SroieDataset dataset, String id, JsonNode labels, RawFields extracted,
                                        FailureReason reason, String message, long started) {
        return new Outcome(id, dataset.image(id), labels, null, extracted, Status.DEAD_LETTERED, List.of(), reason, message,
                SroieScorer.FIELDS, millisSince(started));
    }

    /**
     * Receipt {@code id} as the engine gets it in {@code run}: rendered to the engine's page spec in {@code folder};
     * with box text, the ground-truth lines as the page's text layer.
     */
    RenderedDocument render(SroieDataset dataset, String id, Path folder) {
        RenderedDocument rendered = renderer.render(dataset.source(id), extractor.pageSpec(), folder);
        if (textSource == TextSource.OCR) {
            return rendered;
        }
        RenderedPage page = rendered.pages().get(0);
        int[] scan;
        try {
            scan = ScanPreprocessor.imageSize(dataset.image(id));
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "cannot read the size of " + dataset.image(id), e);
        }
        // the boxes are in the scan's pixels; the rendered page may have been scaled to fit the page spec
        double scale = (double) Math.max(page.width(), page.height()) / Math.max(scan[0], scan[1]);
        RenderedPage boxed = new RenderedPage(page.pageNumber(), page.image(), page.mediaType(), page.width(), page.height(),
                dataset.boxText(id, scale));
        return new RenderedDocument(rendered.source(), rendered.type(), rendered.pageCount(), List.of(boxed));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Deletes the run's page folder; what cannot be deleted is left in the temporary folder with a warning, the figures stand. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the rendered pages in {}: {}", root, e.toString());
        }
    }
}
