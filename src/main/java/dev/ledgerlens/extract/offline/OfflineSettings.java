package dev.ledgerlens.extract.offline;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.offline.rules.Labels;
import dev.ledgerlens.extract.offline.rules.LineJoin;
import dev.ledgerlens.render.PageSpec;

import java.nio.file.Path;

/**
 * Settings of the offline engine, from the {@code ledgerlens.offline.*} keys. Immutable and thread-safe.
 *
 * @param tessdataDir      where the Tesseract language files are installed
 * @param language         Tesseract language code
 * @param pageSegModes     Tesseract page segmentation modes, one OCR pass each; fields are taken from the pass that reads them best
 * @param ocrThreads       OCR calls at once (Tesseract handles kept)
 * @param minConfidence    fields read with a lower confidence are returned as null
 * @param pdfDpi           resolution the renderer rasterises PDF pages at for OCR
 * @param maxLongSide      longest page side the renderer produces, px
 * @param upscaleMinWidth  scans narrower than this are scaled up before OCR, px (0 = off)
 * @param downscaleMaxWidth scans wider than this are scaled down before OCR, px (0 = off)
 * @param stretchContrast  stretch the grey levels of scans before OCR
 * @param deskew           straighten skewed scans before OCR
 * @param lineJoin         how the rows of an address become one line
 * @param crop             cut scans to their printed area before the width limits apply
 * @param thresholds       how Tesseract separates ink from paper, per OCR pass (paired with {@code pageSegModes}; the last repeats)
 * @param ppocr            also read each scanned page with PP-OCR and combine its fields with Tesseract's
 * @param ppocrUnclipRatio how far PP-OCR grows each detected text box before recognising its line
 * @param ownTessdata      {@code tessdataDir} is the user's folder (set by {@code ledgerlens.offline.tessdata-dir}), not
 *                         the data folder's: the shipped language files only fill gaps there, never replace a file
 * @param ocrTimeout       the longest one Tesseract pass over one page may take; past it the document fails as
 *                         {@code OCR_TIMEOUT}
 * @param labels           the label words of these languages' files in {@code config/labels/} are read beside the
 *                         built-in English ones ({@code none}: the built-in rules alone)
 * @param photoPreparation whether a photographed page's paper is found, straightened, evened out and scaled up before OCR
 */
