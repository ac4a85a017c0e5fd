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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

/**
 * Reads the words of a page image with Tesseract (the JavaCPP presets' natives, no system install).
 *
 * <p>Thread-safe: a {@code TessBaseAPI} handle is not, so each concurrent caller borrows its own handle
 * from a pool of at most {@code poolSize}; callers beyond that wait for a handle to come back.
 * Handles are created on first need (each costs ~30 MB and ~150 ms to initialise). {@link #close()}
 * frees them; call it once no read is in flight.
 */
public final class TesseractOcr implements AutoCloseable {
    /** Tesseract's own defaults for the variables a single call may change. */
    private static final Map<String, String> DEFAULTS = Map.of("thresholding_method", "0");
    /** The language files shipped as resources inside the tess4j jar. */
    private static final List<String> LANGUAGE_FILES = List.of("eng.traineddata", "osd.traineddata");

    /** 1 minute: Tesseract reads a receipt in under a second and a dense A4 page in a few; a minute is a page of noise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final Path tessdataDir;
    private final String language;
    private final int pageSegMode;
    private final int poolSize;
    private final Duration timeout;
    /** Asked by Tesseract between words: stops a read whose thread was interrupted (a shutdown). */
    private final CANCEL_FUNC stopWhenInterrupted = new CANCEL_FUNC() {
        @Override
        public boolean call(Pointer cancelThis, int words) {
            return Thread.currentThread().isInterrupted();
        }
    };
    private final Map<String, String> variables;
    private final BlockingQueue<TessBaseAPI> idle = new LinkedBlockingQueue<>();
    private final List<TessBaseAPI> all = new ArrayList<>();
    private boolean closed;

    /**
     * @param tessdataDir folder holding {@code <language>.traineddata} (see {@link #installLanguageData(Path, boolean)})
     * @param language    Tesseract language code, e.g. {@code eng}, or several joined by '+' ({@code eng+deu})
     * @param pageSegMode Tesseract page segmentation mode (3 = automatic, 4 = single column, 6 = single block)
     * @param poolSize    handles kept at most, i.e. OCR calls running at once
     */
    public TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize) {
        this(tessdataDir, language, pageSegMode, poolSize, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout the longest one recognition of one page may take ({@code ledgerlens.offline.ocr-timeout}); past
     *                it the read fails as {@code OCR_TIMEOUT}
     */
    public TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize, Duration timeout) {
        this(tessdataDir, language, pageSegMode, poolSize, Map.of(), timeout);
    }

    /**
     * @param variables Tesseract variables set on every handle (e.g. {@code thresholding_method=2})
     */
    public TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize, Map<String, String> variables) {
        this(tessdataDir, language, pageSegMode, poolSize, variables, DEFAULT_TIMEOUT);
    }

    private TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize, Map<String, String> variables,
                         Duration timeout) {
        this.variables = Map.copyOf(variables);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and under 24 days, was " + timeout);
        }
        this.timeout = timeout;
        for (String part : language.split("\\+")) {
            if (!Files.isRegularFile(tessdataDir.resolve(part + ".traineddata"))) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "no " + part + ".traineddata in " + tessdataDir + "; copy it there (only eng ships with Ledgerlens)");
            }
        }
        this.tessdataDir = tessdataDir;
        this.language = language;
        this.pageSegMode = pageSegMode;
        this.poolSize = poolSize;
    }

    /**
     * Copies {@code eng.traineddata} and {@code osd.traineddata} from the classpath (the tess4j jar) into
     * {@code targetDir}, unless already there with the same size. Safe when several processes do it at
     * once: each file is written to a temporary name and moved into place atomically.
     *
     * @param replace whether a file of another size is replaced (the data folder, which follows the shipped
     *                files) or kept (a folder the user set up, perhaps with other models of the same name)
     * @return {@code targetDir}
     */
    public static Path installLanguageData(Path targetDir, boolean replace) {
        try {
            Files.createDirectories(targetDir);
            for (String file : LANGUAGE_FILES) {
                String resource = "tessdata/" + file;
                Path target = targetDir.resolve(file);
                try (InputStream in = TesseractOcr.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                                resource + " is not on the classpath; the tess4j jar is missing");
                    }
                    var connection = TesseractOcr.class.getClassLoader().getResource(resource).openConnection();
                    long size = connection.getContentLengthLong();
                    if (Files.isRegularFile(target) && (!replace || size >= 0 && Files.size(target) == size)) {
                        continue;
                    }
                    Path temp = Files.createTempFile(targetDir, file, ".part");
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return targetDir;
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "cannot write Tesseract language data to " + targetDir + ": " + e.getMessage(), e);
        }
    }

    /** Reads an encoded image file (PNG, JPEG, …). */
    public TextLayer read(Path image) {
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(image.toFile());
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "cannot decode page image " + image + ": " + e.getMessage(), e);
        }
        if (decoded == null) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "no image reader for page image " + image);
        }
        return read(decoded);
    }

    /**
     * Reads a decoded image. Word boxes are in this image's pixels; the text has one line per Tesseract
     * text line in its reading order, each line the line's words joined by single spaces.
     */
    public TextLayer read(BufferedImage image) {
        return read(image, pageSegMode);
    }

    /** Reads a decoded image with the given page segmentation mode instead of the default one. */
    public TextLayer read(BufferedImage image, int segmentation) {
        return read(image, segmentation, Map.of());
    }

    /**
     * Reads a decoded image with the given segmentation mode and Tesseract variables for this call only
     * (e.g. {@code thresholding_method}); the handle's own settings are restored before it goes back to the pool.
     */
    public TextLayer read(BufferedImage image, int segmentation, Map<String, String> callVariables) {
        byte[] gray = ScanPreprocessor.grayBytes(image);
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
            api.SetImage(gray, image.getWidth(), image.getHeight(), 1, image.getWidth());
            // Without a resolution Tesseract guesses one per image and warns; 300 dpi is what it is trained around.
            api.SetSourceResolution(300);
            recognise(api, image);
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
    private void recognise(TessBaseAPI api, BufferedImage image) {
        long started = System.nanoTime();
        try (ETEXT_DESC monitor = new ETEXT_DESC()) {
            monitor.set_deadline_msecs((int) timeout.toMillis());
            monitor.cancel(stopWhenInterrupted);
            int status = api.Recognize(monitor);
            if (monitor.deadline_exceeded()) {
                throw new LedgerlensException(FailureReason.OCR_TIMEOUT, String.format(java.util.Locale.ROOT,
                        "Tesseract did not read the %d×%d px page within ledgerlens.offline.ocr-timeout = %s"
                                + " (stopped after %d ms)", image.getWidth(), image.getHeight(), timeout,
                        (System.nanoTime() - started) / 1_000_000));
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
