package dev.ledgerlens.bench;

import dev.ledgerlens.extract.einvoice.EInvoiceReader;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.EInvoiceSamples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What reading an e-invoice costs, render (type detection, attachments, pages) and read (guard pass, Mustang or
 * ph-ubl) together, as the pipeline does them: the first document of each kind in a fresh JVM (class loading, the UBL
 * schema compiled once), then the median of 20. Pages rendered at the offline engine's spec (200 dpi grey). The
 * samples are written by one JVM ({@code --write DIR}) and read by another, so that writing them warms nothing.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.ledgerlens.bench.EInvoiceBench --write target/einvoices
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.ledgerlens.bench.EInvoiceBench target/einvoices
 * </pre>
 */
public final class EInvoiceBench {
    private static final PageSpec OCR = new PageSpec(200, 0, 0, 0, true, false);

    private EInvoiceBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--write")) {
            Path samples = Files.createDirectories(Path.of(args[1]));
            write(samples, "en16931.xml", EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"));
            write(samples, "peppol.xml", EInvoiceSamples.ubl(false));
            write(samples, "facturx.pdf", EInvoiceSamples.pdf("EN16931"));
            return;
        }
        Path samples = Path.of(args[0]);
        Path work = Files.createTempDirectory("einvoice-bench");
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        EInvoiceReader reader = new EInvoiceReader();
        Path cii = samples.resolve("en16931.xml");
        Path ubl = samples.resolve("peppol.xml");
        Path pdf = samples.resolve("facturx.pdf");
        System.out.println("| document | first in the JVM (ms) | median of 20 (ms) |");
        System.out.println("|---|---|---|");
        for (Path file : new Path[] {cii, ubl, pdf}) {
            long first = once(renderer, reader, file, work);
            long[] times = new long[20];
            for (int i = 0; i < times.length; i++) {
                times[i] = once(renderer, reader, file, work);
            }
            Arrays.sort(times);
            System.out.printf("| %s | %d | %.1f |%n", file.getFileName(), first / 1_000_000, times[times.length / 2] / 1e6);
        }
    }

    private static long once(DocumentRenderer renderer, EInvoiceReader reader, Path file, Path work) {
        long start = System.nanoTime();
        RenderedDocument rendered = renderer.render(EInvoiceSamples.source(file), OCR, work.resolve("pages"));
        reader.read(rendered.invoiceXml(), file.getFileName().toString());
        renderer.discard(rendered.source(), work.resolve("pages"));
        return System.nanoTime() - start;
    }

    private static Path write(Path folder, String name, byte[] content) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content);
        return file;
    }
}
