package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.extract.offline.rules.PassVote;
import dev.ledgerlens.extract.offline.rules.ReceiptParser;
import dev.ledgerlens.extract.offline.rules.TextLine;
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
 * OCRs the page image with Tesseract (and PP-OCR), applies the {@link ReceiptParser} field rules to each reading's
 * printed rows and lets the readings vote ({@link PassVote}).
 *
 * <p>Thread-safe: OCR handles are pooled by {@link TesseractOcr}; everything else is stateless.
 * {@link #close()} frees the OCR handles.
 */
public final class OfflineExtractor implements Extractor, AutoCloseable {
    public static final String NAME = "offline";
    private static final Logger LOG = LoggerFactory.getLogger(OfflineExtractor.class);
    /** A first reading with fewer words read for sure than this is tried turned (as {@code SecondReading} does). */
    private static final int UPRIGHT_WORDS = 12;

    private final OfflineSettings settings;
    private final TesseractOcr ocr;
    /** The second reader, or null when {@code ledgerlens.offline.ppocr} is off. */
    private final PpOcr ppocr;
    private final ScanPreprocessor preprocessor;
    private final LineAssembler assembler = new LineAssembler();
    private final ReceiptParser parser;
    private final PassVote vote;

    public OfflineExtractor(OfflineSettings settings, TesseractOcr ocr, PpOcr ppocr, ScanPreprocessor preprocessor) {
        this.settings = settings;
        this.ocr = ocr;
        this.ppocr = ppocr;
        this.preprocessor = preprocessor;
        this.parser = new ReceiptParser(settings.lineJoin(), settings.labels());
        this.vote = new PassVote(settings.minConfidence());
    }

    /** Installs the language data into {@code settings.tessdataDir()} and builds the engine from the settings. */
    public static OfflineExtractor create(OfflineSettings settings) {
        TesseractOcr.installLanguageData(settings.tessdataDir(), !settings.ownTessdata());
        TesseractOcr ocr = TesseractOcr.inWorkerProcesses(settings.tessdataDir(), settings.language(), settings.pageSegModes().get(0),
                settings.ocrThreads(), settings.ocrTimeout());
        PpOcr ppocr = settings.ppocr() ? PpOcr.from(settings) : null;
        return new OfflineExtractor(settings, ocr, ppocr,
                settings.preprocessor());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@link OfflineSettings#pageSpec()}: lossless grey pages at OCR resolution. */
    @Override
    public PageSpec pageSpec() {
        return settings.pageSpec();
    }

    @Override
    public Extraction extract(RenderedDocument document) {
        long started = System.nanoTime();
        Reading reading = read(document);
        ReceiptParser.Parsed decided = vote.decide(reading.passes().stream().map(pass -> parser.parse(pass.rows())).toList(),
                reading.passes().stream().map(Pass::weights).toList(),
                reading.passes().stream().map(pass -> PassVote.reading(pass.rows())).toList());
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Extraction(document, NAME, decided.fields(), new LinkedHashMap<>(decided.confidence()),
                List.of(String.join("\n\f\n", reading.pageTexts())), Usage.offline(millis), reading.ocrText(),
                reading.ocrWords(), decided.evidence());
    }

    /** Between two passes' readings of one page in {@link Extraction#ocrText()}: a form feed on a line of its own. */
    public static final String READINGS_SEPARATOR = "\n\f\n";

    /**
     * What the engine read of a document before the field rules: each pass's printed rows, the first pass's page
     * texts, each OCR page's text as every pass read it (separated by {@link #READINGS_SEPARATOR}; what grounding
     * reads) and the first pass's words with their boxes (review shows where a value is).
     */
    public record Reading(List<Pass> passes, List<String> pageTexts, Map<Integer, String> ocrText,
                          Map<Integer, List<Word>> ocrWords) {
    }

    /**
     * One reading of the whole document: its printed rows, in reading order, and how much its reading of each field
     * counts when passes vote (empty: 1 for every field).
     */
    public record Pass(List<TextLine> rows, Map<String, Double> weights) {
    }

    /**
     * Reads the document once per pass: each Tesseract segmentation mode, then PP-OCR when enabled. A page with
     * a text layer reads the same in every pass, so documents without scanned pages get one pass. Pages are taken
     * one at a time, each scanned page decoded and straightened once for all its Tesseract passes.
     *
     * @throws LedgerlensException OCR_FAILED when no pass found any text
     */
    public Reading read(RenderedDocument document) {
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
        Map<Integer, List<Word>> ocrWords = new LinkedHashMap<>();
        List<String> pageTexts = new ArrayList<>();
        for (RenderedPage page : document.pages()) {
            PageReadings pageReadings = readings(page, modes, passCount);
            List<TextLayer> readings = pageReadings.layers();
            for (int pass = 0; pass < passCount; pass++) {
                TextLayer layer = readings.get(pass);
                if (layer == null) {
                    continue;
                }
                if (!page.hasTextLayer()) {
                    // every pass's reading of the page, one after another: grounding then finds a value read in one
                    // pass although another pass misread it, and the fields of every pass are checked against it
                    ocrText.merge(page.pageNumber(), layer.text(), (earlier, later) -> earlier + READINGS_SEPARATOR + later);
                    // positions for review: the first pass's word boxes, on the page as stored (not turned)
                    ocrWords.putIfAbsent(page.pageNumber(), pageReadings.onStoredPage(layer).words());
                }
                if (pass == 0) {
                    pageTexts.add(layer.text());
                }
                lines.get(pass).addAll(assembler.rows(layer, page.pageNumber()));
            }
        }
        List<Pass> passes = new ArrayList<>();
        for (int pass = 0; pass < passCount; pass++) {
            if (!lines.get(pass).isEmpty()) {
                passes.add(new Pass(lines.get(pass), pass < modes.size() ? Map.of() : PassVote.PPOCR_WEIGHTS));
            }
        }
        if (passes.isEmpty()) {
            throw new LedgerlensException(FailureReason.OCR_FAILED,
                    "no text found on " + document.pages().size() + " page(s) of " + document.source().fileName());
        }
        return new Reading(passes, pageTexts, ocrText, ocrWords);
    }

    /**
     * One page's readings, one per pass in pass order (null for a PP-OCR pass that failed), in the pixels of the page
     * turned upright: {@code quarterTurns} clockwise quarter turns of the stored page image ({@code width} × {@code height}).
     */
    private record PageReadings(List<TextLayer> layers, int quarterTurns, int width, int height) {
        /** A reading's word boxes on the page image as stored, where the review shows them. */
        TextLayer onStoredPage(TextLayer layer) {
            return quarterTurns == 0 ? layer : UprightReading.back(layer, quarterTurns, width, height);
        }
    }

    private PageReadings readings(RenderedPage page, List<Integer> modes, int passCount) {
        if (page.hasTextLayer()) {
            return new PageReadings(java.util.Collections.nCopies(passCount, page.textLayer()), 0, 0, 0);
        }
        BufferedImage image = decode(page);
        ScanPreprocessor.Prepared prepared = preprocessor.prepare(image);
        // faint print the first pass reads only stretched is read stretched by every Tesseract pass
        Read firstRead = recogniseFaint(prepared, modes.get(0), variables(0));
        TextLayer first = firstRead.layer();
        prepared = firstRead.prepared();
        int quarterTurns = 0;
        if (UprightReading.sure(first) < UPRIGHT_WORDS) {
            // Few words read for sure: perhaps a photo taken upside down or sideways. The turn that reads the most
            // words for sure is the upright one; every pass then reads the page turned so, and rows run left to right.
            // A turn must itself read enough: a faint upright receipt that this pass's mode reads badly (0 sure words
            // where mode 6 reads 46) gives a turned reading one or two sure words of noise, no reason to turn it.
            long best = Math.max(UprightReading.sure(first), UPRIGHT_WORDS - 1);
            for (int turns : new int[] {2, 1, 3}) {
                ScanPreprocessor.Prepared turned = preprocessor.prepare(UprightReading.turn(image, turns));
                TextLayer reading = recognise(turned, modes.get(0), variables(0));
                if (UprightReading.sure(reading) > best) {
                    best = UprightReading.sure(reading);
                    first = reading;
                    prepared = turned;
                    quarterTurns = turns;
                }
            }
            if (quarterTurns != 0) {
                LOG.debug("page {} of {} read turned by {} quarter turns", page.pageNumber(), page.image(), quarterTurns);
            }
        }
        List<TextLayer> readings = new ArrayList<>(passCount);
        readings.add(first);
        for (int pass = 1; pass < modes.size(); pass++) {
            readings.add(recogniseFaint(prepared, modes.get(pass), variables(pass)).layer());
        }
        if (passCount > modes.size()) {
            readings.add(secondReading(page, image, quarterTurns));
        }
        return new PageReadings(readings, quarterTurns, image.getWidth(), image.getHeight());
    }

    /** A Tesseract reading and the prepared page it was read from. */
    private record Read(TextLayer layer, ScanPreprocessor.Prepared prepared) {
    }

    /**
     * One Tesseract pass over a prepared page. When it reads fewer than {@link #UPRIGHT_WORDS} words for sure, the page
     * with its grey levels stretched is read too, and the reading with more words for sure is kept: faint print, grey
     * on grey, that the threshold takes for paper (Tesseract then reads nothing where PP-OCR reads the whole receipt).
     */
    private Read recogniseFaint(ScanPreprocessor.Prepared prepared, int mode, Map<String, String> variables) {
        TextLayer reading = recognise(prepared, mode, variables);
        if (UprightReading.sure(reading) >= UPRIGHT_WORDS) {
            return new Read(reading, prepared);
        }
        ScanPreprocessor.Prepared stretched = preprocessor.stretched(prepared);
        if (stretched == prepared) {
            return new Read(reading, prepared);
        }
        TextLayer again = recognise(stretched, mode, variables);
        return UprightReading.sure(again) > UprightReading.sure(reading) ? new Read(again, stretched) : new Read(reading, prepared);
    }

    private Map<String, String> variables(int pass) {
        return Map.of("thresholding_method", String.valueOf(settings.threshold(pass).tesseractValue()));
    }

    /**
     * PP-OCR's reading of a scanned page turned upright, or null when it failed: Tesseract's passes then stand alone.
     * A photo is read as stored, not as {@link PhotoPreparer} straightened it for Tesseract: PP-OCR finds slanted lines
     * itself. Reading the straightened photo instead mended three totals of seven generated receipts turned 3 to 8°, but
     * made the receipt number of another ("Ticket nº 9952", which one Tesseract pass reads "n2 9952") come out as 2;
     * over the handheld receipt photos of three seeds (14, 42, 7) it read 52 of 63 key fields right against 57 as stored.
     */
    private TextLayer secondReading(RenderedPage page, BufferedImage image, int quarterTurns) {
        try {
            if (quarterTurns == 0) {
                return ppocr.read(page.image());
            }
            // PP-OCR reads files: the upright page goes next to the stored one, which the renderer discards with it
            java.nio.file.Path upright = page.image().resolveSibling(page.image().getFileName() + ".upright.png");
            try {
                ImageIO.write(UprightReading.turn(image, quarterTurns), "png", upright.toFile());
            } catch (IOException e) {
                LOG.warn("cannot write the upright page {} ({}); using Tesseract's reading alone", upright, e.getMessage());
                return null;
            }
            return ppocr.read(upright);
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
        return prepared.onPage(ocr.read(prepared.image(), mode, variables));
    }

    @Override
    public void close() {
        if (ppocr != null) {
            ppocr.close();
        }
        ocr.close();
    }
}
