package dev.ledgerlens.extract.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the printed lines of a page image with PaddleOCR's PP-OCRv4 models (a text detector and a line
 * recogniser, ONNX) through RapidOcr's native library, both from Maven Central, in a worker process of its own
 * ({@link PpOcrWorker}), started on the first read. Each detected line becomes one {@link Word} whose text may
 * hold spaces, boxed in the image's pixels, with the mean character score as its confidence (0–100).
 *
 * <p>Thread-safe: reads take turns (the worker holds one engine, which uses {@code threads} cores per read).
 * A worker that dies or takes longer than the timeout is stopped, and the next read starts a new one.
 */
public final class PpOcr implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PpOcr.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end";

    private final int threads;
    private final int maxSide;
    private final Duration timeout;
    private final float unclipRatio;
    private Process worker;
    /** The worker's own temporary folder: the native library and the models are unpacked there. */
    private Path workerTemp;
    private Writer requests;
    private BlockingQueue<String> answers;

    /**
     * @param threads cores the models use per read
     * @param maxSide pages with a longer side are read scaled down to it (0 = always at their own size); boxes
     *                are given in the page's own pixels either way
     * @param timeout longest wait for one page
     */
    public PpOcr(int threads, int maxSide, Duration timeout) {
        this(threads, maxSide, timeout, PpOcrWorker.UNCLIP_RATIO);
    }

    /** @param unclipRatio how far each detected text box is grown before its line is recognised (see {@link PpOcrWorker#UNCLIP_RATIO}) */
    public PpOcr(int threads, int maxSide, Duration timeout, double unclipRatio) {
        this.threads = threads;
        this.maxSide = maxSide;
        this.timeout = timeout;
        this.unclipRatio = (float) unclipRatio;
    }

    /**
     * PP-OCR reads pages scaled down to at most this long side (about 290 dpi for A4): at full size a 600 dpi A4
     * scan takes many times the time and memory (docs/benchmarks.md), and the recogniser scales every line to
     * 48 px high anyway.
     */
    static final int MAX_SIDE = 2400;
    /** Longest wait for PP-OCR on one page before its worker is stopped and Tesseract's reading stands alone. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The reader as the offline engine runs it: the engine's threads and box growth, pages capped at {@link #MAX_SIDE}. */
    public static PpOcr from(OfflineSettings settings) {
        return new PpOcr(settings.ocrThreads(), MAX_SIDE, TIMEOUT, settings.ppocrUnclipRatio());
    }

    /** The lines of the image file (PNG, JPEG, BMP or TIFF). */
    public synchronized TextLayer read(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "no page image at " + image);
        }
        String answer;
        try {
            ensureWorker();
            requests.write(image.toAbsolutePath() + "\n");
            requests.flush();
            answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            stopWorker();
            throw new LedgerlensException(FailureReason.OCR_FAILED, "the PP-OCR worker is gone: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopWorker();
            throw new LedgerlensException(FailureReason.OCR_FAILED, "interrupted while PP-OCR read " + image, e);
        }
        if (answer == null || END.equals(answer)) {
            stopWorker();
            throw new LedgerlensException(FailureReason.OCR_FAILED, answer == null
                    ? "PP-OCR took longer than " + timeout.toSeconds() + " s on " + image + "; its worker was stopped"
                    : "the PP-OCR worker stopped while reading " + image);
        }
        return layer(answer, image);
    }

    private static TextLayer layer(String answer, Path image) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "unreadable PP-OCR answer for " + image, e);
        }
        if (root.has("error")) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "PP-OCR failed on " + image + ": " + root.get("error").asText());
        }
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode line : root.path("lines")) {
            words.add(new Word(line.get("text").asText(), line.get("left").asInt(), line.get("top").asInt(),
                    line.get("width").asInt(), line.get("height").asInt(), (float) line.get("confidence").asDouble()));
            text.append(line.get("text").asText()).append('\n');
        }
        return new TextLayer(text.toString(), words, TextLayer.Origin.OCR);
    }

    private void ensureWorker() throws IOException {
        if (worker != null && worker.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // RapidOcr unpacks its native library and models (63 MB) under java.io.tmpdir/ocrJava and loads them from
        // there: a folder per worker, so that two processes never load a file the other is still writing.
        deleteWorkerTemp();
        workerTemp = Files.createTempDirectory("ledgerlens-ppocr-");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + workerTemp,
                "-cp", System.getProperty("java.class.path"),
                PpOcrWorker.class.getName(), String.valueOf(threads), String.valueOf(maxSide), String.valueOf(unclipRatio));
        builder.redirectErrorStream(true);
        Process started = builder.start();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    int marker = line.indexOf(PpOcrWorker.MARKER);
                    if (marker >= 0) {
                        queue.add(line.substring(marker + PpOcrWorker.MARKER.length()));
                    } else if (!line.isBlank()) {
                        LOG.debug("PP-OCR worker: {}", line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("PP-OCR worker output closed: {}", e.toString());
            } finally {
                queue.add(END);
            }
        }, "ledgerlens-ppocr-output");
        reader.setDaemon(true);
        reader.start();
        worker = started;
        requests = new java.io.OutputStreamWriter(started.getOutputStream(), StandardCharsets.UTF_8);
        answers = queue;
        LOG.debug("PP-OCR worker started (pid {})", started.pid());
    }

    private void stopWorker() {
        if (worker != null) {
            worker.destroyForcibly();
            try {
                worker.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        deleteWorkerTemp();
    }

    /** The folder the current worker unpacked its library and models into, or null before the first start (for tests). */
    synchronized Path workerFolder() {
        return workerTemp;
    }

    private void deleteWorkerTemp() {
        if (workerTemp == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(workerTemp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", workerTemp, e.toString());
        }
        workerTemp = null;
    }

    /** Ends the worker: end of input, then a forced stop if it does not exit within 5 s. */
    @Override
    public synchronized void close() {
        if (worker == null) {
            return;
        }
        try {
            requests.close();
            if (!worker.waitFor(5, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        } catch (IOException e) {
            worker.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.destroyForcibly();
        }
        worker = null;
        deleteWorkerTemp();
    }
}
