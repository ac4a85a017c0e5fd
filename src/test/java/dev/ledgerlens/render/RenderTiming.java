package dev.ledgerlens.render;

import dev.ledgerlens.ingest.SourceDocument;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One-shot timing of the render stage, single-threaded. Not a test and not a JMH benchmark: it answers
 * "how long does a page take here, in how much heap" for planning. Results go in {@code docs/benchmarks.md}.
 * <ul>
 *   <li>samples, after a warm-up: {@code mvn -o -q test-compile exec:java -Dexec.mainClass=dev.ledgerlens.render.RenderTiming -Dexec.classpathScope=test}</li>
 *   <li>a long scan in a small heap: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt},
 *       then {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.ledgerlens.render.RenderTiming --make-scan 100 target/scan-100.pdf}
 *       and {@code java -Xmx160m -cp ... dev.ledgerlens.render.RenderTiming --render target/scan-100.pdf}</li>
 * </ul>
 */
public final class RenderTiming {
    private static final int WARM_UP = 3;
    private static final int RUNS = 5;

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--make-scan")) {
            colourScan(Path.of("sample-inputs", "invoice-gbp-3page.pdf"), Path.of(args[2]), Integer.parseInt(args[1]));
            return;
        }
        if (args.length == 2 && args[0].equals("--render")) {
            renderOnce(Path.of(args[1]));
            return;
        }
        Path samples = Path.of(args.length > 0 ? args[0] : "sample-inputs");
        Path work = Files.createTempDirectory("render-timing");
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        PageSpec ocr = new PageSpec(200, 0, 0, 0, true, false);
        PageSpec tile = new PageSpec(150, 2048, 768, 0, false, true);
        Path scan300 = colourScan(samples.resolve("invoice-gbp-3page.pdf"), work.resolve("scan-300dpi-rgb.pdf"), 3);

        System.out.println("document | spec | pages | ms per page (median of " + RUNS + ") | page size | bytes per page");
        for (String name : List.of("invoice-gbp-3page.pdf", "receipt-usd-diner.pdf", "invoice-gbp-scanned.pdf",
                "receipt-usd-grocery-png.png", "receipt-gbp-cafe-jpeg.jpg", "receipt-usd-pharmacy-exif-rotated.jpg",
                "receipt-eur-bakery-tiff.tif")) {
            time(renderer, samples.resolve(name), ocr, "ocr 200dpi grey png", work);
            time(renderer, samples.resolve(name), tile, "tile 150dpi ≤2048/768 smallest", work);
        }
        time(renderer, scan300, ocr, "ocr 200dpi grey png", work);
        time(renderer, scan300, tile, "tile 150dpi ≤2048/768 smallest", work);
        rasteriseForComparison(scan300);
    }

    private static void time(DocumentRenderer renderer, Path file, PageSpec spec, String label, Path work)
            throws IOException {
        SourceDocument source = new SourceDocument("timing-" + file.getFileName(), file.toUri().toString(),
                file.getFileName().toString(), Files.size(file), file);
        RenderedDocument last = null;
        for (int i = 0; i < WARM_UP; i++) {
            last = renderer.render(source, spec, work);
        }
        long[] runs = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            last = renderer.render(source, spec, work);
            runs[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(runs);
        RenderedPage first = last.pages().get(0);
        System.out.printf(Locale.ROOT, "%s | %s | %d | %.0f | %dx%d %s | %d%n", file.getFileName(), label,
                last.pageCount(), runs[RUNS / 2] / 1e6 / last.pageCount(), first.width(), first.height(),
                first.mediaType(), Files.size(first.image()));
        renderer.discard(last);
    }

    /** The same scan rasterised by PDFBox at the same size, to show what taking the image out saves. */
    private static void rasteriseForComparison(Path scan) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(scan.toFile())) {
            PDFRenderer renderer = new PDFRenderer(pdf);
            long[] runs = new long[RUNS];
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                long start = System.nanoTime();
                renderer.renderImageWithDPI(0, 200, ImageType.GRAY);
                if (i >= WARM_UP) {
                    runs[i - WARM_UP] = System.nanoTime() - start;
                }
            }
            java.util.Arrays.sort(runs);
            System.out.printf(Locale.ROOT, "%s | PDFBox rasterising page 1 at 200 dpi grey (no encoding) | 1 | %.0f | |%n",
                    scan.getFileName(), runs[RUNS / 2] / 1e6);
        }
    }

    /** Renders a (long) document once per spec and reports time per page and the peak heap used. */
    private static void renderOnce(Path file) throws IOException {
        Path work = Files.createTempDirectory("render-timing");
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        SourceDocument source = new SourceDocument("timing-long", file.toUri().toString(), file.getFileName().toString(),
                Files.size(file), file);
        for (PageSpec spec : List.of(new PageSpec(200, 0, 0, 0, true, false), new PageSpec(150, 2048, 768, 0, false, true))) {
            java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            RenderedDocument rendered = renderer.render(source, spec, work);
            double millis = (System.nanoTime() - start) / 1e6;
            long peakHeap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "%s | %s | %d pages | %.0f ms per page | peak heap %d MB (max %d MB)%n",
                    file.getFileName(), spec, rendered.pageCount(), millis / rendered.pageCount(), peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            renderer.discard(rendered);
        }
    }

    /** A {@code pages}-page 300 DPI colour scan of a digital invoice, like an office scanner's output. */
    private static Path colourScan(Path digitalPdf, Path target, int pages) throws IOException {
        try (PDDocument digital = Loader.loadPDF(digitalPdf.toFile()); PDDocument scan = new PDDocument()) {
            PDFRenderer renderer = new PDFRenderer(digital);
            for (int i = 0; i < pages; i++) {
                int source = i % digital.getNumberOfPages();
                PDRectangle size = digital.getPage(source).getMediaBox();
                BufferedImage image = renderer.renderImageWithDPI(source, 300, ImageType.RGB);
                PDPage page = new PDPage(size);
                scan.addPage(page);
                PDImageXObject xobject = JPEGFactory.createFromImage(scan, image, 0.8f, 300);
                try (PDPageContentStream out = new PDPageContentStream(scan, page)) {
                    out.drawImage(xobject, 0, 0, size.getWidth(), size.getHeight());
                }
            }
            scan.save(target.toFile());
        }
        return target;
    }
}
