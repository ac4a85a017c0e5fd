package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.samples.SampleGenerator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentRendererTest {
    private static final Path SAMPLES = Path.of("sample-inputs");
    /** What the offline engine asks for: lossless grey pages at OCR resolution. */
    private static final PageSpec OCR = new PageSpec(200, 0, 0, 0, true, false);
    /** What a tile vision model sees at most: fit into 2048×2048, shortest side 768. */
    private static final PageSpec TILE_MODEL = new PageSpec(150, 2048, 768, 0, false, true);
    /** What a patch model sees at most: 1,536 patches of 32×32 px. */
    private static final PageSpec PATCH_MODEL = new PageSpec(150, 0, 0, 1536L * 32 * 32, false, true);

    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}: {1} page(s)")
    @CsvSource({
            "invoice-usd-1page.pdf, 1, PDF",
            "invoice-eur-2page.pdf, 2, PDF",
            "invoice-gbp-3page.pdf, 3, PDF",
            "invoice-eur-two-rates.pdf, 1, PDF",
            "invoice-usd-items-mismatch.pdf, 1, PDF",
            "invoice-gbp-scanned.pdf, 1, PDF",
            "receipt-usd-diner.pdf, 1, PDF",
            "receipt-eur-market.pdf, 1, PDF",
            "receipt-gbp-hardware.pdf, 1, PDF",
            "receipt-usd-grocery-png.png, 1, PNG",
            "receipt-gbp-cafe-jpeg.jpg, 1, JPEG",
            "receipt-usd-pharmacy-exif-rotated.jpg, 1, JPEG",
            "receipt-eur-bakery-tiff.tif, 1, TIFF",
    })
    void everySampleRendersWithItsPageCountAndReadablePageFiles(String file, int pages, DocumentType type)
            throws IOException {
        SourceDocument source = source(SAMPLES.resolve(file));
        RenderedDocument rendered = renderer.render(source, OCR, work);

        assertThat(rendered.type()).isEqualTo(type);
        assertThat(rendered.pageCount()).isEqualTo(pages);
        assertThat(rendered.pages()).hasSize(pages);
        for (int i = 0; i < pages; i++) {
            RenderedPage page = rendered.pages().get(i);
            assertThat(page.pageNumber()).isEqualTo(i + 1);
            assertThat(page.image()).hasFileName(String.format("page-%04d.png", i + 1));
            assertThat(page.image().getParent()).isEqualTo(work.resolve(source.sha256()));
            BufferedImage image = ImageIO.read(page.image().toFile());
            assertThat(image.getWidth()).isEqualTo(page.width());
            assertThat(image.getHeight()).isEqualTo(page.height());
        }
    }

    @Test
    void digitalInvoiceKeepsItsTextLayerWithWordsWhereTheyArePrinted() {
        RenderedDocument rendered = renderer.render(source(SAMPLES.resolve("invoice-usd-1page.pdf")), OCR, work);
        RenderedPage page = rendered.pages().get(0);

        assertThat(page.hasTextLayer()).isTrue();
        assertThat(page.textLayer().origin()).isEqualTo(TextLayer.Origin.PDF_TEXT);
        assertThat(page.textLayer().text()).contains("Invoice no: BL-10427", "$2,155.24", "Brightline Consulting LLC");
        Word total = word(page, "$2,155.24");
        Word title = word(page, "INVOICE");
        // Letter page at 200 DPI: 1700×2200 px. The total is printed right-aligned below the table, the title top right.
        assertThat(page.width()).isEqualTo(1700);
        assertThat(page.height()).isEqualTo(2200);
        assertThat(total.right()).isBetween(page.width() - 160, page.width() - 120); // right margin: 50 pt ≈ 139 px
        assertThat(title.left()).isGreaterThan(page.width() / 2);
        assertThat(title.top()).isLessThan(page.height() / 10);
        assertThat(total.top()).isGreaterThan(title.bottom());
        assertThat(total.confidence()).isEqualTo(100f);
        assertThat(page.textLayer().words()).allSatisfy(word -> {
            assertThat(word.left()).isBetween(0, page.width());
            assertThat(word.bottom()).isBetween(0, page.height());
        });
    }

    @Test
    void multiPageInvoiceHasItsTotalsOnTheLastPage() {
        RenderedDocument rendered = renderer.render(source(SAMPLES.resolve("invoice-eur-2page.pdf")), OCR, work);

        assertThat(rendered.pages().get(0).textLayer().text()).contains("continued on page 2").doesNotContain("865,40 €");
        assertThat(rendered.pages().get(1).textLayer().text()).contains("Total due", "865,40 €", "Page 2 of 2");
        assertThat(rendered.pages().get(1).textLayer().text()).contains("Müller & Weber GmbH");
    }

    @Test
    void scannedInvoiceIsTakenOutOfThePdfAndHasNoTextLayer() throws IOException {
        Path scan = SAMPLES.resolve("invoice-gbp-scanned.pdf");
        try (PDDocument pdf = Loader.loadPDF(scan.toFile());
             PDDocument digital = Loader.loadPDF(SAMPLES.resolve("invoice-usd-1page.pdf").toFile())) {
            assertThat(new FullPageImageFinder().find(pdf.getPage(0))).isPresent();
            assertThat(new FullPageImageFinder().find(digital.getPage(0))).isEmpty();
        }

        RenderedPage page = renderer.render(source(scan), TILE_MODEL, work).pages().get(0);

        assertThat(page.textLayer()).isNull();
        // A4 at 150 DPI is 1240×1754; the tile spec's shortest side of 768 wins.
        assertThat(page.width()).isEqualTo(768);
        assertThat(page.height()).isBetween(1085, 1087);
        assertThat(inkShare(ImageIO.read(page.image().toFile()))).as("the scan's text is on the page").isBetween(0.003, 0.2);
    }

    @Test
    void scanTakenOutOfThePdfLooksLikeThePdfRasterised() throws IOException {
        Path scan = SAMPLES.resolve("invoice-gbp-scanned.pdf");
        RenderedPage page = renderer.render(source(scan), new PageSpec(100, 0, 0, 0, true, false), work).pages().get(0);
        BufferedImage extracted = ImageIO.read(page.image().toFile());
        BufferedImage rasterised;
        try (PDDocument pdf = Loader.loadPDF(scan.toFile())) {
            rasterised = new org.apache.pdfbox.rendering.PDFRenderer(pdf)
                    .renderImageWithDPI(0, 100, org.apache.pdfbox.rendering.ImageType.GRAY);
        }
        assertThat(Math.abs(extracted.getWidth() - rasterised.getWidth())).isLessThanOrEqualTo(1);
        assertThat(Math.abs(extracted.getHeight() - rasterised.getHeight())).isLessThanOrEqualTo(1);
        BufferedImage white = new BufferedImage(rasterised.getWidth(), rasterised.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        white.getRaster().setSamples(0, 0, white.getWidth(), white.getHeight(), 0,
                java.util.Collections.nCopies(white.getWidth() * white.getHeight(), 255).stream().mapToInt(Integer::intValue).toArray());
        double againstPdfBox = meanDifference(extracted, rasterised);
        assertThat(againstPdfBox).isLessThan(2.0);
        assertThat(meanDifference(extracted, white)).as("the comparison can tell pages apart").isGreaterThan(4 * againstPdfBox);
    }

    @Test
    void redactionBoxDrawnOverAScanStaysOnThePage() throws IOException {
        Path redacted = work.resolve("redacted-scan.pdf");
        try (PDDocument pdf = Loader.loadPDF(SAMPLES.resolve("invoice-gbp-scanned.pdf").toFile())) {
            org.apache.pdfbox.pdmodel.PDPage page = pdf.getPage(0);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream out = new org.apache.pdfbox.pdmodel.PDPageContentStream(
                    pdf, page, org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, true, true)) {
                out.setNonStrokingColor(Color.BLACK);
                out.addRect(480, 842 - 255, 80, 30); // over "Total due £73.91"
                out.fill();
            }
            assertThat(new FullPageImageFinder().find(page)).as("a scan with something drawn over it").isEmpty();
            pdf.save(redacted.toFile());
        }

        RenderedPage page = renderer.render(source(redacted), new PageSpec(100, 0, 0, 0, true, false), work).pages().get(0);
        BufferedImage image = ImageIO.read(page.image().toFile());

        // 480–560 pt × 225–255 pt from the top, at 100 DPI, shrunk by two pixels against anti-aliased edges
        assertThat(meanLevel(image, 669, 315, 775, 352)).as("the box hides what is under it").isLessThan(10.0);
    }

    @Test
    void searchableScanKeepsTheFastPathAndItsInvisibleTextLayer() throws IOException {
        Path searchable = work.resolve("searchable-scan.pdf");
        try (PDDocument pdf = Loader.loadPDF(SAMPLES.resolve("invoice-gbp-scanned.pdf").toFile())) {
            org.apache.pdfbox.pdmodel.PDPage page = pdf.getPage(0);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream out = new org.apache.pdfbox.pdmodel.PDPageContentStream(
                    pdf, page, org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, true, true)) {
                out.beginText();
                out.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER);
                out.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 11);
                out.newLineAtOffset(536, 842 - 247);
                out.showText("Total due £73.91");
                out.endText();
            }
            assertThat(new FullPageImageFinder().find(page)).as("invisible OCR text does not hide the scan").isPresent();
            pdf.save(searchable.toFile());
        }

        RenderedPage page = renderer.render(source(searchable), OCR, work).pages().get(0);

        assertThat(page.textLayer().text()).isEqualTo("Total due £73.91");
        assertThat(page.textLayer().words()).extracting(Word::text).containsExactly("Total", "due", "£73.91");
    }

    @Test
    void exifRotatedPhotoComesOutUpright() throws IOException {
        Path photo = SAMPLES.resolve("receipt-usd-pharmacy-exif-rotated.jpg");
        BufferedImage stored = ImageIO.read(photo.toFile());
        assertThat(stored.getWidth()).as("the stored pixels are landscape").isGreaterThan(stored.getHeight());

        RenderedPage page = renderer.render(source(photo), OCR, work).pages().get(0);
        BufferedImage rendered = ImageIO.read(page.image().toFile());
        BufferedImage upright = SampleGenerator.uprightReceiptImage("receipt-usd-pharmacy-exif-rotated");

        assertThat(page.height()).as("a portrait receipt stays portrait").isGreaterThan(page.width());
        assertThat(page.width()).isEqualTo(upright.getWidth());
        assertThat(page.height()).isEqualTo(upright.getHeight());
        // Only JPEG noise separates it from the drawing; upside down it would differ everywhere there is text.
        assertThat(meanDifference(rendered, upright)).isLessThan(3.0);
        assertThat(meanDifference(rendered, rotate180(upright))).isGreaterThan(10.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"invoice-gbp-3page.pdf", "invoice-gbp-scanned.pdf", "receipt-usd-diner.pdf",
            "receipt-gbp-cafe-jpeg.jpg", "receipt-usd-pharmacy-exif-rotated.jpg", "receipt-eur-bakery-tiff.tif"})
    void pagesNeverExceedTheSpec(String file) throws IOException {
        for (PageSpec spec : List.of(TILE_MODEL, PATCH_MODEL, new PageSpec(300, 1000, 0, 0, true, false))) {
            RenderedDocument rendered = renderer.render(source(SAMPLES.resolve(file)), spec, work);
            for (RenderedPage page : rendered.pages()) {
                int longSide = Math.max(page.width(), page.height());
                int shortSide = Math.min(page.width(), page.height());
                if (spec.maxLongSide() > 0) {
                    assertThat(longSide).isLessThanOrEqualTo(spec.maxLongSide());
                }
                if (spec.maxShortSide() > 0) {
                    assertThat(shortSide).isLessThanOrEqualTo(spec.maxShortSide());
                }
                if (spec.maxPixels() > 0) {
                    assertThat((long) page.width() * page.height()).isLessThanOrEqualTo(spec.maxPixels());
                }
                // the file holds what the record says, in the format it says
                DocumentType encoded = new ContentSniffer().detect(page.image());
                assertThat(encoded.mediaType()).isEqualTo(page.mediaType());
                BufferedImage image = ImageIO.read(page.image().toFile());
                assertThat(image.getWidth()).isEqualTo(page.width());
                assertThat(image.getHeight()).isEqualTo(page.height());
            }
        }
    }

    @Test
    void preferringTheSmallestEncodingPicksJpegForPhotosAndKeepsPngOtherwise() {
        RenderedPage photo = renderer.render(source(SAMPLES.resolve("receipt-gbp-cafe-jpeg.jpg")), TILE_MODEL, work)
                .pages().get(0);
        RenderedPage lossless = renderer.render(source(SAMPLES.resolve("receipt-gbp-cafe-jpeg.jpg")), OCR, work)
                .pages().get(0);
        assertThat(photo.mediaType()).isEqualTo("image/jpeg");
        assertThat(photo.image()).hasFileName("page-0001.jpg");
        assertThat(lossless.mediaType()).isEqualTo("image/png");
    }

    @Test
    void passwordProtectedPdfIsEncryptedDocument() throws IOException {
        Path locked = work.resolve("locked.pdf");
        try (PDDocument pdf = Loader.loadPDF(SAMPLES.resolve("invoice-usd-1page.pdf").toFile())) {
            pdf.protect(new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission()));
            pdf.save(locked.toFile());
        }
        assertFailure(locked, FailureReason.ENCRYPTED_DOCUMENT, "password");
    }

    @Test
    void pdfWithOnlyAnOwnerPasswordOpensAndRenders() throws IOException {
        Path restricted = work.resolve("restricted.pdf");
        try (PDDocument pdf = Loader.loadPDF(SAMPLES.resolve("invoice-usd-1page.pdf").toFile())) {
            AccessPermission noCopying = new AccessPermission();
            noCopying.setCanExtractContent(false);
            pdf.protect(new StandardProtectionPolicy("owner-secret", "", noCopying));
            pdf.save(restricted.toFile());
        }
        RenderedDocument rendered = renderer.render(source(restricted), OCR, work);
        assertThat(rendered.pages().get(0).textLayer().text()).contains("$2,155.24");
    }

    @Test
    void truncatedPdfIsCorruptAndLeavesNoPages() {
        SourceDocument truncated = source(SAMPLES.resolve("truncated.pdf"));
        assertFailure(SAMPLES.resolve("truncated.pdf"), FailureReason.CORRUPT_DOCUMENT, "truncated");
        assertThat(work.resolve(truncated.sha256())).doesNotExist();
    }

    @Test
    void garbageAfterAPdfHeaderIsCorrupt() throws IOException {
        Path garbage = Files.writeString(work.resolve("garbage.pdf"), "%PDF-1.7\nthis is not a PDF body\n%%EOF\n");
        assertFailure(garbage, FailureReason.CORRUPT_DOCUMENT, "garbage.pdf");
    }

    @Test
    void damagedPdfsFailAsCorruptDocumentsOrRenderButNeverWithAnotherError() throws IOException {
        byte[] original = Files.readAllBytes(SAMPLES.resolve("invoice-eur-2page.pdf"));
        java.util.Random random = new java.util.Random(20261121L); // fixed seed: the same damage every run
        int corrupt = 0;
        for (int attempt = 0; attempt < 25; attempt++) {
            byte[] damaged = original.clone();
            int start = 20 + random.nextInt(damaged.length - 60); // keep the header and the %%EOF trailer
            for (int i = start; i < Math.min(damaged.length - 10, start + 1 + random.nextInt(200)); i++) {
                damaged[i] = (byte) random.nextInt(256);
            }
            Path file = Files.write(work.resolve("damaged-" + attempt + ".pdf"), damaged);
            SourceDocument source = source(file);
            try {
                renderer.render(source, TILE_MODEL, work);
            } catch (LedgerlensException e) {
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(FailureReason.CORRUPT_DOCUMENT);
                assertThat(work.resolve(source.sha256())).doesNotExist();
                corrupt++;
            }
        }
        assertThat(corrupt).as("some of the damage must be noticed").isPositive();
    }

    @Test
    void zeroByteFileIsEmptyFile() {
        assertFailure(SAMPLES.resolve("empty.pdf"), FailureReason.EMPTY_FILE, "0 bytes");
    }

    @Test
    void textRenamedToPdfIsUnsupportedType() throws IOException {
        Path text = Files.writeString(work.resolve("invoice.pdf"), "Invoice 42: please pay $10.80\n");
        assertFailure(text, FailureReason.UNSUPPORTED_TYPE, "'Invoice 42: plea");
    }

    @Test
    void pixelBombIsRefusedFromItsHeaderWithoutDecoding() throws IOException {
        // IHDR declares 50000×50000 RGB and there is no image data at all: decoding would fail as CORRUPT_DOCUMENT
        // (or exhaust the heap); only a header check can answer TOO_LARGE.
        Path bomb = Files.write(work.resolve("bomb.png"), pngHeaderOnly(50_000, 50_000));
        assertFailure(bomb, FailureReason.TOO_LARGE, "50000×50000");
    }

    @Test
    void damagedImageIsCorruptDocument() throws IOException {
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("receipt-gbp-cafe-jpeg.jpg"));
        Path cut = Files.write(work.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, 400));
        assertFailure(cut, FailureReason.CORRUPT_DOCUMENT, "cut.jpg");
    }

    @Test
    void jpegWithABadHuffmanCodeInCompleteDataRendersWhole() throws IOException {
        // A scanner's bit error: the file is whole (it ends with its end-of-image marker), but somewhere in the middle
        // sixteen 1-bits in a row form no Huffman code. libjpeg warns and decodes on; the picture is there.
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("receipt-gbp-cafe-jpeg.jpg"));
        byte[] damaged = null;
        for (int at = jpeg.length / 2; at < jpeg.length - 16 && damaged == null; at += 997) {
            byte[] candidate = jpeg.clone();
            System.arraycopy(new byte[]{(byte) 0xFF, 0, (byte) 0xFF, 0}, 0, candidate, at, 4); // stuffed 0xFF bytes: 16 ones
            if (decoderWarnings(candidate).equals(List.of("Corrupt JPEG data: bad Huffman code"))) {
                damaged = candidate;
            }
        }
        assertThat(damaged).as("a place where the damage reads as a bad Huffman code").isNotNull();
        Path file = Files.write(work.resolve("bit-error.jpg"), damaged);

        RenderedDocument rendered = renderer.render(source(file), OCR, work);

        assertThat(rendered.pages()).hasSize(1);
        BufferedImage page = ImageIO.read(rendered.pages().get(0).image().toFile());
        assertThat(page.getWidth()).isEqualTo(1000);
        assertThat(page.getHeight()).isEqualTo(1240);
    }

    @Test
    void jpegWhoseDataRunsOutBeforeItsEndMarkerIsCorrupt() throws IOException {
        // Half the scan data, then the end-of-image marker: the decoder fills the rest with grey ("premature end").
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("receipt-gbp-cafe-jpeg.jpg"));
        byte[] half = java.util.Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        half[half.length - 2] = (byte) 0xFF;
        half[half.length - 1] = (byte) 0xD9;
        assertThat(String.join(" ", decoderWarnings(half))).containsIgnoringCase("premature end");
        Path file = Files.write(work.resolve("half.jpg"), half);

        assertFailure(file, FailureReason.CORRUPT_DOCUMENT, "half.jpg");
    }

    /** What the JDK's JPEG decoder warns while reading {@code jpeg}. */
    private static List<String> decoderWarnings(byte[] jpeg) throws IOException {
        try (javax.imageio.stream.ImageInputStream input = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(jpeg))) {
            javax.imageio.ImageReader reader = ImageIO.getImageReaders(input).next();
            List<String> warnings = new java.util.ArrayList<>();
            try {
                reader.setInput(input);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.read(0);
            } finally {
                reader.dispose();
            }
            return warnings;
        }
    }

    @Test
    void documentOverThePageCapIsPageLimit() {
        DocumentRenderer capped = new DocumentRenderer(new RenderSettings(2, RenderSettings.DEFAULT_MAX_PIXELS, 0.85f,
                RenderSettings.DEFAULT_TIMEOUT));
        SourceDocument threePages = source(SAMPLES.resolve("invoice-gbp-3page.pdf"));
        assertThatThrownBy(() -> capped.render(threePages, OCR, work))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.PAGE_LIMIT);
                    assertThat(e.getMessage()).contains("3 pages", "ledgerlens.render.max-pages = 2");
                });
        assertThat(capped.render(source(SAMPLES.resolve("invoice-eur-2page.pdf")), OCR, work).pages()).hasSize(2);
    }

    @Test
    void documentStillRenderingAfterTheTimeoutIsRenderTimeout() {
        // A limit of one nanosecond has passed before the render thread has even started, without any waiting.
        DocumentRenderer impatient = new DocumentRenderer(new RenderSettings(200, RenderSettings.DEFAULT_MAX_PIXELS,
                0.85f, java.time.Duration.ofNanos(1)));
        SourceDocument threePages = source(SAMPLES.resolve("invoice-gbp-3page.pdf"));
        assertThatThrownBy(() -> impatient.render(threePages, OCR, work))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.RENDER_TIMEOUT);
                    assertThat(e.getMessage()).contains("invoice-gbp-3page.pdf", "ledgerlens.render.timeout");
                });
        assertThat(work.resolve(threePages.sha256())).doesNotExist();
    }

    @Test
    void gifRendersItsFirstFrame() throws IOException {
        BufferedImage drawing = new BufferedImage(400, 600, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = drawing.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 600);
        g.setColor(Color.BLACK);
        g.fillRect(50, 50, 300, 40);
        g.dispose();
        Path gif = work.resolve("receipt.gif");
        ImageIO.write(drawing, "gif", gif.toFile());

        RenderedDocument rendered = renderer.render(source(gif), OCR, work);
        assertThat(rendered.type()).isEqualTo(DocumentType.GIF);
        assertThat(rendered.pages()).singleElement().satisfies(page -> {
            assertThat(page.width()).isEqualTo(400);
            assertThat(page.height()).isEqualTo(600);
        });
    }

    @Test
    void everyPageOfAMultiPageTiffIsAPage() throws IOException {
        Path tiff = work.resolve("two-pages.tif");
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(tiff.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new javax.imageio.IIOImage(blankPage(600, 800), null, null), null);
            writer.writeToSequence(new javax.imageio.IIOImage(blankPage(800, 600), null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        RenderedDocument rendered = renderer.render(source(tiff), OCR, work);

        assertThat(rendered.pageCount()).isEqualTo(2);
        assertThat(rendered.pages()).extracting(RenderedPage::width).containsExactly(600, 800);
        assertThat(rendered.pages()).extracting(RenderedPage::height).containsExactly(800, 600);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // 1×1 WEBP files, lossy (VP8) and lossless (VP8L), as used by browser feature tests
            "lossy, UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA",
            "lossless, UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==",
    })
    void webpIsDecoded(String kind, String base64) throws IOException {
        Path webp = Files.write(work.resolve(kind + ".webp"), java.util.Base64.getDecoder().decode(base64));

        RenderedDocument rendered = renderer.render(source(webp), OCR, work);

        assertThat(rendered.type()).isEqualTo(DocumentType.WEBP);
        assertThat(rendered.pages()).singleElement().satisfies(page -> {
            assertThat(page.width()).isEqualTo(1);
            assertThat(page.height()).isEqualTo(1);
        });
    }

    @Test
    void pdfWithJunkBeforeItsHeaderStillRenders() throws IOException {
        byte[] pdf = Files.readAllBytes(SAMPLES.resolve("invoice-usd-1page.pdf"));
        byte[] junk = "X-Mailer: scanner-gateway\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] content = new byte[junk.length + pdf.length];
        System.arraycopy(junk, 0, content, 0, junk.length);
        System.arraycopy(pdf, 0, content, junk.length, pdf.length);
        Path file = Files.write(work.resolve("with-junk.pdf"), content);

        RenderedDocument rendered = renderer.render(source(file), OCR, work);

        assertThat(rendered.pages().get(0).textLayer().text()).contains("$2,155.24");
    }

    private static BufferedImage blankPage(int width, int height) {
        BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.fillRect(20, 20, width / 2, 30);
        g.dispose();
        return page;
    }

    @Test
    void oneRendererServesSeveralThreadsAtOnce() throws Exception {
        List<String> files = List.of("invoice-gbp-3page.pdf", "invoice-gbp-scanned.pdf", "receipt-usd-diner.pdf",
                "receipt-gbp-cafe-jpeg.jpg", "receipt-usd-pharmacy-exif-rotated.jpg", "receipt-eur-bakery-tiff.tif");
        Path alone = Files.createDirectory(work.resolve("alone"));
        Path together = Files.createDirectory(work.resolve("together"));
        java.util.Map<String, RenderedDocument> sequential = new java.util.HashMap<>();
        for (String file : files) {
            sequential.put(file, renderer.render(source(SAMPLES.resolve(file)), TILE_MODEL, alone));
        }

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<RenderedDocument>> futures = new java.util.ArrayList<>();
            for (String file : files) {
                futures.add(pool.submit(() -> renderer.render(source(SAMPLES.resolve(file)), TILE_MODEL, together)));
            }
            for (int i = 0; i < files.size(); i++) {
                RenderedDocument concurrent = futures.get(i).get(2, java.util.concurrent.TimeUnit.MINUTES);
                RenderedDocument expected = sequential.get(files.get(i));
                assertThat(concurrent.pages()).hasSameSizeAs(expected.pages());
                for (int page = 0; page < expected.pages().size(); page++) {
                    assertThat(concurrent.pages().get(page).image())
                            .hasSameBinaryContentAs(expected.pages().get(page).image());
                    assertThat(concurrent.pages().get(page).textLayer()).isEqualTo(expected.pages().get(page).textLayer());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void discardDeletesThePagesAndTheirFolder() throws IOException {
        RenderedDocument rendered = renderer.render(source(SAMPLES.resolve("invoice-gbp-3page.pdf")), OCR, work);
        Path folder = rendered.pages().get(0).image().getParent();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).hasSize(3);
        }
        renderer.discard(rendered);
        assertThat(folder).doesNotExist();
        renderer.discard(rendered); // a second discard (replay, cleanup after failure) is harmless
    }

    @Test
    void renderingAgainReplacesTheEarlierPages() {
        SourceDocument source = source(SAMPLES.resolve("invoice-eur-2page.pdf"));
        renderer.render(source, OCR, work);
        RenderedDocument again = renderer.render(source, TILE_MODEL, work);
        assertThat(again.pages()).allSatisfy(page -> assertThat(Math.min(page.width(), page.height())).isLessThanOrEqualTo(768));
    }

    // ------------------------------------------------------------------ helpers

    private void assertFailure(Path file, FailureReason reason, String messagePart) {
        SourceDocument source = source(file);
        assertThatThrownBy(() -> renderer.render(source, OCR, work))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(file.getFileName().toString()).contains(messagePart);
                });
    }

    static SourceDocument source(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new SourceDocument(sha, file.toUri().toString(), file.getFileName().toString(), bytes.length, file);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Word word(RenderedPage page, String text) {
        return page.textLayer().words().stream().filter(w -> w.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no word '" + text + "' in " + page.textLayer().words()));
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Mean absolute grey-level difference over the area both images cover. */
    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        int width = Math.min(a.getWidth(), b.getWidth());
        int height = Math.min(a.getHeight(), b.getHeight());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                sum += Math.abs(a.getRaster().getSample(x, y, 0) - b.getRaster().getSample(x, y, 0));
            }
        }
        return (double) sum / ((long) width * height);
    }

    private static BufferedImage rotate180(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.getRaster().setSample(image.getWidth() - 1 - x, image.getHeight() - 1 - y, 0,
                        image.getRaster().getSample(x, y, 0));
            }
        }
        return out;
    }

    private static double meanLevel(BufferedImage image, int left, int top, int right, int bottom) {
        long sum = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                sum += image.getRaster().getSample(x, y, 0);
            }
        }
        return (double) sum / ((long) (right - left) * (bottom - top));
    }

    /** Share of dark pixels: blank or all-black pages are near 0 or 1, a page of text a few percent. */
    private static double inkShare(BufferedImage image) {
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        return (double) dark / ((long) image.getWidth() * image.getHeight());
    }
}
