package dev.ledgerlens.bench;

import dev.ledgerlens.testing.FakeOpenAiServer;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory: one long PDF through render → scripted model → store, in the packaged application with a small heap.
 * Runs {@code java -Xmx<heap> -jar target/ledgerlens.jar run --once} on a folder holding one generated N-page
 * statement, answered by a {@link FakeOpenAiServer}; reads the peak RSS from {@code /proc/<pid>/status}
 * (VmHWM) while it runs and the peak heap from the GC log. Exits non-zero unless the document is stored.
 *
 * <p>Command line: {@code MemoryBench <workdir> [--pages 1000] [--heap 256m] [--jar target/ledgerlens.jar]}.
 * Not thread-safe.
 */
public final class MemoryBench {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int pages = 1000;
        String heap = "256m";
        Path jar = Path.of("target", "ledgerlens.jar");
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pages" -> pages = Integer.parseInt(args[i + 1]);
                case "--heap" -> heap = args[i + 1];
                case "--jar" -> jar = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path inbox = work.resolve("inbox");
        Files.createDirectories(inbox);
        Path pdf = statement(inbox.resolve("statement-" + pages + "-pages.pdf"), pages);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.otherwise(FakeOpenAiServer.Reply.json("""
                    {"document_type":"invoice","store_name":"Northwind Wholesale","store_address":null,"date":"2026-10-31",
                     "time":null,"items":[],"subtotal":null,"tax":null,"tip":null,"discount":null,"total":"98765.40",
                     "currency":"EUR","payment_method":null,"invoice_number":"ST-2026-10","due_date":null,"vendor_tax_id":null,
                     "bill_to":null,"po_number":null,"tax_lines":[]}""")).latency(java.time.Duration.ofMillis(200));
            Path gcLog = work.resolve("gc.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xlog:gc:file=" + gcLog, "-jar", jar.toAbsolutePath().toString(),
                    "run", "--once", "--input", inbox.toString(), "--json", "--no-progress");
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(key -> key.startsWith("LEDGERLENS_") || key.startsWith("OPENAI_"));
            environment.putAll(Map.of("LEDGERLENS_DATA_DIR", work.resolve("data").toString(),
                    "LEDGERLENS_ENGINE", "openai", "OPENAI_API_KEY", "sk-memory-bench", "OPENAI_BASE_URL", model.baseUrl(),
                    // a statement this long is past the shipped 200-page guard and 5-minute render limit on purpose
                    "LEDGERLENS_RENDER_MAX_PAGES", Integer.toString(pages), "LEDGERLENS_RENDER_TIMEOUT", "60m"));
            builder.redirectError(work.resolve("run.log").toFile());
            long started = System.nanoTime();
            Process process = builder.start();
            long peakRssKb = 0;
            while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
                peakRssKb = Math.max(peakRssKb, highWaterMarkKb(process.pid()));
            }
            String summary = new String(process.getInputStream().readAllBytes()).trim();
            double seconds = (System.nanoTime() - started) / 1e9;
            long peakHeapMb = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher matcher = GC_LINE.matcher(line);
                if (matcher.find()) {
                    peakHeapMb = Math.max(peakHeapMb, Long.parseLong(matcher.group(1)));
                }
            }
            boolean stored = process.exitValue() == 0 && summary.contains("\"stored\":1");
            System.out.printf(Locale.ROOT, "%d-page PDF (%,d bytes), -Xmx%s: exit %d in %.0f s (%.1f pages/s), peak heap %d MB"
                            + " (GC log), peak RSS %d MB (VmHWM), %d model requests; %s%n", pages, Files.size(pdf), heap,
                    process.exitValue(), seconds, pages / seconds, peakHeapMb, peakRssKb / 1024, model.requestCount(), summary);
            System.exit(stored ? 0 : 1);
        }
    }

    /** Peak resident set size of a process so far, from Linux's /proc (0 once it is gone). */
    private static long highWaterMarkKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0; // the process just ended
        }
        return 0;
    }

    /** A long supplier statement: 30 text lines a page, the grand total on the last page. */
    private static Path statement(Path file, int pages) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        try (PDDocument document = new PDDocument(MemoryUsageSetting.setupTempFileOnly().streamCache)) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 9);
                    content.setLeading(13);
                    content.newLineAtOffset(50, 790);
                    content.showText("Northwind Wholesale   Statement ST-2026-10   31/10/2026   page " + (p + 1) + " of " + pages);
                    content.newLine();
                    for (int line = 0; line < 30; line++) {
                        content.showText(String.format(Locale.ROOT, "Delivery note %d-%02d   pallets %d   amount %.2f EUR",
                                p, line, 1 + line % 4, 3.29 * (1 + line % 4)));
                        content.newLine();
                    }
                    if (p == pages - 1) {
                        content.showText("Statement total 98765.40 EUR");
                    }
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    private MemoryBench() {
    }
}
