package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.offline.rules.PassVote;
import dev.ledgerlens.extract.offline.rules.ReceiptParser;
import dev.ledgerlens.extract.offline.rules.TextLine;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded engine: no API key, no network. Reads each page's PDF text layer when it has one, otherwise
 * OCRs the page image with Tesseract, then applies the {@link ReceiptParser} field rules to the printed rows.
 *
 * <p>Thread-safe: OCR handles are pooled by {@link TesseractOcr}; everything else is stateless.
 * {@link #close()} frees the OCR handles.
 */
public final class OfflineExtractor implements Extractor, AutoCloseable {
    public static final String NAME = "offline";
    private static final Logger LOG = LoggerFactory.getLogger(OfflineExtractor.class);

    private final OfflineSettings settings;
    private final TesseractOcr ocr;
    /** The second reader, or null when {@code ledgerlens.offline.ppocr} is off. */
    private final PpOcr ppocr;
    private final ScanPreprocessor preprocessor;
    private final LineAssembler assembler = new LineAssembler();
    private final ReceiptParser parser;

    public OfflineExtractor(OfflineSettings settings, TesseractOcr ocr, PpOcr ppocr, ScanPreprocessor preprocessor) {
        this.settings = settings;
        this.ocr = ocr;
        this.ppocr = ppocr;
        this.preprocessor = preprocessor;
        this.parser = new ReceiptParser(settings.lineJoin());
    }

    /** Installs the language data into {@code settings.tessdataDir()} and builds the engine from the settings. */
    public static OfflineExtractor create(OfflineSettings settings) {
        TesseractOcr.installLanguageData(settings.tessdataDir(), !settings.ownTessdata());
        TesseractOcr ocr = new TesseractOcr(settings.tessdataDir(), settings.language(), settings.pageSegModes().get(0), settings.ocrThreads());
        PpOcr ppocr = settings.ppocr() ? new PpOcr(settings.ocrThreads(), PPOCR_MAX_SIDE, PPOCR_TIMEOUT, settings.ppocrUnclipRatio()) : null;
        return new OfflineExtractor(settings, ocr, ppocr,
                new ScanPreprocessor(settings.upscaleMinWidth(), settings.downscaleMaxWidth(), settings.stretchContrast(), settings.deskew(), settings.crop()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Lossless grey pages at OCR resolution: Tesseract reads best around 300 dpi, JPEG artefacts cost it
     * characters, and colour adds nothing. The long-side cap keeps a poster-sized page from exhausting the heap.
     */
    @Override
    public PageSpec pageSpec() {
        return new PageSpec(settings.pdfDpi(), settings.maxLongSide(), 0, 0, true, false);
    }

    @Override
    public Extraction extract(RenderedDocument document) {
        long started = System.nanoTime();
        Reading reading = read(document);
        Map<String, Double> confidence = new LinkedHashMap<>();
        RawFields fields = decide(reading, confidence);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Extraction(document, NAME, fields, confidence, List.of(String.join("\n\f\n", reading.pageTexts())),
                Usage.offline(millis), reading.ocrText());
    }

    /**
     * Every pass's fields before they are combined with their vote weights, the first pass's page texts and each
     * OCR page's text.
     */
    record Reading(List<ReceiptParser.Parsed> passes, List<Map<String, Double>> weights, List<String> pageTexts,
                   Map<Integer, String> ocrText, List<List<TextLine>> rows) {
    }

    /**
     * The fields the passes agree on, those below {@code ledgerlens.offline.min-confidence} left out;
     * {@code confidence} receives the kept fields' confidences.
     */
    RawFields decide(Reading reading, Map<String, Double> confidence) {
        ReceiptParser.Parsed parsed = PassVote.combine(reading.passes(), reading.weights());
        confidence.putAll(parsed.confidence());
        return dropUnsure(parsed.fields(), confidence);
    }

    /** The reading of each pass's rows as they are parsed now: for replaying stored OCR rows after a rule changes. */
    Reading reparse(List<List<TextLine>> rows, List<Map<String, Double>> weights) {
        return reading(rows, weights, List.of(), Map.of());
    }

    private Reading reading(List<List<TextLine>> rows, List<Map<String, Double>> weights, List<String> pageTexts,
                            Map<Integer, String> ocrText) {
        return new Reading(rows.stream().map(parser::parse).toList(), weights, pageTexts, ocrText, rows);
    }

    /**
     * How much more a PP-OCR reading of a field counts than a Tesseract one when passes vote. Measured on the SROIE
     * sample (docs/benchmarks.md): alone, PP-OCR reads totals right about 90 % of the time against Tesseract's
     * 70–80 %, shop names 78 % against 57–64 % and addresses 53 % against 39 %; the two Tesseract passes tend to
     * repeat each other's misreadings, so an equal vote lets them outvote a better reading. On names and totals
     * PP-OCR outvotes both Tesseract passes together; on addresses it outvotes either one alone but not the two
     * agreeing (1.5 × ~0.8 against ~0.7 + ~0.7). Dates vote equally.
     */
    static final Map<String, Double> PPOCR_WEIGHTS = Map.of("total", 2.0, "store_name", 2.0, "store_address", 1.5);

    /**
     * PP-OCR reads pages scaled down to at most this long side (about 290 dpi for A4): at full size a 600 dpi A4
     * scan (4961×7016) took 34 s and 9 GB, and the recogniser scales every line to 48 px high anyway.
     */
    static final int PPOCR_MAX_SIDE = 2400;
    /** Longest wait for PP-OCR on one page before its worker is stopped and Tesseract's reading stands alone. */
    static final java.time.Duration PPOCR_TIMEOUT = java.time.Duration.ofMinutes(2);

    /**
     * Reads the document once per pass: each Tesseract segmentation mode, then PP-OCR when enabled. A page with
     * a text layer reads the same in every pass, so documents without scanned pages get one pass. Pages are taken
     * one at a time, each scanned page decoded and straightened once for all its Tesseract passes.
     */
    Reading read(RenderedDocument document) {
        boolean needsOcr = document.pages().stream().anyMatch(page -> !page.hasTextLayer());
        // Each segmentation mode reads a different part of a receipt best (mode 4 the header, mode 6 the
        // label-amount rows); with several, every OCR page is read once per mode and the fields combined.
        List<Integer> modes = needsOcr ? settings.pageSegModes() : settings.pageSegModes().subList(0, 1);
        int passCount = modes.size() + (needsOcr && ppocr != null ? 1 : 0);
        List<List<TextLine>> lines = new ArrayList<>();
        for (int pass = 0; pass < passCount; pass++) {
            lines.add(new ArrayList<>());
        }
        Map<Integer, String> ocrText = new LinkedHashMap<>();
        List<String> pageTexts = new ArrayList<>();
        for (RenderedPage page : document.pages()) {
            List<TextLayer> readings = readings(page, modes, passCount);
            for (int pass = 0; pass < passCount; pass++) {
                TextLayer layer = readings.get(pass);
                if (layer == null) {
                    continue;
                }
                if (!page.hasTextLayer()) {
                    ocrText.putIfAbsent(page.pageNumber(), layer.text());
                }
                if (pass == 0) {
                    pageTexts.add(layer.text());
                }
                lines.get(pass).addAll(assembler.rows(layer, page.pageNumber()));
            }
        }
        List<List<TextLine>> rows = new ArrayList<>();
        List<Map<String, Double>> weights = new ArrayList<>();
        for (int pass = 0; pass < passCount; pass++) {
            if (!lines.get(pass).isEmpty()) {
                rows.add(lines.get(pass));
                weights.add(pass < modes.size() ? Map.of() : PPOCR_WEIGHTS);
            }
        }
        if (rows.isEmpty()) {
            throw new LedgerlensException(FailureReason.OCR_FAILED,
                    "no text found on " + document.pages().size() + " page(s) of " + document.source().fileName());
        }
        return reading(rows, weights, pageTexts, ocrText);
    }

    /** One page's reading per pass, in pass order; null for a PP-OCR pass that failed. */
    private List<TextLayer> readings(RenderedPage page, List<Integer> modes, int passCount) {
        if (page.hasTextLayer()) {
            return java.util.Collections.nCopies(passCount, page.textLayer());
        }
        ScanPreprocessor.Prepared prepared = preprocessor.prepare(decode(page));
        List<TextLayer> readings = new ArrayList<>(passCount);
        for (int pass = 0; pass < modes.size(); pass++) {
            Map<String, String> variables = Map.of("thresholding_method", String.valueOf(settings.threshold(pass).tesseractValue()));
            readings.add(recognise(prepared, modes.get(pass), variables));
        }
        if (passCount > modes.size()) {
            readings.add(secondReading(page));
        }
        return readings;
    }

    /** PP-OCR's reading of a scanned page, or null when it failed: Tesseract's passes then stand alone. */
    private TextLayer secondReading(RenderedPage page) {
        try {
            return ppocr.read(page.image());
        } catch (LedgerlensException e) {
            LOG.warn("PP-OCR could not read page {} ({}); using Tesseract's reading alone", page.pageNumber(), e.getMessage());
            return null;
        }
    }

    private static BufferedImage decode(RenderedPage page) {
        BufferedImage image;
        try {
            image = ImageIO.read(page.image().toFile());
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.OCR_FAILED,
                    "cannot read page " + page.pageNumber() + " image " + page.image() + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new LedgerlensException(FailureReason.OCR_FAILED,
                    "page " + page.pageNumber() + " image " + page.image() + " is in no format ImageIO can decode");
        }
        return image;
    }

    /** Tesseract's reading of a prepared page; word boxes are in the page image's pixels. */
    private TextLayer recognise(ScanPreprocessor.Prepared prepared, int mode, Map<String, String> variables) {
        TextLayer layer = ocr.read(prepared.image(), mode, variables);
        if (prepared.scale() == 1.0 && prepared.left() == 0 && prepared.top() == 0) {
            return layer;
        }
        double back = 1.0 / prepared.scale();
        List<Word> words = new ArrayList<>(layer.words().size());
        for (Word word : layer.words()) {
            words.add(new Word(word.text(), prepared.left() + (int) Math.round(word.left() * back),
                    prepared.top() + (int) Math.round(word.top() * back),
                    (int) Math.round(word.width() * back), (int) Math.round(word.height() * back), word.confidence()));
        }
        return new TextLayer(layer.text(), words, TextLayer.Origin.OCR);
    }

    /** Sets fields below the configured confidence to null and drops their confidence entries. */
    private RawFields dropUnsure(RawFields fields, Map<String, Double> confidence) {
        double min = settings.minConfidence();
        java.util.function.Predicate<String> keep = field -> confidence.getOrDefault(field, 1.0) >= min;
        confidence.entrySet().removeIf(entry -> entry.getValue() < min);
        return new RawFields(fields.documentType(),
                keep.test("store_name") ? fields.storeName() : null,
                keep.test("store_address") ? fields.storeAddress() : null,
                keep.test("date") ? fields.date() : null,
                keep.test("time") ? fields.time() : null,
                fields.items(),
                keep.test("subtotal") ? fields.subtotal() : null,
                keep.test("tax") ? fields.tax() : null,
                keep.test("tip") ? fields.tip() : null,
                keep.test("discount") ? fields.discount() : null,
                keep.test("total") ? fields.total() : null,
                keep.test("currency") ? fields.currency() : null,
                keep.test("payment_method") ? fields.paymentMethod() : null,
                keep.test("invoice_number") ? fields.invoiceNumber() : null,
                keep.test("due_date") ? fields.dueDate() : null,
                keep.test("vendor_tax_id") ? fields.vendorTaxId() : null,
                keep.test("bill_to") ? fields.billTo() : null,
                keep.test("po_number") ? fields.poNumber() : null,
                fields.taxLines());
    }

    @Override
    public void close() {
        if (ppocr != null) {
            ppocr.close();
        }
        ocr.close();
    }
}
