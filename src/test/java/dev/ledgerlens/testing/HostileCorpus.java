package dev.ledgerlens.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes hostile inputs into a drop folder, each generated here (nothing big is committed), with the outcome
 * the pipeline must reach for it and, where the model's answer is the hostile part, the reply the fake model
 * gives for it. The list is the table in docs/reliability.md.
 *
 * <p>Readable documents print a receipt (shop, date, one line, total) that differs per kind, so that the model's
 * scripted answer for it is grounded in the page text and no two kinds are near-duplicates of each other.
 * Not thread-safe: one corpus per test.
 */
public final class HostileCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Larger than the default ledgerlens.max-file-bytes (100 MB); written sparse, so it costs no disk. */
    public static final long OVERSIZED_BYTES = 300L * 1024 * 1024;
    public static final long OVERSIZED_XML_BYTES = 200L * 1024 * 1024;

    /** What must become of a hostile input. */
    public sealed interface Outcome {
        /** A dead letter with exactly this reason. */
        record DeadLettered(FailureReason reason) implements Outcome {
        }

        /** A stored record with this status label ({@code valid}, {@code needs_review}, ...). */
        record Stored(String status) implements Outcome {
        }

        /** The same bytes as another input: stored once, under one of the two names. */
        record SameAs(String otherFileName) implements Outcome {
        }

        /** Never taken from the folder, by design (see the kind's note). */
        record NotTaken(String why) implements Outcome {
        }
    }

    /**
     * One hostile input.
     *
     * @param kind     what is hostile about it, as listed in docs/reliability.md
     * @param file     where it was written (a link for the symlink kinds)
     * @param expected what the pipeline must make of it
     * @param reply    the fake model's answer for it, or null for the default (a valid answer for its receipt)
     * @param sha256   the SHA-256 of its bytes, null when it has none that matters (links, oversized, dangling)
     */
    public record Entry(String kind, Path file, Outcome expected, Reply reply, String sha256) {
        public String fileName() {
            return file.getFileName().toString();
        }
    }

    private final Path inbox;
    private final Path outside;
    private final List<Entry> entries = new ArrayList<>();
    private int receipts;
    private int matrixCases;

    private HostileCorpus(Path inbox, Path outside) {
        this.inbox = inbox;
        this.outside = outside;
    }

    /**
     * Writes every hostile kind into {@code inbox}; {@code outside} (not under the inbox) receives the target of
     * the symlink that points out of the folder; {@code apiKey} is echoed by one scripted model error.
     */
    public static List<Entry> write(Path inbox, Path outside, String apiKey) {
        try {
            Files.createDirectories(inbox);
            Files.createDirectories(outside);
            HostileCorpus corpus = new HostileCorpus(inbox, outside);
            corpus.writeAll(apiKey);
            return List.copyOf(corpus.entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hostile corpus", e);
        }
    }

    /** The answer a model gives for a receipt printed by {@link #receiptLines(int)}. */
    public static String answerFor(int receipt) {
        ObjectNode answer = (ObjectNode) readTree(FakeOpenAiServer.EMPTY_FIELDS);
        String amount = amount(receipt);
        answer.put("store_name", "Hostile Shop " + receipt);
        answer.put("date", date(receipt));
        ObjectNode item = answer.putArray("items").addObject();
        item.put("name", "Coffee beans");
        item.put("qty", "1");
        item.put("unit_price", amount);
        item.put("price", amount);
        answer.put("subtotal", amount);
        answer.put("total", amount);
        answer.put("currency", "USD");
        return answer.toString();
    }

    /** The printed lines of receipt number {@code receipt}. */
    public static List<String> receiptLines(int receipt) {
        return List.of("HOSTILE SHOP " + receipt, "DATE " + date(receipt), "Coffee beans 1 x " + amount(receipt),
                "SUBTOTAL " + amount(receipt), "TOTAL " + amount(receipt), "THANK YOU");
    }

    /** A small PNG receipt (a phone photo of a till slip, minus the phone). */
    public static byte[] receiptPng(int receipt) {
        return encode(receiptImage(receipt, BufferedImage.TYPE_INT_RGB), "png");
    }

    private static String amount(int receipt) {
        return String.format(Locale.ROOT, "%d.%02d", 10 + receipt / 100, receipt % 100);
    }

    private static String date(int receipt) {
        return String.format(Locale.ROOT, "2026-%02d-%02d", 1 + receipt % 12, 1 + receipt % 28);
    }

    private void writeAll(String apiKey) throws IOException {
        // ---- files that are not documents at all
        deadLetter("zero bytes", "empty.pdf", new byte[0], FailureReason.EMPTY_FILE);
        deadLetter("text file renamed .pdf", "notes.pdf",
                "Dear accounts, please find the invoice attached.\n".getBytes(StandardCharsets.UTF_8),
                FailureReason.UNSUPPORTED_TYPE);
        deadLetter("HTML renamed .jpg", "invoice.jpg",
                "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>".getBytes(StandardCharsets.UTF_8),
                FailureReason.UNSUPPORTED_TYPE);
        deadLetter("HEIC photo (unsupported type)", "IMG_0001.heic", heic(), FailureReason.UNSUPPORTED_TYPE);
        oversized();

        // ---- damaged or protected PDFs
        byte[] whole = receiptPdf(next());
        deadLetter("truncated PDF", "truncated.pdf", Arrays.copyOf(whole, whole.length * 2 / 3),
                FailureReason.CORRUPT_DOCUMENT);
        int receipt = next();
        stored("PDF with a broken xref table (PDFBox rebuilds it)", "broken-xref.pdf", receipt,
                brokenXref(receiptPdf(receipt, CompressParameters.NO_COMPRESSION)), "valid");
        receipt = next();
        stored("PDF encrypted with an owner password only (opens without one)", "owner-password.pdf", receipt,
                encrypted(receipt, ""), "valid");
        deadLetter("PDF encrypted with a user password", "user-password.pdf", encrypted(next(), "open-sesame"),
                FailureReason.ENCRYPTED_DOCUMENT);
        deadLetter("PDF with 2,000 pages (page cap)", "2000-pages.pdf", manyPages(2000), FailureReason.PAGE_LIMIT);
        receipt = next();
        stored("PDF page of 200×200 inches (rendered at the model's size)", "poster.pdf", receipt, hugePage(receipt),
                "valid");
        deadLetter("PDF with a 12,000×12,000 px embedded image (refused from its dictionary)", "huge-image.pdf",
                hugeImagePdf(next()), FailureReason.TOO_LARGE);
        deadLetter("PDF decompression bomb: 1 GB of drawing instructions in a 1 MB file", "content-bomb.pdf",
                contentBombPdf(1L << 30), FailureReason.TOO_LARGE);
        receipt = next();
        stored("PDF with JavaScript and an attachment (neither run nor read)", "javascript.pdf", receipt,
                scriptedPdf(receipt), "valid");
        receipt = next();
        stored("PDF with junk before %PDF- (mail gateway prefix)", "prefixed.pdf", receipt,
                concat("X-Gateway: scanned\r\n\r\n".getBytes(StandardCharsets.US_ASCII), receiptPdf(receipt)), "valid");
        add("blank page (no text; the model finds no fields)", "blank.pdf", blankPdf(),
                new Outcome.DeadLettered(FailureReason.VALIDATION_FAILED), Reply.json(FakeOpenAiServer.EMPTY_FIELDS));

        // ---- images
        deadLetter("pixel bomb: PNG declaring 50,000×50,000 px in a tiny file", "bomb.png", pixelBombPng(),
                FailureReason.TOO_LARGE);
        receipt = next();
        stored("animated GIF (first frame)", "animated.gif", receipt, animatedGif(receipt), "valid");
        receipt = next();
        stored("CMYK JPEG", "cmyk.jpg", receipt, cmykJpeg(receipt), "valid");
        receipt = next();
        stored("16-bit grey PNG", "deep.png", receipt, sixteenBitPng(receipt), "valid");
        receipt = next();
        stored("TIFF with three pages", "three-pages.tif", receipt, multiPageTiff(receipt), "valid");
        receipt = next();
        stored("upside-down scan", "upside-down.png", receipt, upsideDown(receipt), "valid");
        byte[] cutJpeg = encode(receiptImage(next(), BufferedImage.TYPE_INT_RGB), "jpeg");
        deadLetter("JPEG cut short", "cut.jpg", Arrays.copyOf(cutJpeg, cutJpeg.length / 2), FailureReason.CORRUPT_DOCUMENT);

        // ---- names
        for (String name : List.of("receipt from the shop.png", "reçu-ünïcödé-領収書.png", "--rf -receipt.png",
                "receipt..v2..png")) {
            receipt = next();
            stored("name '" + name + "'", name, receipt, receiptPng(receipt), "valid");
        }
        add("name starting with '..' (a hidden file: rsync/scp temp names look like this)", "..receipt.png",
                receiptPng(next()), new Outcome.NotTaken("Camel's file consumer skips names starting with '.'"), null);

        // ---- links
        receipt = next();
        Entry target = stored("symlink target", "linked-target.png", receipt, receiptPng(receipt), "valid");
        Path inside = inbox.resolve("link-inside.png");
        Files.createSymbolicLink(inside, target.file().getFileName());
        entries.add(new Entry("symlink to a file inside the folder (followed; same bytes, stored once)", inside,
                new Outcome.SameAs(target.fileName()), null, target.sha256()));
        Path secret = outside.resolve("outside-secret.png");
        Files.write(secret, receiptPng(next()));
        Path outward = inbox.resolve("link-outside.png");
        Files.createSymbolicLink(outward, secret);
        entries.add(new Entry("symlink pointing outside the folder (refused)", outward,
                new Outcome.DeadLettered(FailureReason.SOURCE_UNREADABLE), null, sha256(Files.readAllBytes(secret))));
        Path dangling = inbox.resolve("dangling.png");
        Files.createSymbolicLink(dangling, outside.resolve("no-such-file.png"));
        entries.add(new Entry("dangling symlink (nothing to read)", dangling,
                new Outcome.NotTaken("a link to nothing is not a file"), null, null));

        // ---- e-invoices: read from their XML, never sent to the model; hostile XML refused with a typed reason
        add("Factur-X PDF/A-3 (EN 16931): read from its XML, no model call", "facturx.pdf", EInvoiceSamples.pdf("EN16931"),
                new Outcome.Stored("valid"), null);
        add("Peppol UBL credit note (XML file)", "credit-note.xml", EInvoiceSamples.ubl(true), new Outcome.Stored("valid"), null);
        deadLetter("plain XML that is not an invoice", "catalog.xml",
                "<?xml version=\"1.0\"?><catalog><book/></catalog>".getBytes(StandardCharsets.UTF_8),
                FailureReason.EINVOICE_NOT_AN_INVOICE);
        deadLetter("UBL invoice in the wrong namespace", "wrong-namespace.xml",
                new String(EInvoiceSamples.ubl(false), StandardCharsets.UTF_8)
                        .replace("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "urn:example:invoice")
                        .getBytes(StandardCharsets.UTF_8), FailureReason.EINVOICE_NOT_AN_INVOICE);
        deadLetter("XML billion laughs (entity expansion bomb)", "lolz.xml", billionLaughs(), FailureReason.EINVOICE_UNSAFE_XML);
        deadLetter("XML with external entities (file and http)", "xxe.xml",
                ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY f SYSTEM \"file:///etc/passwd\">"
                        + "<!ENTITY n SYSTEM \"http://127.0.0.1:9/x\">]>"
                        + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>&f;&n;</ID></Invoice>")
                        .getBytes(StandardCharsets.UTF_8), FailureReason.EINVOICE_UNSAFE_XML);
        deadLetter("invoice XML whose total is not a number", "not-a-number.xml",
                new String(EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), StandardCharsets.UTF_8)
                        .replace("<ram:GrandTotalAmount>1420.93<", "<ram:GrandTotalAmount>eins<")
                        .getBytes(StandardCharsets.UTF_8), FailureReason.EINVOICE_MALFORMED);
        deadLetter("PDF whose factur-x.xml is not an invoice", "fake-facturx.pdf",
                EInvoiceSamples.withAttachment(EInvoiceSamples.visiblePage("1", "1.00"), "factur-x.xml",
                        "<?xml version=\"1.0\"?><delivery/>".getBytes(StandardCharsets.UTF_8), "Alternative"),
                FailureReason.EINVOICE_NOT_AN_INVOICE);
        oversizedXml();

        // ---- the model's answer is the hostile part
        String sample = answerFor(next());
        model("model refuses", "refused.png", Reply.refusal("I can't help with that."), FailureReason.MODEL_REFUSAL);
        model("model answers with empty content", "empty-answer.png", Reply.empty(), FailureReason.MODEL_EMPTY_ANSWER);
        model("model answers with prose, not JSON", "prose.png", Reply.json("Sure! The total is 12.50."),
                FailureReason.MODEL_MALFORMED_JSON);
        model("model answers JSON of the wrong shape", "wrong-shape.png",
                Reply.json("{\"receipt\":{\"sum\":\"12.50\"},\"tip_jar\":true}"), FailureReason.MODEL_SCHEMA_MISMATCH);
        model("model answers 2 MB", "two-megabytes.png", Reply.oversized(sample, 2 * 1024 * 1024),
                FailureReason.MODEL_SCHEMA_MISMATCH);
        model("model answer cut off (finish_reason: length)", "cut-off.png", Reply.truncated(sample.substring(0, 40)),
                FailureReason.MODEL_TRUNCATED);
        model("model API error echoing the API key (HTTP 400)", "echo-key.png",
                Reply.error(400, "invalid_request_error", "Bad request from key " + apiKey + " (echoed by a proxy)"),
                FailureReason.INTERNAL_ERROR);
    }

    private int next() {
        return ++receipts;
    }

    private Entry deadLetter(String kind, String name, byte[] bytes, FailureReason reason) throws IOException {
        return add(kind, name, bytes, new Outcome.DeadLettered(reason), null);
    }

    /** A readable document printing receipt {@code receipt}; the model answers its fields. */
    private Entry stored(String kind, String name, int receipt, byte[] bytes, String status) throws IOException {
        return add(kind, name, bytes, new Outcome.Stored(status), Reply.json(answerFor(receipt)));
    }

    private void model(String kind, String name, Reply reply, FailureReason reason) throws IOException {
        add(kind, name, receiptPng(next()), new Outcome.DeadLettered(reason), reply);
    }

    private Entry add(String kind, String name, byte[] bytes, Outcome expected, Reply reply) throws IOException {
        Path file = inbox.resolve(name);
        Files.write(file, bytes);
        Entry entry = new Entry(kind, file, expected, reply, sha256(bytes));
        entries.add(entry);
        return entry;
    }

    /** An XML of {@link #OVERSIZED_XML_BYTES}: invoice XML is read into memory, so its size is refused first. */
    private void oversizedXml() throws IOException {
        Path file = inbox.resolve("giant-invoice.xml");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write("<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">"
                    .getBytes(StandardCharsets.US_ASCII));
            out.setLength(OVERSIZED_XML_BYTES); // sparse, like the oversized PDF
        }
        entries.add(new Entry("200 MB XML", file, new Outcome.DeadLettered(FailureReason.TOO_LARGE), null, null));
    }

    private static byte[] billionLaughs() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int level = 1; level <= 9; level++) {
            bomb.append("<!ENTITY lol").append(level).append(" \"").append(("&lol" + (level - 1) + ";").repeat(10)).append("\">");
        }
        return bomb.append("]><rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">"
                + "&lol9;</rsm:CrossIndustryInvoice>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void oversized() throws IOException {
        Path file = inbox.resolve("oversized.pdf");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            out.setLength(OVERSIZED_BYTES); // sparse: the size is declared, the disk holds one block
        }
        entries.add(new Entry("300 MB file (size cap; read no further than its declared size)", file,
                new Outcome.DeadLettered(FailureReason.TOO_LARGE), null, null));
    }

    // ------------------------------------------------------------------ PDFs

    /** Receipt {@code receipt} as a one-page PDF with a text layer. */
    public static byte[] receiptPdf(int receipt) throws IOException {
        return receiptPdf(receipt, CompressParameters.DEFAULT_COMPRESSION);
    }

    /** {@code NO_COMPRESSION} writes a classic xref table instead of an xref stream. */
    private static byte[] receiptPdf(int receipt, CompressParameters compression) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            writeLines(pdf, page, receipt, 12, 30, 380);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out, compression);
            return out.toByteArray();
        }
    }

    private static void writeLines(PDDocument pdf, PDPage page, int receipt, float size, float x, float top)
            throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(pdf, page, PDPageContentStream.AppendMode.APPEND, true)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), size);
            content.newLineAtOffset(x, top);
            for (String line : receiptLines(receipt)) {
                content.showText(line);
                content.newLineAtOffset(0, -size * 1.6f);
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument pdf) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pdf.save(out);
        return out.toByteArray();
    }

    /** Every offset of the cross-reference table shifted: the table points into the middle of other objects. */
    private static byte[] brokenXref(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int xref = text.lastIndexOf("\nxref");
        if (xref < 0) {
            throw new IllegalStateException("PDFBox wrote no classic xref table");
        }
        String head = text.substring(0, xref);
        String tail = text.substring(xref).replaceAll("(?m)^(\\d{10}) (\\d{5}) n", "0000000007 $2 n");
        return (head + tail).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] encrypted(int receipt, String userPassword) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            writeLines(pdf, page, receipt, 12, 30, 380);
            AccessPermission permissions = new AccessPermission();
            permissions.setCanPrint(false);
            permissions.setCanModify(false);
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword, permissions);
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            return save(pdf);
        }
    }

    private static byte[] manyPages(int count) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (int i = 0; i < count; i++) {
                pdf.addPage(new PDPage(PDRectangle.A6));
            }
            return save(pdf);
        }
    }

    private static byte[] hugePage(int receipt) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(200 * 72, 200 * 72)); // 14,400 pt: the PDF format's own maximum
            pdf.addPage(page);
            writeLines(pdf, page, receipt, 600, 1000, 13000);
            return save(pdf);
        }
    }

    /** A page drawing a 12,000×12,000 grey image: 144 MB decoded, about 140 KB deflated. */
    private static byte[] hugeImagePdf(int receipt) throws IOException {
        return hugeImagePdf(receipt, 12_000);
    }

    private static byte[] hugeImagePdf(int receipt, int side) throws IOException {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_SPEED))) {
            byte[] row = new byte[side];
            Arrays.fill(row, (byte) 0xF0);
            for (int y = 0; y < side; y++) {
                out.write(row);
            }
        }
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            PDImageXObject image = new PDImageXObject(pdf, new ByteArrayInputStream(deflated.toByteArray()),
                    COSName.FLATE_DECODE, side, side, 8, PDDeviceGray.INSTANCE);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.drawImage(image, 0, 0, 150, 150);
            }
            writeLines(pdf, page, receipt, 12, 30, 380);
            return save(pdf);
        }
    }

    /**
     * One page whose content stream draws {@code strokes} diagonal lines: a few hundred KB deflated, and seconds to
     * minutes of rasterising; the shape of a pathological CAD export or a vectorised scan.
     */
    public static byte[] slowPagePdf(int strokes) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            PDStream stream = new PDStream(pdf);
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < strokes; i++) {
                    chunk.append("0.3 w ").append(i % 300).append(" 0 m ").append(300 - i % 300).append(" 420 l S\n");
                    if (chunk.length() > 64 * 1024) {
                        out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                        chunk.setLength(0);
                    }
                }
                out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
            }
            page.setContents(stream);
            return save(pdf);
        }
    }

    /** A receipt printed on a page of 200×200 inches. */
    public static byte[] posterPdf() throws IOException {
        return hugePage(1);
    }

    /**
     * A decompression bomb: one page whose content stream inflates from about {@code inflatedBytes / 1000} bytes
     * to {@code inflatedBytes} of blanks around a single text line.
     */
    public static byte[] contentBombPdf(long inflatedBytes) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            COSStream stream = pdf.getDocument().createCOSStream();
            // deflated here at the fastest level (PDFBox's default level takes 20 s per GB of blanks)
            try (OutputStream out = new DeflaterOutputStream(stream.createRawOutputStream(),
                    new Deflater(Deflater.BEST_SPEED), 64 * 1024)) {
                out.write("BT /F1 12 Tf 30 380 Td (TOTAL 12.34) Tj ET\n".getBytes(StandardCharsets.US_ASCII));
                byte[] blanks = new byte[1 << 20];
                Arrays.fill(blanks, (byte) ' ');
                for (long written = 0; written < inflatedBytes; written += blanks.length) {
                    out.write(blanks);
                }
            }
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.getCOSObject().setItem(COSName.CONTENTS, stream);
            return save(pdf);
        }
    }

    /** A one-page PDF drawing a {@code side}×{@code side} grey image (see {@link #hugeImagePdf(int)}). */
    public static byte[] imagePdf(int side) throws IOException {
        return hugeImagePdf(1, side);
    }

    private static byte[] scriptedPdf(int receipt) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            writeLines(pdf, page, receipt, 12, 30, 380);
            pdf.getDocumentCatalog().setOpenAction(new PDActionJavaScript(
                    "app.alert('pwned'); this.exportDataObject({cName: 'payload.exe', nLaunch: 2});"));
            PDComplexFileSpecification attachment = new PDComplexFileSpecification();
            attachment.setFile("payload.exe");
            PDEmbeddedFile embedded = new PDEmbeddedFile(pdf, new ByteArrayInputStream("MZ not really".getBytes(StandardCharsets.US_ASCII)));
            embedded.setSubtype("application/octet-stream");
            attachment.setEmbeddedFile(embedded);
            PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
            files.setNames(Map.of("payload.exe", attachment));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(pdf.getDocumentCatalog());
            names.setEmbeddedFiles(files);
            pdf.getDocumentCatalog().setNames(names);
            return save(pdf);
        }
    }

    /** A PDF with one empty A6 page: no text layer, nothing drawn. */
    public static byte[] blankPdf() throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            pdf.addPage(new PDPage(PDRectangle.A6));
            return save(pdf);
        }
    }

    // ------------------------------------------------------------------ images

    private static BufferedImage receiptImage(int receipt, int type) {
        BufferedImage image = new BufferedImage(360, 300, type);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 18));
            int y = 36;
            for (String line : receiptLines(receipt)) {
                graphics.drawString(line, 16, y);
                y += 40;
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Receipt {@code receipt} as a PNG scan turned 180°. */
    public static byte[] upsideDown(int receipt) {
        BufferedImage upright = receiptImage(receipt, BufferedImage.TYPE_INT_RGB);
        BufferedImage turned = new BufferedImage(upright.getWidth(), upright.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < upright.getHeight(); y++) {
            for (int x = 0; x < upright.getWidth(); x++) {
                turned.setRGB(upright.getWidth() - 1 - x, upright.getHeight() - 1 - y, upright.getRGB(x, y));
            }
        }
        return encode(turned, "png");
    }

    private static byte[] sixteenBitPng(int receipt) {
        BufferedImage grey = receiptImage(receipt, BufferedImage.TYPE_USHORT_GRAY);
        return encode(grey, "png");
    }

    private static byte[] animatedGif(int receipt) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int frame = 0; frame < 3; frame++) {
                BufferedImage image = receiptImage(receipt, BufferedImage.TYPE_BYTE_INDEXED);
                writer.writeToSequence(new IIOImage(image, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] multiPageTiff(int receipt) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int page = 0; page < 3; page++) {
                writer.writeToSequence(new IIOImage(receiptImage(receipt, BufferedImage.TYPE_BYTE_GRAY), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Four-channel (CMYK) JPEG, the kind print workflows and some scanners write; the JDK cannot decode it. */
    private static byte[] cmykJpeg(int receipt) throws IOException {
        BufferedImage rgb = receiptImage(receipt, BufferedImage.TYPE_INT_RGB);
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                rgb.getWidth(), rgb.getHeight(), 4, null);
        int[] pixel = new int[4];
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int value = rgb.getRGB(x, y);
                int r = (value >> 16) & 0xFF;
                int g = (value >> 8) & 0xFF;
                int b = value & 0xFF;
                int k = 255 - Math.max(r, Math.max(g, b));
                pixel[0] = 255 - r - k < 0 ? 0 : 255 - r - k;
                pixel[1] = 255 - g - k < 0 ? 0 : 255 - g - k;
                pixel[2] = 255 - b - k < 0 ? 0 : 255 - b - k;
                pixel[3] = k;
                cmyk.setPixel(x, y, pixel);
            }
        }
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter jdkJpegWriter() {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.canWriteRasters()) {
                if (writer.getClass().getName().startsWith("com.sun")) {
                    return writer;
                }
                fallback = writer;
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("no JPEG writer that writes rasters");
        }
        return fallback;
    }

    /** The ISO-BMFF box an iPhone's HEIC photo starts with, then noise: the type is recognisable, the codec is not ours. */
    private static byte[] heic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18});
        out.writeBytes("ftypheic\0\0\0\0mif1heic".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[2048]);
        return out.toByteArray();
    }

    /** A valid PNG whose header declares 50,000×50,000 grey pixels (2.5 GB decoded) with a few bytes of data. */
    private static byte[] pixelBombPng() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream ihdr = new DataOutputStream(header);
        ihdr.writeInt(50_000);
        ihdr.writeInt(50_000);
        ihdr.writeByte(8);  // bit depth
        ihdr.writeByte(0);  // grey
        ihdr.writeByte(0);
        ihdr.writeByte(0);
        ihdr.writeByte(0);
        chunk(out, "IHDR", header.toByteArray());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (OutputStream deflate = new DeflaterOutputStream(data)) {
            deflate.write(new byte[50_001]); // one row, then the data ends
        }
        chunk(out, "IDAT", data.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    // ------------------------------------------------------------------ the bomb matrix

    /**
     * One case of the bomb matrix: an inbox of its own holding the hostile input (and, where the case is about the
     * folder rather than a file, a plain receipt next to it, to show that the run goes on).
     *
     * @param kind    what is hostile, as listed in docs/reliability.md
     * @param inbox   the folder to run over
     * @param entries every input in it with what must become of it
     */
    public record MatrixCase(String kind, Path inbox, List<Entry> entries) {
    }

    /** How much the PDF bombs inflate to: far beyond a 256 MB heap. */
    public static final long BOMB_BYTES = 1L << 30;

    /**
     * Writes the bomb matrix under {@code root}, each case into a folder of its own. Everything is generated here;
     * the FIFO needs {@code mkfifo}.
     */
    public static List<MatrixCase> writeBombMatrix(Path root) {
        try {
            HostileCorpus corpus = new HostileCorpus(root, root);
            List<MatrixCase> cases = new ArrayList<>();
            cases.add(corpus.bomb("LZW bomb: page content, 512 MB in 400 KB", "lzw-bomb.pdf",
                    lzwBombPdf(BOMB_BYTES / 2), FailureReason.TOO_LARGE));
            cases.add(corpus.bomb("filter-chain bomb: page content [/AHx /Fl], 1 GB", "chain-bomb.pdf",
                    filterChainBombPdf(BOMB_BYTES), FailureReason.TOO_LARGE));
            cases.add(corpus.bomb("inline-image bomb: 100×100 px declared, 1 GB of data", "inline-bomb.pdf",
                    inlineImageBombPdf(BOMB_BYTES), FailureReason.TOO_LARGE));
            cases.add(corpus.bomb("image XObject whose stream is 100× its declared 1000×1000 px", "xobject-100x.pdf",
                    oversizedImageStreamPdf(1000, 100), FailureReason.TOO_LARGE));
            cases.add(corpus.bomb("Form XObject bomb: a form's content, 1 GB", "form-bomb.pdf",
                    formBombPdf(BOMB_BYTES), FailureReason.TOO_LARGE));
            cases.add(corpus.matrixCase("PNG zTXt bomb: 1 GB of text in a receipt photo's metadata (never inflated)",
                    "ztxt-bomb", inbox -> List.of(corpus.storedIn(inbox, "ztxt-bomb.png",
                            receipt -> zTxtBombPng(receipt, BOMB_BYTES)))));
            cases.add(corpus.matrixCase("TIFF whose page chain loops back to its first page", "tiff-loop",
                    inbox -> List.of(corpus.storedIn(inbox, "ifd-loop.tif", HostileCorpus::tiffIfdLoop))));
            cases.add(corpus.bomb("progressive-JPEG scan bomb: 2048×2048 px, 50,000 scans in 1 MB", "scan-bomb.jpg",
                    progressiveScanBombJpeg(2048, 50_000), FailureReason.TOO_LARGE));
            cases.add(corpus.matrixCase("255-byte file names (ASCII, and 3-byte UTF-8 characters)", "long-names",
                    inbox -> List.of(
                            corpus.storedIn(inbox, "r".repeat(251) + ".png", HostileCorpus::receiptPng),
                            corpus.storedIn(inbox, "領".repeat(83) + ".png", HostileCorpus::receiptPng))));
            cases.add(corpus.matrixCase("control and bidi characters in names", "control-names", inbox -> {
                List<Entry> entries = new ArrayList<>();
                for (String name : List.of("bell\u0007.png", "escape\u001b[2J.png", "line\nbreak.png",
                        "carriage\rreturn.png", "tab\there.png", "delete\u007f.png",
                        "invoice-\u202Egnp.exe", "isolate-\u2066x\u2069.png")) {
                    entries.add(corpus.storedIn(inbox, name, HostileCorpus::receiptPng));
                }
                return entries;
            }));
            cases.add(corpus.matrixCase("a FIFO (named pipe) in the inbox", "fifo", inbox -> {
                Path fifo = inbox.resolve("pipe.pdf");
                Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
                if (mkfifo.waitFor() != 0) {
                    throw new IOException("mkfifo " + fifo + " failed");
                }
                return List.of(new Entry("FIFO", fifo, new Outcome.NotTaken("not a regular file"), null, null),
                        corpus.storedIn(inbox, "next-to-the-fifo.png", HostileCorpus::receiptPng));
            }));
            cases.add(corpus.matrixCase("symbolic link loops: a folder linking to itself, two files linking to each other",
                    "symlink-loop", inbox -> {
                        Path again = Files.createSymbolicLink(inbox.resolve("again"), Path.of("."));
                        Path ping = Files.createSymbolicLink(inbox.resolve("ping.pdf"), Path.of("pong.pdf"));
                        Path pong = Files.createSymbolicLink(inbox.resolve("pong.pdf"), Path.of("ping.pdf"));
                        return List.of(
                                new Entry("folder link to itself", again, new Outcome.NotTaken("a loop"), null, null),
                                new Entry("file link loop", ping, new Outcome.NotTaken("a loop"), null, null),
                                new Entry("file link loop", pong, new Outcome.NotTaken("a loop"), null, null),
                                corpus.storedIn(inbox, "inside-the-loop.png", HostileCorpus::receiptPng));
                    }));
            return List.copyOf(cases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bomb matrix", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the bomb matrix", e);
        }
    }

    /** What writes a case's files into its inbox. */
    private interface CaseWriter {
        List<Entry> write(Path inbox) throws IOException, InterruptedException;
    }

    /** What generates a receipt's bytes from its number. */
    private interface ReceiptWriter {
        byte[] bytes(int receipt) throws IOException;
    }

    private MatrixCase matrixCase(String kind, String folder, CaseWriter writer) throws IOException, InterruptedException {
        Path caseInbox = Files.createDirectories(inbox.resolve(String.format(Locale.ROOT, "%02d-%s", ++matrixCases, folder)));
        return new MatrixCase(kind, caseInbox, writer.write(caseInbox));
    }

    private MatrixCase bomb(String kind, String name, byte[] bytes, FailureReason reason) throws IOException, InterruptedException {
        return matrixCase(kind, name.substring(0, name.indexOf('.')), caseInbox -> {
            Path file = Files.write(caseInbox.resolve(name), bytes);
            return List.of(new Entry(kind, file, new Outcome.DeadLettered(reason), null, sha256(bytes)));
        });
    }

    /** A readable receipt under {@code name}, answered by the model with its fields. */
    private Entry storedIn(Path caseInbox, String name, ReceiptWriter writer) throws IOException {
        int receipt = next();
        byte[] bytes = writer.bytes(receipt);
        Path file = Files.write(caseInbox.resolve(name), bytes);
        return new Entry("receipt " + receipt, file, new Outcome.Stored("valid"), Reply.json(answerFor(receipt)), sha256(bytes));
    }

    // ------------------------------------------------------------------ bombs: streams that decode far beyond their size

    /**
     * A page whose content stream is LZW-compressed: {@code inflatedBytes} of blanks around one text line, about
     * 1,400 times smaller encoded (LZW's best case, a run of one byte).
     */
    public static byte[] lzwBombPdf(long inflatedBytes) throws IOException {
        return pageWithContent(out -> {
            try (LzwOutputStream lzw = new LzwOutputStream(out)) {
                writeBlanksAroundText(lzw, inflatedBytes);
            }
        }, COSName.LZW_DECODE);
    }

    /**
     * A page whose content stream goes through two filters, {@code [/ASCIIHexDecode /FlateDecode]}: hex text of a
     * deflated stream of {@code inflatedBytes}. A check that counts only a single Flate filter misses it.
     */
    public static byte[] filterChainBombPdf(long inflatedBytes) throws IOException {
        COSArray chain = new COSArray();
        chain.add(COSName.ASCII_HEX_DECODE);
        chain.add(COSName.FLATE_DECODE);
        return pageWithContent(out -> {
            try (OutputStream deflated = deflater(new HexOutputStream(out))) {
                writeBlanksAroundText(deflated, inflatedBytes);
            }
        }, chain);
    }

    /**
     * A page drawing an inline image declared 100×100 grey pixels (10 KB) whose data, {@code [/AHx /Fl]} inside the
     * content stream itself, inflates to {@code inflatedBytes}.
     */
    public static byte[] inlineImageBombPdf(long inflatedBytes) throws IOException {
        return pageWithContent(out -> {
            out.write(("BT /F1 12 Tf 30 380 Td (TOTAL 12.34) Tj ET\nq 100 0 0 100 30 30 cm\n"
                    + "BI /W 100 /H 100 /BPC 8 /CS /G /F [/AHx /Fl] ID\n").getBytes(StandardCharsets.US_ASCII));
            try (OutputStream deflated = deflater(new HexOutputStream(new NonClosing(out)))) {
                writeZeros(deflated, inflatedBytes);
            }
            out.write("\nEI\nQ\n".getBytes(StandardCharsets.US_ASCII));
        }, null);
    }

    /**
     * A page drawing an image XObject declared {@code side}×{@code side} grey pixels whose Flate stream inflates to
     * {@code factor} times that: the decoder is asked for far more than the image can use.
     */
    public static byte[] oversizedImageStreamPdf(int side, int factor) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            COSStream image = pdf.getDocument().createCOSStream();
            try (OutputStream out = deflater(image.createRawOutputStream())) {
                writeZeros(out, (long) side * side * factor);
            }
            image.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            image.setItem(COSName.TYPE, COSName.XOBJECT);
            image.setItem(COSName.SUBTYPE, COSName.IMAGE);
            image.setInt(COSName.WIDTH, side);
            image.setInt(COSName.HEIGHT, side);
            image.setInt(COSName.BITS_PER_COMPONENT, 8);
            image.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            PDResources resources = new PDResources();
            resources.getCOSObject().setItem(COSName.XOBJECT, dictionary(COSName.getPDFName("Im0"), image));
            page.setResources(resources);
            setContent(pdf, page, "BT /F1 12 Tf 30 380 Td (TOTAL 12.34) Tj ET\nq 150 0 0 150 30 30 cm /Im0 Do Q\n");
            return save(pdf);
        }
    }

    /** A page drawing a form XObject whose own content stream inflates to {@code inflatedBytes}. */
    public static byte[] formBombPdf(long inflatedBytes) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            COSStream form = formStream(pdf, inflatedBytes);
            PDResources resources = new PDResources();
            resources.getCOSObject().setItem(COSName.XOBJECT, dictionary(COSName.getPDFName("Fm0"), form));
            page.setResources(resources);
            setContent(pdf, page, "q /Fm0 Do Q\n");
            return save(pdf);
        }
    }

    /** A receipt page with a stamp annotation whose appearance stream inflates to {@code inflatedBytes}. */
    public static byte[] annotationBombPdf(long inflatedBytes) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            writeLines(pdf, page, 1, 12, 30, 380);
            COSDictionary annotation = new COSDictionary();
            annotation.setItem(COSName.TYPE, COSName.ANNOT);
            annotation.setItem(COSName.SUBTYPE, COSName.getPDFName("Stamp"));
            annotation.setItem(COSName.RECT, new PDRectangle(100, 100, 100, 50).getCOSArray());
            annotation.setItem(COSName.AP, dictionary(COSName.N, formStream(pdf, inflatedBytes)));
            COSArray annotations = new COSArray();
            annotations.add(annotation);
            page.getCOSObject().setItem(COSName.ANNOTS, annotations);
            return save(pdf);
        }
    }

    /** A receipt page whose text is set in a TrueType font whose embedded font file inflates to {@code inflatedBytes}. */
    public static byte[] fontBombPdf(long inflatedBytes) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            COSStream fontFile = pdf.getDocument().createCOSStream();
            try (OutputStream out = deflater(fontFile.createRawOutputStream())) {
                out.write(new byte[] {0, 1, 0, 0}); // a TrueType version tag, then nothing but zeros
                writeZeros(out, inflatedBytes);
            }
            fontFile.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            COSDictionary descriptor = new COSDictionary();
            descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
            descriptor.setName(COSName.FONT_NAME, "Bomb");
            descriptor.setInt(COSName.FLAGS, 32);
            descriptor.setItem(COSName.FONT_BBOX, new PDRectangle(0, -200, 1000, 900).getCOSArray());
            descriptor.setInt(COSName.ITALIC_ANGLE, 0);
            descriptor.setInt(COSName.ASCENT, 900);
            descriptor.setInt(COSName.DESCENT, -200);
            descriptor.setInt(COSName.CAP_HEIGHT, 700);
            descriptor.setInt(COSName.STEM_V, 80);
            descriptor.setItem(COSName.FONT_FILE2, fontFile);
            COSDictionary font = new COSDictionary();
            font.setItem(COSName.TYPE, COSName.FONT);
            font.setItem(COSName.SUBTYPE, COSName.TRUE_TYPE);
            font.setName(COSName.BASE_FONT, "Bomb");
            font.setInt(COSName.FIRST_CHAR, 32);
            font.setInt(COSName.LAST_CHAR, 32);
            COSArray widths = new COSArray();
            widths.add(org.apache.pdfbox.cos.COSInteger.get(500));
            font.setItem(COSName.WIDTHS, widths);
            font.setItem(COSName.FONT_DESC, descriptor);
            PDResources resources = new PDResources();
            resources.getCOSObject().setItem(COSName.FONT, dictionary(COSName.getPDFName("F1"), font));
            page.setResources(resources);
            setContent(pdf, page, "BT /F1 12 Tf 30 380 Td (TOTAL 12.34) Tj ET\n");
            return save(pdf);
        }
    }

    /** A form XObject (bounding box 300×420) whose Flate content stream inflates to {@code inflatedBytes}. */
    private static COSStream formStream(PDDocument pdf, long inflatedBytes) throws IOException {
        COSStream form = pdf.getDocument().createCOSStream();
        try (OutputStream out = deflater(form.createRawOutputStream())) {
            writeBlanksAroundText(out, inflatedBytes);
        }
        form.setItem(COSName.FILTER, COSName.FLATE_DECODE);
        form.setItem(COSName.TYPE, COSName.XOBJECT);
        form.setItem(COSName.SUBTYPE, COSName.FORM);
        form.setItem(COSName.BBOX, new PDRectangle(300, 420).getCOSArray());
        return form;
    }

    /** What writes a page's content stream. */
    private interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A one-page PDF whose content stream is written raw by {@code writer}, declared encoded with {@code filter}. */
    private static byte[] pageWithContent(ContentWriter writer, COSBase filter) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(300, 420));
            pdf.addPage(page);
            page.setResources(helveticaResources());
            COSStream stream = pdf.getDocument().createCOSStream();
            try (OutputStream out = stream.createRawOutputStream()) {
                writer.write(out);
            }
            if (filter != null) {
                stream.setItem(COSName.FILTER, filter);
            }
            page.getCOSObject().setItem(COSName.CONTENTS, stream);
            return save(pdf);
        }
    }

    private static void setContent(PDDocument pdf, PDPage page, String operators) throws IOException {
        if (page.getResources().getCOSObject().getDictionaryObject(COSName.FONT) == null) {
            page.getResources().getCOSObject().setItem(COSName.FONT,
                    helveticaResources().getCOSObject().getDictionaryObject(COSName.FONT));
        }
        COSStream stream = pdf.getDocument().createCOSStream();
        try (OutputStream out = stream.createRawOutputStream()) {
            out.write(operators.getBytes(StandardCharsets.US_ASCII));
        }
        page.getCOSObject().setItem(COSName.CONTENTS, stream);
    }

    private static PDResources helveticaResources() {
        PDResources resources = new PDResources();
        resources.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
        return resources;
    }

    private static COSDictionary dictionary(COSName key, COSBase value) {
        COSDictionary dictionary = new COSDictionary();
        dictionary.setItem(key, value);
        return dictionary;
    }

    /** Deflate at the fastest level: PDFBox's default level takes 20 s per GB of blanks. */
    private static OutputStream deflater(OutputStream out) {
        return new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED), 64 * 1024);
    }

    private static void writeBlanksAroundText(OutputStream out, long blanks) throws IOException {
        out.write("BT /F1 12 Tf 30 380 Td (TOTAL 12.34) Tj ET\n".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) ' ');
        for (long written = 0; written < blanks; written += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, blanks - written));
        }
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] chunk = new byte[1 << 20];
        for (long written = 0; written < count; written += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, count - written));
        }
    }

    /** Writes bytes as ASCIIHexDecode text, 64 digits a line, ending with the {@code >} end-of-data mark. */
    private static final class HexOutputStream extends OutputStream {
        private static final byte[] DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private int column;

        HexOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(DIGITS[(b >> 4) & 0xF]);
            out.write(DIGITS[b & 0xF]);
            if (++column == 32) {
                out.write('\n');
                column = 0;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void close() throws IOException {
            out.write('>');
            out.close();
        }
    }

    /** Keeps the stream it wraps open when closed (an inline image's data is followed by more content). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * PDF LZWDecode with early change, written as the decoder reads it: a code table of up to 4,093 entries kept as a
     * trie, a Clear code when it is full, code widths from 9 to 12 bits following the decoder's table size.
     */
    private static final class LzwOutputStream extends OutputStream {
        private static final int CLEAR = 256;
        private static final int END = 257;
        private static final int FULL = 4093;
        private final OutputStream out;
        private final int[] children = new int[4096 * 256];
        private int nextCode = 258;
        private int prefix = -1;
        /** Codes the decoder will have read since the last Clear: its table has 258 + (codes - 1) entries. */
        private int codes;
        private long bits;
        private int bitCount;

        LzwOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            int value = b & 0xFF;
            if (prefix < 0) {
                prefix = value;
                return;
            }
            int child = children[prefix * 256 + value];
            if (child != 0) {
                prefix = child;
                return;
            }
            emit(prefix);
            children[prefix * 256 + value] = nextCode++;
            prefix = value;
            if (nextCode >= FULL) {
                emit(CLEAR);
                Arrays.fill(children, 0);
                nextCode = 258;
                codes = 0;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        private void emit(int code) throws IOException {
            int tableSize = codes == 0 ? 258 : 258 + codes - 1;
            int width = tableSize + 1 >= 2048 ? 12 : tableSize + 1 >= 1024 ? 11 : tableSize + 1 >= 512 ? 10 : 9;
            if (code != CLEAR && code != END) {
                codes++;
            }
            bits = (bits << width) | code;
            bitCount += width;
            while (bitCount >= 8) {
                out.write((int) (bits >>> (bitCount - 8)) & 0xFF);
                bitCount -= 8;
            }
        }

        @Override
        public void close() throws IOException {
            if (prefix >= 0) {
                emit(prefix);
            }
            emit(END);
            if (bitCount > 0) {
                out.write((int) (bits << (8 - bitCount)) & 0xFF);
            }
            out.close();
        }
    }

    // ------------------------------------------------------------------ bombs in image files

    /**
     * Receipt {@code receipt} as a PNG carrying a {@code zTXt} text chunk that inflates to {@code inflatedBytes}: the
     * pixels are a fine receipt, the metadata a decompression bomb.
     */
    public static byte[] zTxtBombPng(int receipt, long inflatedBytes) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write("Comment".getBytes(StandardCharsets.US_ASCII));
        data.write(0);
        data.write(0); // compression method: deflate
        try (OutputStream zlib = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_SPEED), 64 * 1024)) {
            writeBlanksAroundText(zlib, inflatedBytes);
        }
        return withChunkAfterHeader(receiptPng(receipt), "zTXt", data.toByteArray());
    }

    /** Receipt {@code receipt} as a PNG whose compressed international text ({@code iTXt}) inflates to {@code inflatedBytes}. */
    public static byte[] iTxtBombPng(int receipt, long inflatedBytes) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write("Description".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {0, 1, 0}); // end of keyword, compressed, deflate
        data.write(new byte[] {'e', 'n', 0, 0}); // language "en", no translated keyword
        try (OutputStream zlib = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_SPEED), 64 * 1024)) {
            writeBlanksAroundText(zlib, inflatedBytes);
        }
        return withChunkAfterHeader(receiptPng(receipt), "iTXt", data.toByteArray());
    }

    /** Receipt {@code receipt} as a PNG whose embedded colour profile ({@code iCCP}) inflates to {@code inflatedBytes}. */
    public static byte[] iccpBombPng(int receipt, long inflatedBytes) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write("bomb".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {0, 0});
        try (OutputStream zlib = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_SPEED), 64 * 1024)) {
            writeZeros(zlib, inflatedBytes);
        }
        return withChunkAfterHeader(receiptPng(receipt), "iCCP", data.toByteArray());
    }

    /**
     * Receipt {@code receipt} as a PNG whose XMP packet ({@code iTXt} keyword {@code XML:com.adobe.xmp}) declares an
     * external entity at {@code entityUrl}: a parser that resolves it makes a request there (XXE).
     */
    public static byte[] xxeXmpPng(int receipt, String entityUrl) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write("XML:com.adobe.xmp".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {0, 0, 0, 0, 0}); // end of keyword, uncompressed, method, no language, no translation
        data.write(xxeXmp(entityUrl).getBytes(StandardCharsets.UTF_8));
        return withChunkAfterHeader(receiptPng(receipt), "iTXt", data.toByteArray());
    }

    /** An XMP packet whose title is an external entity at {@code entityUrl}. */
    public static String xxeXmp(String entityUrl) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY probe SYSTEM \"" + entityUrl + "\">]>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:title>&probe;</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>";
    }

    /** {@code png} with one more chunk right after its header chunk (IHDR is always 8 + 25 bytes in). */
    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + data.length + 12);
        out.write(png, 0, 33);
        chunk(new DataOutputStream(out), type, data);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    /**
     * Receipt {@code receipt} as a two-page TIFF whose second page's "next page" offset points back at the first:
     * a reader that follows the chain without remembering where it has been never reaches the end.
     */
    public static byte[] tiffIfdLoop(int receipt) throws IOException {
        byte[] tiff = encodeTiff(List.of(receiptImage(receipt, BufferedImage.TYPE_BYTE_GRAY),
                receiptImage(receipt, BufferedImage.TYPE_BYTE_GRAY)));
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(tiff);
        buffer.order(tiff[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int first = buffer.getInt(4);
        int second = buffer.getInt(first + 2 + 12 * (buffer.getShort(first) & 0xFFFF));
        if (second == 0) {
            throw new IllegalStateException("the TIFF writer wrote one page");
        }
        buffer.putInt(second + 2 + 12 * (buffer.getShort(second) & 0xFFFF), first);
        return tiff;
    }

    private static byte[] encodeTiff(List<BufferedImage> pages) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * A progressive grey JPEG of {@code side}×{@code side} px (a multiple of 8) with one DC scan and then
     * {@code scans} AC scans that each cover every block with two or three end-of-band runs: a few bytes per scan,
     * and a pass over the whole image for the decoder every time. Repeated scans are a "bogus progression" that
     * decoders only warn about.
     */
    public static byte[] progressiveScanBombJpeg(int side, int scans) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream jpeg = new DataOutputStream(out);
        jpeg.writeShort(0xFFD8);
        jpeg.writeShort(0xFFDB); // one quantisation table of ones
        jpeg.writeShort(2 + 1 + 64);
        jpeg.writeByte(0);
        jpeg.write(filled(64, (byte) 1));
        jpeg.writeShort(0xFFC2); // progressive, 8-bit, one component
        jpeg.writeShort(11);
        jpeg.writeByte(8);
        jpeg.writeShort(side);
        jpeg.writeShort(side);
        jpeg.writeByte(1);
        jpeg.write(new byte[] {1, 0x11, 0});
        // DC table 0: one code, '0', for difference category 0; AC table 0: one code, '0', for EOB14 (0xE0)
        jpeg.writeShort(0xFFC4);
        jpeg.writeShort(2 + 2 * 17 + 2);
        jpeg.writeByte(0x00);
        jpeg.write(huffmanCounts());
        jpeg.writeByte(0x00);
        jpeg.writeByte(0x10);
        jpeg.write(huffmanCounts());
        jpeg.writeByte(0xE0);
        int blocks = (side / 8) * (side / 8);
        // the DC scan: one '0' bit per block
        startOfScan(jpeg, 0, 0);
        BitWriter dc = new BitWriter(jpeg);
        for (int block = 0; block < blocks; block++) {
            dc.write(0, 1);
        }
        dc.finish();
        for (int scan = 0; scan < scans; scan++) {
            startOfScan(jpeg, 1, 63);
            BitWriter ac = new BitWriter(jpeg);
            for (int covered = 0; covered < blocks; covered += 32_767) {
                ac.write(0, 1);          // EOB14
                ac.write(16_383, 14);    // a run of 2^14 + 16,383 = 32,767 blocks
            }
            ac.finish();
        }
        jpeg.writeShort(0xFFD9);
        return out.toByteArray();
    }

    private static byte[] huffmanCounts() {
        byte[] counts = new byte[16];
        counts[0] = 1;
        return counts;
    }

    private static void startOfScan(DataOutputStream jpeg, int start, int end) throws IOException {
        jpeg.writeShort(0xFFDA);
        jpeg.writeShort(8);
        jpeg.writeByte(1);
        jpeg.write(new byte[] {1, 0x00, (byte) start, (byte) end, 0});
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** Entropy-coded JPEG data: bits most significant first, 0xFF stuffed with 0x00, padded with ones. */
    private static final class BitWriter {
        private final OutputStream out;
        private int current;
        private int used;

        BitWriter(OutputStream out) {
            this.out = out;
        }

        void write(int value, int length) throws IOException {
            for (int bit = length - 1; bit >= 0; bit--) {
                current = (current << 1) | ((value >> bit) & 1);
                if (++used == 8) {
                    flushByte();
                }
            }
        }

        void finish() throws IOException {
            while (used != 0) {
                current = (current << 1) | 1;
                if (++used == 8) {
                    flushByte();
                }
            }
        }

        private void flushByte() throws IOException {
            out.write(current);
            if (current == 0xFF) {
                out.write(0);
            }
            current = 0;
            used = 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
