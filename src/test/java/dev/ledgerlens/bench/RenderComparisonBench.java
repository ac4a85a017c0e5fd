package dev.ledgerlens.bench;

import dev.ledgerlens.extract.openai.ImageTokenEstimator;
import dev.ledgerlens.extract.openai.OpenAiSettings;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.stress.ReceiptBatch;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Our render stage against poppler's {@code pdftoppm} at the same pixel size, and the payload we send against a
 * page rendered at 300 DPI, on three generated PDFs: a text-heavy invoice, a scanned (one JPEG per page) invoice
 * and a vector-heavy page (thousands of paths, like a chart or a drawing). Both renderers run single-threaded;
 * pdftoppm runs once per document (as a pipeline would call it), so its process start is part of its time.
 *
 * <p>Command line: {@code RenderComparisonBench <workdir> [--runs 5] [--model gpt-4.1-mini]}; needs pdftoppm on the
 * PATH (bench/render.sh installs poppler-utils). Not thread-safe.
 */
public final class RenderComparisonBench {
    private static final int PAGES = 3;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int runs = args.length > 2 && args[1].equals("--runs") ? Integer.parseInt(args[2]) : 5;
        String model = "gpt-4.1-mini";
        Files.createDirectories(work);
        List<Path> documents = List.of(textInvoice(work.resolve("text-invoice.pdf")),
                scannedInvoice(work.resolve("scanned-invoice.pdf"), work.resolve("text-invoice.pdf")),
                vectorPage(work.resolve("vector-heavy.pdf")));
        ImageTokenEstimator estimator = new ImageTokenEstimator(model);
        PageSpec spec = estimator.pageSpec(OpenAiSettings.Detail.HIGH);
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        System.out.printf(Locale.ROOT, "model %s, detail high; %d runs after 2 warm-ups, median; load average %s%n",
                model, runs, Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| document | ours ms/page | pdftoppm ms/page (same px) | ours/pdftoppm speed | page px | ours bytes/page"
                + " | 300 DPI PNG bytes/page | bytes ratio | est. tokens/page ours | est. tokens/page 300 DPI |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Path pdf : documents) {
            RenderedDocument sample = render(renderer, pdf, spec, work.resolve("ours"));
            RenderedPage first = sample.pages().get(0);
            boolean jpeg = first.mediaType().equals("image/jpeg");
            long ourBytes = 0;
            long ourTokens = 0;
            for (RenderedPage page : sample.pages()) {
                ourBytes += Files.size(page.image());
                ourTokens += estimator.imageTokens(page.width(), page.height(), OpenAiSettings.Detail.HIGH);
            }
            int pages = sample.pages().size();
            renderer.discard(sample); // the timed runs below render the same document into the same folder
            for (int i = 0; i < 2; i++) {
                render(renderer, pdf, spec, work.resolve("ours"));
                pdftoppm(pdf, first.width(), first.height(), jpeg, work.resolve("poppler"));
            }
            double[] ours = new double[runs];
            double[] poppler = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                RenderedDocument rendered = render(renderer, pdf, spec, work.resolve("ours"));
                ours[i] = (System.nanoTime() - start) / 1e6 / rendered.pages().size();
                renderer.discard(rendered);
                start = System.nanoTime();
                pdftoppm(pdf, first.width(), first.height(), jpeg, work.resolve("poppler"));
                poppler[i] = (System.nanoTime() - start) / 1e6 / PAGES;
            }
            long naiveBytes = 0;
            long naiveTokens = 0;
            try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
                PDFRenderer pdfRenderer = new PDFRenderer(document);
                for (int p = 0; p < document.getNumberOfPages(); p++) {
                    BufferedImage image = pdfRenderer.renderImageWithDPI(p, 300, ImageType.RGB);
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(image, "png", png);
                    naiveBytes += png.size();
                    naiveTokens += estimator.imageTokens(image.getWidth(), image.getHeight(), OpenAiSettings.Detail.HIGH);
                }
            }
            double oursMedian = median(ours);
            double popplerMedian = median(poppler);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %d×%d %s | %,d | %,d | %.1f× smaller | %d | %d |%n",
                    pdf.getFileName(), oursMedian, popplerMedian, popplerMedian / oursMedian, first.width(), first.height(),
                    jpeg ? "JPEG" : "PNG", ourBytes / pages, naiveBytes / pages, (double) naiveBytes / ourBytes,
                    ourTokens / pages, naiveTokens / pages);
        }
    }

    private static RenderedDocument render(DocumentRenderer renderer, Path pdf, PageSpec spec, Path workDir) throws IOException {
        SourceDocument source = new SourceDocument(ReceiptBatch.sha256(pdf), "file:" + pdf, pdf.getFileName().toString(),
                Files.size(pdf), pdf);
        return renderer.render(source, spec, workDir);
    }

    /** pdftoppm at exactly our pixel size, in our format (the page's PNG or JPEG at our quality). */
    private static void pdftoppm(Path pdf, int width, int height, boolean jpeg, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of("pdftoppm", "-scale-to-x", Integer.toString(width),
                "-scale-to-y", Integer.toString(height)));
        command.addAll(jpeg ? List.of("-jpeg", "-jpegopt", "quality=85") : List.of("-png"));
        command.addAll(List.of(pdf.toString(), out.resolve("page").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("pdftoppm failed on " + pdf);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A3-page-dense invoice: 60 item lines a page in two fonts, as a long supplier invoice prints. */
    static Path textInvoice(Path file) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            for (int p = 0; p < PAGES; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(bold, 14);
                    content.newLineAtOffset(50, 800);
                    content.showText("INVOICE 2026-" + (1000 + p) + "   Acme Office Supplies Ltd, 4 Abbey Street, Bath BA1 1NN");
                    content.setFont(regular, 8);
                    content.setLeading(11.5f);
                    content.newLine();
                    content.newLine();
                    for (int line = 0; line < 60; line++) {
                        int n = p * 60 + line;
                        content.showText(String.format(Locale.ROOT, "%04d  Item description number %d, colour blue, size %d   qty %d"
                                + "   unit %.2f   VAT 20%%   amount %.2f", n, n, n % 9, 1 + n % 5, 3.5 + n, (1 + n % 5) * (3.5 + n)));
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    /** The text invoice rendered at 300 DPI, speckled like a scan, one RGB JPEG per page. */
    static Path scannedInvoice(Path file, Path textInvoice) throws IOException {
        Random random = new Random(7);
        try (PDDocument source = Loader.loadPDF(textInvoice.toFile()); PDDocument document = new PDDocument()) {
            PDFRenderer renderer = new PDFRenderer(source);
            for (int p = 0; p < PAGES; p++) {
                BufferedImage image = renderer.renderImageWithDPI(p, 300, ImageType.RGB);
                for (int i = 0; i < 20_000; i++) {
                    int grey = 180 + random.nextInt(60);
                    image.setRGB(random.nextInt(image.getWidth()), random.nextInt(image.getHeight()), new Color(grey, grey, grey - 10).getRGB());
                }
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(JPEGFactory.createFromImage(document, image, 0.8f), 0, 0,
                            PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    /** Pages of 4,000 stroked and filled paths each (a chart, a floor plan): all vector work, little text. */
    static Path vectorPage(Path file) throws IOException {
        Random random = new Random(11);
        try (PDDocument document = new PDDocument()) {
            for (int p = 0; p < PAGES; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    for (int i = 0; i < 4000; i++) {
                        content.setStrokingColor(new Color(random.nextInt(200), random.nextInt(200), random.nextInt(200)));
                        content.setLineWidth(0.3f + random.nextFloat());
                        float x = random.nextFloat() * 595;
                        float y = random.nextFloat() * 842;
                        content.moveTo(x, y);
                        content.curveTo(x + random.nextFloat() * 60 - 30, y + random.nextFloat() * 60 - 30,
                                x + random.nextFloat() * 60 - 30, y + random.nextFloat() * 60 - 30,
                                x + random.nextFloat() * 80 - 40, y + random.nextFloat() * 80 - 40);
                        if (i % 4 == 0) {
                            content.setNonStrokingColor(new Color(random.nextInt(255), random.nextInt(255), random.nextInt(255)));
                            content.closeAndFillAndStroke();
                        } else {
                            content.stroke();
                        }
                    }
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    content.newLineAtOffset(50, 30);
                    content.showText("Site plan, sheet " + (p + 1) + " of " + PAGES + "  Total 1,234.50 EUR");
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }
}
