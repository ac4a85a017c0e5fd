package dev.ledgerlens.render;

import com.sun.net.httpserver.HttpServer;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.testing.HostileCorpus;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One memory bound for every stream: whatever kind of PDF stream or filter chain holds a decompression bomb, it is
 * refused as TOO_LARGE when it passes its budget ({@link DecodeBudget}), without the JVM decoding it whole; image
 * files' metadata is never inflated. (The same inputs in a 256 MB JVM, with the heap weighed: {@code BombMatrixIT}.)
 */
class DecodeBudgetTest {
    /** What a tile vision model sees at most: fit into 2048×2048, shortest side 768. */
    private static final PageSpec TILE_MODEL = new PageSpec(150, 2048, 768, 0, false, true);
    /** Well past the 32 MB a stream may decode to, quick to generate. */
    private static final long BOMB = 256L << 20;

    @TempDir
    Path work;

    /** What generates a bomb. */
    interface Bomb {
        byte[] bytes() throws IOException;
    }

    static Stream<Arguments> pdfBombs() {
        return Stream.of(
                Arguments.of("LZW page content", (Bomb) () -> HostileCorpus.lzwBombPdf(BOMB), "more than 32 MB"),
                Arguments.of("page content through [/AHx /Fl]", (Bomb) () -> HostileCorpus.filterChainBombPdf(BOMB),
                        "more than 32 MB"),
                Arguments.of("inline image", (Bomb) () -> HostileCorpus.inlineImageBombPdf(BOMB), "declared 100×100 px"),
                Arguments.of("image XObject 100× its declared size", (Bomb) () -> HostileCorpus.oversizedImageStreamPdf(1000, 100),
                        "declared 1000×1000 px"),
                Arguments.of("form XObject", (Bomb) () -> HostileCorpus.formBombPdf(BOMB), "more than 32 MB"),
                Arguments.of("annotation appearance", (Bomb) () -> HostileCorpus.annotationBombPdf(BOMB), "more than 32 MB"),
                Arguments.of("embedded font (PDFBox replaces a font it cannot load)", (Bomb) () -> HostileCorpus.fontBombPdf(BOMB),
                        "more than 32 MB"),
                Arguments.of("page content, a single Flate stream (parsed by PDFBox without its filters)",
                        (Bomb) () -> HostileCorpus.contentBombPdf(BOMB), "more than 32 MB"),
                Arguments.of("JPEG whose header declares 60,000×60,000 px in a 100×100 image",
                        (Bomb) () -> jpegImagePdf(hugeHeaderJpeg()), "says in its JPEG header it has 60000×60000 px"),
                Arguments.of("progressive JPEG of 5,000 scans", (Bomb) () -> jpegImagePdf(HostileCorpus.progressiveScanBombJpeg(512, 5_000)),
                        "more than 100 scans"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pdfBombs")
    void aPdfStreamThatDecodesPastItsBudgetIsRefused(String kind, Bomb bomb, String message) throws IOException {
        Path file = Files.write(work.resolve("bomb.pdf"), bomb.bytes());
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

        long start = System.nanoTime();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.render(DocumentRendererTest.source(file), TILE_MODEL, work.resolve("pages")));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure).as("the bomb rendered").isNotNull();
        assertThat(failure.reason()).as(failure.getMessage()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(failure.getMessage()).contains(message);
        assertThat(millis).as("ms until refused").isLessThan(15_000);
    }

    @Test
    void everyFilterPdfboxCanCreateDecodesWithinTheBudget() {
        new DocumentRenderer(RenderSettings.defaults());
        assertThat(BoundedFilter.installed()).isTrue();
    }

    @Test
    void anImageStreamAFewRowsLongerThanDeclaredStillRenders() throws IOException {
        // writers pad rows and leave stray bytes: only far more than the declared samples is a bomb
        Path file = Files.write(work.resolve("padded.pdf"), HostileCorpus.oversizedImageStreamPdf(600, 2));

        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(DocumentRendererTest.source(file), TILE_MODEL, work.resolve("pages"));

        assertThat(rendered.pages()).singleElement()
                .satisfies(page -> assertThat(page.textLayer().text()).contains("TOTAL 12.34"));
    }

    static Stream<Arguments> metadataBombs() {
        return Stream.of(
                Arguments.of("zTXt", (Bomb) () -> HostileCorpus.zTxtBombPng(1, 1L << 30)),
                Arguments.of("iTXt", (Bomb) () -> HostileCorpus.iTxtBombPng(1, 1L << 30)),
                Arguments.of("iCCP", (Bomb) () -> HostileCorpus.iccpBombPng(1, 1L << 30)));
    }

    @ParameterizedTest(name = "PNG {0} chunk of 1 GB")
    @MethodSource("metadataBombs")
    void aPngWhoseMetadataInflatesToAGigabyteRendersWithoutInflatingIt(String chunk, Bomb bomb) throws IOException {
        Path file = Files.write(work.resolve("receipt.png"), bomb.bytes());
        System.gc();
        long heapBefore = usedHeap();

        long start = System.nanoTime();
        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(DocumentRendererTest.source(file), TILE_MODEL, work.resolve("pages"));

        assertThat(rendered.pages()).hasSize(1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms: inflating 1 GB takes seconds").isLessThan(2_000);
        assertThat(usedHeap() - heapBefore).as("heap grown, bytes").isLessThan(64L << 20);
    }

    @Test
    void anXmpPacketsExternalEntityIsNeverFetched() throws IOException {
        // a PNG's XMP is not parsed any more; metadata-extractor's XMP reader, which TIFF and WebP files still reach,
        // is given the same packet directly
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/entity";
            Path file = Files.write(work.resolve("xmp.png"), HostileCorpus.xxeXmpPng(1, url));

            new DocumentRenderer(RenderSettings.defaults()).render(DocumentRendererTest.source(file), TILE_MODEL,
                    work.resolve("pages"));
            ImagePageRenderer.orientation(file, DocumentType.PNG);
            // where XMP is parsed at all (metadata-extractor on TIFF and WebP files), XMPCore refuses the DOCTYPE
            new com.drew.metadata.xmp.XmpReader().extract(HostileCorpus.xxeXmp(url).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new com.drew.metadata.Metadata());
        } finally {
            server.stop(0);
        }
        assertThat(requests.get()).as("requests for the XMP packet's external entity").isZero();
    }

    @Test
    void aPngsExifOrientationIsStillHonoured() throws IOException {
        // 6: turn 90° clockwise to view; the 360×300 receipt comes out portrait
        Path file = Files.write(work.resolve("turned.png"), withExifOrientation(HostileCorpus.receiptPng(1), 6));

        assertThat(ImagePageRenderer.orientation(file, DocumentType.PNG)).isEqualTo(6);
        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(DocumentRendererTest.source(file), TILE_MODEL, work.resolve("pages"));
        assertThat(rendered.pages()).singleElement().satisfies(page -> assertThat(page.height()).isGreaterThan(page.width()));
    }

    @Test
    void aProgressiveJpegOfFiftyThousandScansIsRefusedBeforeDecoding() throws IOException {
        Path file = Files.write(work.resolve("scans.jpg"), HostileCorpus.progressiveScanBombJpeg(2048, 50_000));

        long start = System.nanoTime();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> new DocumentRenderer(RenderSettings.defaults()).render(DocumentRendererTest.source(file), TILE_MODEL,
                        work.resolve("pages")));

        assertThat(failure.reason()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(failure.getMessage()).contains("more than 100 scans");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms: decoding it takes minutes").isLessThan(2_000);
    }

    @Test
    void anOrdinaryProgressiveJpegRenders() throws IOException {
        Path file = Files.write(work.resolve("progressive.jpg"), progressiveJpeg(HostileCorpus.receiptPng(3)));

        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(DocumentRendererTest.source(file), TILE_MODEL, work.resolve("pages"));

        assertThat(rendered.pages()).hasSize(1);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A page drawing {@code jpeg} as a 100×100 grey DCT image XObject. */
    private static byte[] jpegImagePdf(byte[] jpeg) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            COSStream image = pdf.getDocument().createCOSStream();
            try (OutputStream out = image.createRawOutputStream()) {
                out.write(jpeg);
            }
            image.setItem(COSName.FILTER, COSName.DCT_DECODE);
            image.setItem(COSName.TYPE, COSName.XOBJECT);
            image.setItem(COSName.SUBTYPE, COSName.IMAGE);
            image.setInt(COSName.WIDTH, 100);
            image.setInt(COSName.HEIGHT, 100);
            image.setInt(COSName.BITS_PER_COMPONENT, 8);
            image.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            PDImageXObject xobject = new PDImageXObject(new org.apache.pdfbox.pdmodel.common.PDStream(image), null);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.drawImage(xobject, 30, 30, 100, 100);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    /** A small grey baseline JPEG whose frame header is rewritten to say 60,000×60,000 px. */
    private static byte[] hugeHeaderJpeg() throws IOException {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(grey, "jpeg", out);
        byte[] jpeg = out.toByteArray();
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (60_000 >> 8);
                jpeg[i + 6] = (byte) 60_000;
                jpeg[i + 7] = (byte) (60_000 >> 8);
                jpeg[i + 8] = (byte) 60_000;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JPEG writer wrote no baseline frame header");
    }

    private static byte[] progressiveJpeg(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code png} with an {@code eXIf} chunk (big-endian TIFF structure) holding only the orientation tag. */
    private static byte[] withExifOrientation(byte[] png, int orientation) throws IOException {
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        DataOutputStream tiff = new DataOutputStream(exif);
        tiff.writeBytes("MM");
        tiff.writeShort(42);
        tiff.writeInt(8);        // IFD0 right after the header
        tiff.writeShort(1);      // one entry
        tiff.writeShort(0x0112); // Orientation
        tiff.writeShort(3);      // SHORT
        tiff.writeInt(1);
        tiff.writeShort(orientation);
        tiff.writeShort(0);
        tiff.writeInt(0);        // no next IFD
        byte[] data = exif.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature and IHDR
        DataOutputStream chunk = new DataOutputStream(out);
        chunk.writeInt(data.length);
        chunk.writeBytes("eXIf");
        chunk.write(data);
        CRC32 crc = new CRC32();
        crc.update("eXIf".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        chunk.writeInt((int) crc.getValue());
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }
}
