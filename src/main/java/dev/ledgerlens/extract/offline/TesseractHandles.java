package dev.ledgerlens.extract.offline;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tesseract.CANCEL_FUNC;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

/**
 * Tesseract in this process: a pool of at most {@code poolSize} {@code TessBaseAPI} handles, created on first need
 * (each costs ~30 MB and ~150 ms to initialise). Recognition runs with a monitor that carries the deadline and an
 * interrupt check, which Tesseract looks at between words; the page layout analysis before it has no such check.
 *
 * <p>Thread-safe: a handle is not, so each concurrent caller borrows its own; callers beyond the pool wait.
 */
final class TesseractHandles implements TesseractOcr.PageReader {
    /** Tesseract's own defaults for the variables a single call may change. */
    private static final Map<String, String> DEFAULTS = Map.of("thresholding_method", "0");

    private final Path tessdataDir;
    private final String language;
    private final int poolSize;
    private final Map<String, String> variables;
    private final Duration timeout;
    /** Asked by Tesseract between words: stops a read whose thread was interrupted (a shutdown). */
    private final CANCEL_FUNC stopWhenInterrupted = new CANCEL_FUNC() {
        @Override
        public boolean call(Pointer cancelThis, int words) {
            return Thread.currentThread().isInterrupted();
        }
    };
    private final BlockingQueue<TessBaseAPI> idle = new LinkedBlockingQueue<>();
    private final List<TessBaseAPI> all = new ArrayList<>();
    private boolean closed;

    TesseractHandles(Path tessdataDir, String language, int poolSize, Map<String, String> variables, Duration timeout) {
        this.tessdataDir = tessdataDir;
        this.language = language;
        this.poolSize = poolSize;
        this.variables = Map.copyOf(variables);
        this.timeout = timeout;
    }

    /** Creates a handle now (loading the language data takes ~150 ms and more on a cold start) rather than on first read. */
    void prepare() {
        giveBack(borrow(), true);
    }

    @Override
    public TextLayer read(byte[] gray, int width, int height, int segmentation, Map<String, String> callVariables) {
        TessBaseAPI api = borrow();
        boolean healthy = false;
        try {
            api.SetPageSegMode(segmentation);
            for (Map.Entry<String, String> variable : callVariables.entrySet()) {
                if (!api.SetVariable(variable.getKey(), variable.getValue())) {
                    throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                            "Tesseract has no variable '" + variable.getKey() + "'");
                }
            }
            api.SetImage(gray, width, height, 1, width);
            // Without a resolution Tesseract guesses one per image and warns; 300 dpi is what it is trained around.
            api.SetSourceResolution(300);
            recognise(api, width, height);
            TextLayer layer = collect(api);
            api.Clear();
            for (String name : callVariables.keySet()) {
                String handleValue = variables.get(name);
                api.SetVariable(name, handleValue != null ? handleValue : DEFAULTS.getOrDefault(name, "0"));
            }
            healthy = true;
            return layer;
        } finally {
            giveBack(api, healthy);
        }
    }

    /**
     * Runs Tesseract's recognition with a monitor that carries the deadline and the interrupt check. Tesseract looks at
     * both between words and then returns early, with the rest of the page unread.
     */
    private void recognise(TessBaseAPI api, int width, int height) {
        long started = System.nanoTime();
        try (ETEXT_DESC monitor = new ETEXT_DESC()) {
            monitor.set_deadline_msecs((int) timeout.toMillis());
            monitor.cancel(stopWhenInterrupted);
            int status = api.Recognize(monitor);
            if (monitor.deadline_exceeded()) {
                throw new LedgerlensException(FailureReason.OCR_TIMEOUT, String.format(Locale.ROOT,
                        "Tesseract did not read the %d×%d px page within ledgerlens.offline.ocr-timeout = %s"
                                + " (stopped after %d ms)", width, height, timeout, (System.nanoTime() - started) / 1_000_000));
            }
            if (status != 0) {
                throw new LedgerlensException(FailureReason.OCR_FAILED, Thread.currentThread().isInterrupted()
                        ? "reading the page was interrupted (shutting down)" : "Tesseract could not recognise the page");
            }
        }
    }

    private static TextLayer collect(TessBaseAPI api) {
        List<Word> words = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        ResultIterator iterator = api.GetIterator();
        if (iterator == null) {
            return new TextLayer("", List.of(), TextLayer.Origin.OCR);
        }
        try {
            int[] left = new int[1];
            int[] top = new int[1];
            int[] right = new int[1];
            int[] bottom = new int[1];
            boolean lineHasWords = false;
            do {
                boolean newLine = iterator.IsAtBeginningOf(RIL_TEXTLINE);
                BytePointer pointer = iterator.GetUTF8Text(RIL_WORD);
                if (pointer == null) {
                    continue;
                }
                String word;
                try {
                    word = pointer.getString(java.nio.charset.StandardCharsets.UTF_8).strip();
                } finally {
                    pointer.deallocate();
                }
                if (word.isEmpty()) {
                    continue;
                }
                if (newLine && lineHasWords) {
                    text.append('\n');
                    lineHasWords = false;
                }
                iterator.BoundingBox(RIL_WORD, left, top, right, bottom);
                float confidence = Math.max(0f, Math.min(100f, iterator.Confidence(RIL_WORD)));
                words.add(new Word(word, left[0], top[0], right[0] - left[0], bottom[0] - top[0], confidence));
                if (lineHasWords) {
                    text.append(' ');
                }
                text.append(word);
                lineHasWords = true;
            } while (iterator.Next(RIL_WORD));
        } finally {
            iterator.deallocate();
        }
        return new TextLayer(text.toString(), words, TextLayer.Origin.OCR);
    }

    private TessBaseAPI borrow() {
        TessBaseAPI api;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("TesseractOcr is closed");
            }
            api = idle.poll();
            if (api == null && all.size() < poolSize) {
                api = create();
                all.add(api);
            }
        }
        if (api != null) {
            return api;
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerlensException(FailureReason.OCR_FAILED, "interrupted while waiting for an OCR handle", e);
        }
    }

    private void giveBack(TessBaseAPI api, boolean healthy) {
        synchronized (this) {
            if (closed) {
                api.End();
                api.deallocate();
                return;
            }
            if (!healthy) {
                // A handle that failed mid-page may hold half a page of state; replace it rather than reuse it.
                all.remove(api);
                api.End();
                api.deallocate();
                return;
            }
        }
        idle.add(api);
    }

    private TessBaseAPI create() {
        // Leptonica reports recoverable layout glitches ("box outside rectangle") on stderr, dozens per
        // receipt; they do not affect the result and would bury real errors in the log.
        org.bytedeco.leptonica.global.leptonica.setMsgSeverity(org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE);
        TessBaseAPI api = new TessBaseAPI();
        // Init wants the folder path with a trailing separator on some builds; give it one.
        String path = tessdataDir.toAbsolutePath().toString() + java.io.File.separator;
        if (api.Init(path, language) != 0) {
            api.deallocate();
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "Tesseract could not load language '" + language + "' from " + tessdataDir);
        }
        // Tesseract prints warnings (e.g. about small images) to stderr of the whole JVM; keep the log clean.
        api.SetVariable("debug_file", "/dev/null");
        variables.forEach((name, value) -> {
            if (!api.SetVariable(name, value)) {
                api.End();
                api.deallocate();
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "Tesseract has no variable '" + name + "' (value '" + value + "')");
            }
        });
        return api;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        TessBaseAPI api;
        while ((api = idle.poll()) != null) {
            api.End();
            api.deallocate();
        }
        all.clear();
        stopWhenInterrupted.close();
    }
}