public record OfflineSettings(Path tessdataDir, String language, java.util.List<Integer> pageSegModes, int ocrThreads, double minConfidence,
                              int pdfDpi, int maxLongSide, int upscaleMinWidth, int downscaleMaxWidth, boolean stretchContrast, boolean deskew,
                              LineJoin lineJoin, boolean crop, java.util.List<Threshold> thresholds, boolean ppocr,
                              double ppocrUnclipRatio, boolean ownTessdata, java.time.Duration ocrTimeout,
                              Labels labels, PhotoPreparation photoPreparation) {

    public OfflineSettings {
        if (ocrThreads < 1) {
            throw ConfigSource.invalid("ledgerlens.offline.ocr-threads", String.valueOf(ocrThreads), "at least 1");
        }
        if (minConfidence < 0 || minConfidence > 1) {
            throw ConfigSource.invalid("ledgerlens.offline.min-confidence", String.valueOf(minConfidence), "between 0 and 1");
        }
        if (!(ppocrUnclipRatio >= 1.0 && ppocrUnclipRatio <= 4.0)) {
            throw ConfigSource.invalid("ledgerlens.offline.ppocr-unclip-ratio", String.valueOf(ppocrUnclipRatio), "a number from 1.0 to 4.0");
        }
        if (ocrTimeout == null || ocrTimeout.isNegative() || ocrTimeout.isZero() || ocrTimeout.toDays() > 20) {
            throw ConfigSource.invalid("ledgerlens.offline.ocr-timeout", String.valueOf(ocrTimeout),
                    "a positive duration like 1m (at most 20 days)");
        }
        pageSegModes = java.util.List.copyOf(pageSegModes);
        if (pageSegModes.isEmpty() || pageSegModes.stream().anyMatch(mode -> mode < 0 || mode > 13)) {
            throw ConfigSource.invalid("ledgerlens.offline.page-seg-mode", pageSegModes.toString(),
                    "one or more Tesseract modes 0..13 separated by commas (3, 4, 6 or 11 for receipts)");
        }
    }

    /**
     * Reads the {@code ledgerlens.offline.*} keys. The fallbacks below equal the shipped
     * {@code config/application.properties}, where each default has its reason next to it.
     */
    public static OfflineSettings from(ConfigSource config) {
        Path dataDir = Path.of(config.getString("ledgerlens.data-dir", "./data"));
        String tessdata = config.getString("ledgerlens.offline.tessdata-dir", "");
        return new OfflineSettings(
                tessdata.isBlank() ? dataDir.resolve("tessdata") : Path.of(tessdata),
                config.getString("ledgerlens.offline.language", "eng"),
                pageSegModes(config.getString("ledgerlens.offline.page-seg-mode", "4,6")),
                config.getInt("ledgerlens.offline.ocr-threads", Math.max(1, Runtime.getRuntime().availableProcessors())),
                config.getDecimal("ledgerlens.offline.min-confidence", new java.math.BigDecimal("0.3")).doubleValue(),
                config.getInt("ledgerlens.offline.pdf-dpi", 300),
                config.getInt("ledgerlens.offline.max-long-side", 4200),
                config.getInt("ledgerlens.offline.upscale-min-width", 0),
                config.getInt("ledgerlens.offline.downscale-max-width", 0),
                config.getBoolean("ledgerlens.offline.contrast", false),
                config.getBoolean("ledgerlens.offline.deskew", true),
                config.getEnum("ledgerlens.offline.address-join", LineJoin.class, LineJoin.SPACE),
                config.getBoolean("ledgerlens.offline.crop", false),
                thresholds(config.getString("ledgerlens.offline.threshold", "sauvola,otsu")),
                config.getBoolean("ledgerlens.offline.ppocr", true),
                config.getDecimal("ledgerlens.offline.ppocr-unclip-ratio", java.math.BigDecimal.valueOf(PpOcrWorker.UNCLIP_RATIO)).doubleValue(),
                !tessdata.isBlank(),
                config.getDuration("ledgerlens.offline.ocr-timeout", TesseractOcr.DEFAULT_TIMEOUT),
                // every shipped language: a label of one language rarely means something else in another
                Labels.of(languages(config.getString("ledgerlens.offline.labels", "en,de,fr,nl,es,it,pt,ms"))),
                config.getEnum("ledgerlens.offline.photo-preparation", PhotoPreparation.class, PhotoPreparation.AUTO));
    }

    /**
     * How the renderer should hand pages to this engine: lossless grey pages at OCR resolution. Tesseract reads best
     * around 300 dpi, JPEG artefacts cost it characters, and colour adds nothing. The long-side cap keeps a
     * poster-sized page from exhausting the heap.
     */
    public PageSpec pageSpec() {
        return new PageSpec(pdfDpi, maxLongSide, 0, 0, true, false);
    }

    /**
     * The page preparation the offline engine and the second reading use: a photo's paper straightened (unless
     * {@code photo-preparation} is off), then the scan steps these settings switch.
     */
    public ScanPreprocessor preprocessor() {
        return new ScanPreprocessor(upscaleMinWidth, downscaleMaxWidth, stretchContrast, deskew, crop,
                photoPreparation == PhotoPreparation.AUTO ? new PhotoPreparer() : null);
    }

    /** The threshold of OCR pass {@code pass}: thresholds pair with segmentation modes, the last one repeating. */
    public Threshold threshold(int pass) {
        return thresholds.get(Math.min(pass, thresholds.size() - 1));
    }

    private static java.util.List<Threshold> thresholds(String value) {
        java.util.List<Threshold> list = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                list.add(Threshold.valueOf(part.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ConfigSource.invalid("ledgerlens.offline.threshold", value, "otsu, adaptive or sauvola, one per OCR pass, separated by commas");
            }
        }
        if (list.isEmpty()) {
            list.add(Threshold.OTSU);
        }
        return java.util.List.copyOf(list);
    }

    private static java.util.List<String> languages(String value) {
        if (value.strip().equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    private static java.util.List<Integer> pageSegModes(String value) {
        try {
            return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(part -> !part.isEmpty())
                    .map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw ConfigSource.invalid("ledgerlens.offline.page-seg-mode", value, "Tesseract modes separated by commas, e.g. 4,6");
        }
    }

    /** Tesseract's binarisation ({@code thresholding_method}): one global level, or one per neighbourhood. */
    public enum Threshold {
        /** One level for the whole page: fast, fine for clean scans. */
        OTSU(0),
        /** Leptonica's tiled local Otsu: copes with uneven lighting. */
        ADAPTIVE(1),
        /** Sauvola local thresholding: copes with faded thermal print. */
        SAUVOLA(2);

        private final int tesseractValue;

        Threshold(int tesseractValue) {
            this.tesseractValue = tesseractValue;
        }

        public int tesseractValue() {
            return tesseractValue;
        }
    }

    /** Whether photographed pages are prepared for OCR ({@code ledgerlens.offline.photo-preparation}). */
    public enum PhotoPreparation {
        /** A page showing a sheet of paper against a darker ground is straightened; any other page is left as it is. */
        AUTO,
        /** Every page is read as it is stored. */
        OFF
    }
}
