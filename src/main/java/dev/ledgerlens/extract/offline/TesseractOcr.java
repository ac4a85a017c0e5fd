package dev.ledgerlens.extract.offline;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the words of a page image with Tesseract (the JavaCPP presets' natives, no system install), in this process
 * or, for the pipeline, in worker processes of its own ({@link #inWorkerProcesses}).
 *
 * <p>Every read has a deadline ({@code ledgerlens.offline.ocr-timeout}): Tesseract's recognition checks it between
 * words and stops. The page layout analysis before recognition checks nothing, and on a page of specks it runs for
 * minutes; in this process that core stays busy until it ends, while a worker process is stopped a few seconds after
 * the deadline.
 *
 * <p>Thread-safe: up to {@code poolSize} reads run at once (handles, or workers), callers beyond that wait.
 * {@link #close()} frees them; call it once no read is in flight.
 */
public final class TesseractOcr implements AutoCloseable {
    /** The language files shipped as resources inside the tess4j jar. */
    private static final List<String> LANGUAGE_FILES = List.of("eng.traineddata", "osd.traineddata");

    /** 1 minute: Tesseract reads a receipt in under a second and a dense A4 page in a few; a minute is a page of noise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final int pageSegMode;
    private final PageReader reader;

    /** Where pages are read: Tesseract handles here, or worker processes. Thread-safe. */
    interface PageReader extends AutoCloseable {
        /** The words of a {@code width}×{@code height} grey page, one byte per pixel, rows top down. */
        TextLayer read(byte[] gray, int width, int height, int segmentation, Map<String, String> callVariables);

        @Override
        void close();
    }

    /**
     * Tesseract in this process.
     *
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
        this(tessdataDir, language, pageSegMode, poolSize, Map.of(), timeout, false);
    }

    /**
     * @param variables Tesseract variables set on every handle (e.g. {@code thresholding_method=2})
     */
    public TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize, Map<String, String> variables) {
        this(tessdataDir, language, pageSegMode, poolSize, variables, DEFAULT_TIMEOUT, false);
    }

    /**
     * Tesseract in up to {@code poolSize} worker processes ({@link TesseractWorker}), started on first need, each
     * stopped and replaced when a read outlasts {@code timeout} by {@link TesseractWorkers#STOP_GRACE}.
     */
    public static TesseractOcr inWorkerProcesses(Path tessdataDir, String language, int pageSegMode, int poolSize,
                                                 Duration timeout) {
        return new TesseractOcr(tessdataDir, language, pageSegMode, poolSize, Map.of(), timeout, true);
    }

    private TesseractOcr(Path tessdataDir, String language, int pageSegMode, int poolSize, Map<String, String> variables,
                         Duration timeout, boolean inWorkers) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and under 24 days, was " + timeout);
        }
        for (String part : language.split("\\+")) {
            if (!Files.isRegularFile(tessdataDir.resolve(part + ".traineddata"))) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "no " + part + ".traineddata in " + tessdataDir + "; copy it there (only eng ships with Ledgerlens)");
            }
        }
        this.pageSegMode = pageSegMode;
        this.reader = inWorkers
                ? new TesseractWorkers(tessdataDir, language, poolSize, timeout)
                : new TesseractHandles(tessdataDir, language, poolSize, variables, timeout);
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
     *
     * @throws LedgerlensException OCR_TIMEOUT past the deadline, OCR_FAILED when Tesseract cannot read the page
     */
    public TextLayer read(BufferedImage image, int segmentation, Map<String, String> callVariables) {
        return reader.read(ScanPreprocessor.grayBytes(image), image.getWidth(), image.getHeight(), segmentation,
                callVariables);
    }

    /** The process ids of the worker processes running now; empty when Tesseract runs in this process. */
    List<Long> workerPids() {
        return reader instanceof TesseractWorkers workers ? workers.workerPids() : List.of();
    }

    @Override
    public void close() {
        reader.close();
    }
}
