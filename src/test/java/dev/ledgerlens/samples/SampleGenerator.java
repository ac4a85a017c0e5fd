package dev.ledgerlens.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.UnaryOperator;

/**
 * Writes the sample documents of {@code sample-inputs/}: digital and scanned invoice PDFs, till-slip
 * receipt PDFs, receipt photos (PNG, JPEG, EXIF-rotated JPEG, TIFF), two broken files, and a golden
 * {@code <name>.expected.json} next to every good document.
 *
 * <p>The output is byte-stable: no clocks, no randomness, fixed PDF dates and document IDs, so that
 * re-running the generator on the same JDK and fonts leaves {@code git status} clean.
 *
 * <p>Run: {@code mvn -o -q test-compile exec:java -Dexec.mainClass=dev.ledgerlens.samples.SampleGenerator
 * -Dexec.classpathScope=test} (argument: output folder, default {@code sample-inputs}).
 * Not thread-safe; meant to be run once from the command line.
 */
public final class SampleGenerator {

    /** Fixed so that regenerated PDFs are byte-identical (PDFBox would otherwise stamp the current time). */
    private static final Calendar FIXED_PDF_DATE = fixedCalendar();

    private final Path outputDir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SampleGenerator(Path outputDir) {
        this.outputDir = outputDir;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path output = Path.of(args.length > 0 ? args[0] : "sample-inputs");
        Files.createDirectories(output);
        List<String> written = new SampleGenerator(output).writeAll();
        System.out.println("wrote " + written.size() + " files to " + output.toAbsolutePath());
    }

    /** Writes every sample and golden file; returns their names. */
    public List<String> writeAll() throws IOException {
        List<String> written = new ArrayList<>();
        for (Sample sample : Samples.all()) {
            String file = sample.fileName();
            Path target = outputDir.resolve(file);
            switch (sample.format()) {
                case INVOICE_PDF -> Files.write(target, invoicePdf(sample));
                case SCANNED_INVOICE_PDF -> Files.write(target, scannedPdf(invoicePdf(sample)));
                case RECEIPT_PDF -> Files.write(target, receiptPdf(sample));
                case RECEIPT_PNG -> Files.write(target, encode(receiptImage(sample), "png"));
                case RECEIPT_JPEG -> Files.write(target, jpeg(receiptImage(sample), 0.9f));
                case RECEIPT_JPEG_EXIF_ROTATED ->
                        Files.write(target, withExifOrientation6(jpeg(rotateCounterClockwise(receiptImage(sample)), 0.9f)));
                case RECEIPT_TIFF -> Files.write(target, tiff(receiptImage(sample)));
            }
            written.add(file);
            Path golden = outputDir.resolve(sample.name() + ".expected.json");
            Files.writeString(golden, json.writeValueAsString(sample.golden()) + "\n", StandardCharsets.UTF_8);
            written.add(golden.getFileName().toString());
        }
        // A valid PDF cut in half: the cross-reference table and trailer are gone.
        byte[] whole = invoicePdf(Samples.all().get(0));
        Files.write(outputDir.resolve("truncated.pdf"), Arrays.copyOf(whole, whole.length / 2));
        Files.write(outputDir.resolve("empty.pdf"), new byte[0]);
        written.add("truncated.pdf");
        written.add("empty.pdf");
        return written;
    }

    // ------------------------------------------------------------------ digital invoice

    private static final PDType1Font HELVETICA = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font HELVETICA_BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    byte[] invoicePdf(Sample s) throws IOException {
        Money money = s.money();
        List<List<Item>> pages = chunk(s.items(), s.rowsPerPage());
        try (PDDocument doc = new PDDocument()) {
            PDRectangle size = s.currency().equals("USD") ? PDRectangle.LETTER : PDRectangle.A4;
            float left = 50;
            float right = size.getWidth() - 50;
            for (int p = 0; p < pages.size(); p++) {
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                    float y = size.getHeight() - 60;
                    text(out, HELVETICA_BOLD, 16, left, y, s.storeName());
                    textRight(out, HELVETICA_BOLD, 20, right, y, "INVOICE");
                    y -= 18;
                    float headerY = y;
                    for (String line : s.addressLines()) {
                        text(out, HELVETICA, 10, left, y, line);
                        y -= 13;
                    }
                    if (s.vendorTaxId() != null) {
                        text(out, HELVETICA, 10, left, y, s.taxIdLabel() + " " + s.vendorTaxId());
                        y -= 13;
                    }
                    float ry = headerY;
                    textRight(out, HELVETICA, 10, right, ry, "Invoice no: " + s.invoiceNumber());
                    ry -= 13;
                    textRight(out, HELVETICA, 10, right, ry, "Invoice date: " + s.printedDate());
                    ry -= 13;
                    textRight(out, HELVETICA, 10, right, ry, "Due date: " + s.printedDueDate());
                    ry -= 13;
                    if (s.poNumber() != null) {
                        textRight(out, HELVETICA, 10, right, ry, "PO number: " + s.poNumber());
                        ry -= 13;
                    }
                    y = Math.min(y, ry) - 20;
                    if (p == 0 && !s.billTo().isEmpty()) {
                        text(out, HELVETICA_BOLD, 10, left, y, "Bill to:");
                        y -= 13;
                        for (String line : s.billTo()) {
                            text(out, HELVETICA, 10, left, y, line);
                            y -= 13;
                        }
                        y -= 12;
                    } else if (p > 0) {
                        text(out, HELVETICA, 10, left, y, "(continued from page " + p + ")");
                        y -= 25;
                    }
                    float qtyX = right - 190;
                    float unitX = right - 95;
                    text(out, HELVETICA_BOLD, 10, left, y, "Description");
                    textRight(out, HELVETICA_BOLD, 10, qtyX, y, "Qty");
                    textRight(out, HELVETICA_BOLD, 10, unitX, y, "Unit price");
                    textRight(out, HELVETICA_BOLD, 10, right, y, "Amount");
                    y -= 5;
                    rule(out, left, right, y);
                    y -= 14;
                    for (Item item : pages.get(p)) {
                        text(out, HELVETICA, 10, left, y, item.name());
                        textRight(out, HELVETICA, 10, qtyX, y, money.quantity(item.qty()));
                        textRight(out, HELVETICA, 10, unitX, y, money.plain(item.unitPrice()));
                        textRight(out, HELVETICA, 10, right, y, money.plain(item.price()));
                        y -= 16;
                    }
                    rule(out, left, right, y + 8);
                    if (p == pages.size() - 1) {
                        y -= 12;
                        float labelX = right - 110;
                        textRight(out, HELVETICA, 10, labelX, y, "Subtotal");
                        textRight(out, HELVETICA, 10, right, y, money.symbol(s.subtotal()));
                        y -= 15;
                        for (TaxLine line : s.taxLines()) {
                            textRight(out, HELVETICA, 10, labelX, y, s.taxLabel() + " " + money.quantity(line.rate()) + "%");
                            textRight(out, HELVETICA, 10, right, y, money.symbol(line.amount()));
                            y -= 15;
                        }
                        textRight(out, HELVETICA_BOLD, 11, labelX, y, "Total due");
                        textRight(out, HELVETICA_BOLD, 11, right, y, money.symbol(s.total()));
                        y -= 30;
                        text(out, HELVETICA, 9, left, y, "Payment within " + s.paymentTermsDays()
                                + " days of the invoice date. Thank you for your business.");
                    } else {
                        y -= 12;
                        textRight(out, HELVETICA, 9, right, y, "continued on page " + (p + 2));
                    }
                    textRight(out, HELVETICA, 8, right, 30, "Page " + (p + 1) + " of " + pages.size());
                }
            }
            return save(doc);
        }
    }

    /** The invoice as a scanner would deliver it: each page one full-page greyscale JPEG, no text layer. */
    byte[] scannedPdf(byte[] digitalPdf) throws IOException {
        return scannedPdf(digitalPdf, 0.6f, UnaryOperator.identity());
    }

    /**
     * Each page of {@code digitalPdf} rendered grey at 200 DPI (10 pt text becomes ~28 px, what OCR needs), passed
     * through {@code scanner} (a skew, noise), and embedded as one full-page JPEG of {@code quality}: no text layer.
     */
    static byte[] scannedPdf(byte[] digitalPdf, float quality, UnaryOperator<BufferedImage> scanner) throws IOException {
        try (PDDocument digital = Loader.loadPDF(digitalPdf); PDDocument scan = new PDDocument()) {
            PDFRenderer renderer = new PDFRenderer(digital);
            for (int i = 0; i < digital.getNumberOfPages(); i++) {
                PDRectangle size = digital.getPage(i).getMediaBox();
                BufferedImage image = scanner.apply(renderer.renderImageWithDPI(i, 200, ImageType.GRAY));
                PDPage page = new PDPage(size);
                scan.addPage(page);
                PDImageXObject xobject = JPEGFactory.createFromImage(scan, image, quality, 200);
                try (PDPageContentStream out = new PDPageContentStream(scan, page)) {
                    out.drawImage(xobject, 0, 0, size.getWidth(), size.getHeight());
                }
            }
            return save(scan);
        }
    }

    // ------------------------------------------------------------------ receipts

    /** One printed line of a till slip: left text, optional right-aligned amount, centred or bold. */
    record SlipLine(String left, String right, boolean centred, boolean bold) {
        static SlipLine centred(String text, boolean bold) {
            return new SlipLine(text, null, true, bold);
        }

        static SlipLine of(String left, String right) {
            return new SlipLine(left, right, false, false);
        }

        static SlipLine bold(String left, String right) {
            return new SlipLine(left, right, false, true);
        }
    }

    static List<SlipLine> slip(Sample s) {
        Money money = s.money();
        List<SlipLine> lines = new ArrayList<>();
        lines.add(SlipLine.centred(s.storeName(), true));
        for (String line : s.addressLines()) {
            lines.add(SlipLine.centred(line, false));
        }
        lines.add(SlipLine.of("", null));
        lines.add(SlipLine.of("Date: " + s.printedDate(), "Time: " + s.time().format(DateTimeFormatter.ofPattern("HH:mm"))));
        lines.add(SlipLine.of("-".repeat(32), null));
        for (Item item : s.items()) {
            lines.add(SlipLine.of(item.name(), null));
            lines.add(SlipLine.of("  " + money.quantity(item.qty()) + " x " + money.plain(item.unitPrice()),
                    money.plain(item.price())));
        }
        lines.add(SlipLine.of("-".repeat(32), null));
        lines.add(SlipLine.of("SUBTOTAL", money.plain(s.subtotal())));
        if (s.discount() != null) {
            lines.add(SlipLine.of("DISCOUNT", "-" + money.plain(s.discount())));
        }
        lines.add(SlipLine.of("TAX", money.plain(s.tax())));
        if (s.tip() != null) {
            lines.add(SlipLine.of("TIP", money.plain(s.tip())));
        }
        lines.add(SlipLine.bold("TOTAL", money.symbol(s.total())));
        lines.add(SlipLine.of("", null));
        lines.add(SlipLine.of("PAID BY " + s.paymentMethod(), money.symbol(s.total())));
        lines.add(SlipLine.of("", null));
        lines.add(SlipLine.centred("THANK YOU, COME AGAIN", false));
        return lines;
    }

    byte[] receiptPdf(Sample s) throws IOException {
        List<SlipLine> lines = slip(s);
        float fontSize = 9;
        float leading = 12;
        float width = 226; // 80 mm till roll
        float height = 40 + lines.size() * leading;
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            doc.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                float y = height - 24;
                for (SlipLine line : lines) {
                    // Helvetica, not Courier: machines without Courier substitute a proportional font at Courier's
                    // widths, and the rendered slip then reads "Vol l kor nbr ot" to OCR and to the model.
                    PDType1Font font = line.bold() ? HELVETICA_BOLD : HELVETICA;
                    if (line.centred()) {
                        float w = font.getStringWidth(line.left()) / 1000 * fontSize;
                        text(out, font, fontSize, (width - w) / 2, y, line.left());
                    } else {
                        if (!line.left().isEmpty()) {
                            text(out, font, fontSize, 12, y, line.left());
                        }
                        if (line.right() != null) {
                            textRight(out, font, fontSize, width - 12, y, line.right());
                        }
                    }
                    y -= leading;
                }
            }
            return save(doc);
        }
    }

    /**
     * The upright drawing of an image sample (before any EXIF turning or lossy encoding), so tests can compare
     * what the renderer produced with what the photo shows.
     */
    public static BufferedImage uprightReceiptImage(String sampleName) {
        return receiptImage(Samples.all().stream().filter(sample -> sample.name().equals(sampleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample " + sampleName)));
    }

    /** A photo-like receipt: black text on white at ~300 DPI-equivalent size (40 px font, ~29 px capitals). */
    static BufferedImage receiptImage(Sample s) {
        return drawSlip(slip(s), 40, 56, 1000, 50, 60);
    }

    /**
     * A till slip's lines drawn black on white in a monospaced font: {@code fontPx} high, {@code leading} apart,
     * {@code margin} from the left and right edges, {@code top} above the first line and below the last.
     */
    static BufferedImage drawSlip(List<SlipLine> lines, int fontPx, int leading, int width, int margin, int top) {
        int height = 2 * top + lines.size() * leading;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            Font plain = new Font(monospacedFamily(), Font.PLAIN, fontPx);
            Font bold = plain.deriveFont(Font.BOLD);
            int y = top + fontPx;
            for (SlipLine line : lines) {
                g.setFont(line.bold() ? bold : plain);
                FontMetrics metrics = g.getFontMetrics();
                if (line.centred()) {
                    g.drawString(line.left(), (width - metrics.stringWidth(line.left())) / 2, y);
                } else {
                    g.drawString(line.left(), margin, y);
                    if (line.right() != null) {
                        g.drawString(line.right(), width - margin - metrics.stringWidth(line.right()), y);
                    }
                }
                y += leading;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** DejaVu Sans Mono where installed (Debian's default JDK fonts), else the JDK's logical monospaced font. */
    private static String monospacedFamily() {
        return Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT))
                .contains("DejaVu Sans Mono") ? "DejaVu Sans Mono" : Font.MONOSPACED;
    }

    /** The stored pixels of a photo taken with the phone turned: EXIF orientation 6 turns them back upright. */
    static BufferedImage rotateCounterClockwise(BufferedImage upright) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, upright.getType());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Raster samples, not getRGB/setRGB: those convert grey through sRGB and shift the levels.
                stored.getRaster().setSample(y, w - 1 - x, 0, upright.getRaster().getSample(x, y, 0));
            }
        }
        return stored;
    }

    /**
     * Inserts an APP1 Exif segment with Orientation = 6 right after the JPEG's SOI marker. ImageIO's JPEG
     * writer cannot write Exif, and the segment is small enough to spell out byte by byte.
     */
    static byte[] withExifOrientation6(byte[] jpeg) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        byte[] tiff = {
                'M', 'M', 0, 42, 0, 0, 0, 8,           // big-endian TIFF header, IFD0 at offset 8
                0, 1,                                   // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation (0x0112), SHORT, count 1, value 6
                0, 0, 0, 0                              // no next IFD
        };
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ encoding

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    /** LZW-compressed: an uncompressed TIFF of a receipt is over a megabyte. */
    static byte[] tiff(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("LZW");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setCreator("Ledgerlens sample generator");
        info.setCreationDate(FIXED_PDF_DATE);
        info.setModificationDate(FIXED_PDF_DATE);
        // A fixed /ID: without one PDFBox derives it from the current time and every run differs.
        COSArray id = new COSArray();
        id.add(new COSString("ledgerlens-sample".getBytes(StandardCharsets.US_ASCII)));
        id.add(new COSString("ledgerlens-sample".getBytes(StandardCharsets.US_ASCII)));
        doc.getDocument().getTrailer().setItem(COSName.ID, id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out);
        return out.toByteArray();
    }

    private static Calendar fixedCalendar() {
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        calendar.clear();
        calendar.set(2026, Calendar.NOVEMBER, 1, 9, 0, 0);
        return calendar;
    }

    private static void text(PDPageContentStream out, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(text);
        out.endText();
    }

    private static void textRight(PDPageContentStream out, PDType1Font font, float size, float right, float y,
                                  String text) throws IOException {
        float width = font.getStringWidth(text) / 1000 * size;
        text(out, font, size, right - width, y, text);
    }

    private static void rule(PDPageContentStream out, float left, float right, float y) throws IOException {
        out.setLineWidth(0.5f);
        out.moveTo(left, y);
        out.lineTo(right, y);
        out.stroke();
    }

    private static <T> List<List<T>> chunk(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    // ------------------------------------------------------------------ the sample data

    enum Format {
        INVOICE_PDF("pdf"), SCANNED_INVOICE_PDF("pdf"), RECEIPT_PDF("pdf"), RECEIPT_PNG("png"), RECEIPT_JPEG("jpg"),
        RECEIPT_JPEG_EXIF_ROTATED("jpg"), RECEIPT_TIFF("tif");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    /** One line item; the line amount is qty × unit price, rounded half-up to cents. */
    record Item(String name, BigDecimal qty, BigDecimal unitPrice) {
        static Item of(String name, String qty, String unitPrice) {
            return new Item(name, new BigDecimal(qty), new BigDecimal(unitPrice));
        }

        BigDecimal price() {
            return qty.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
        }
    }

    /** One printed tax line; rate in percent. */
    record TaxLine(BigDecimal rate, BigDecimal amount) {
    }

    /** How amounts are printed in a currency: "$1,234.56", "1.234,56 €", "£1,234.56". */
    record Money(String currency) {
        DecimalFormat format() {
            DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
            boolean european = currency.equals("EUR");
            symbols.setGroupingSeparator(european ? '.' : ',');
            symbols.setDecimalSeparator(european ? ',' : '.');
            return new DecimalFormat("#,##0.00", symbols);
        }

        String plain(BigDecimal amount) {
            return format().format(amount);
        }

        String symbol(BigDecimal amount) {
            return switch (currency) {
                case "USD" -> "$" + plain(amount);
                case "EUR" -> plain(amount) + " €";
                case "GBP" -> "£" + plain(amount);
                default -> throw new IllegalArgumentException(currency);
            };
        }

        String quantity(BigDecimal qty) {
            String text = qty.stripTrailingZeros().toPlainString();
            return currency.equals("EUR") ? text.replace('.', ',') : text;
        }
    }

    /**
     * One sample document and what a correct extraction of it is. {@code printedSubtotal} is normally
     * Σ items; the needs_review sample prints a subtotal that does not match its lines.
     */
    record Sample(String name, Format format, String documentType, String storeName, List<String> addressLines,
                  LocalDate date, LocalTime time, List<Item> items, BigDecimal printedSubtotal,
                  List<TaxLine> taxLines, BigDecimal receiptTax, BigDecimal tip, BigDecimal discount,
                  String currency, String paymentMethod, String invoiceNumber, LocalDate dueDate,
                  String vendorTaxId, List<String> billTo, String poNumber, int rowsPerPage, String status) {

        String fileName() {
            return name + "." + format.extension;
        }

        Money money() {
            return new Money(currency);
        }

        BigDecimal itemsSum() {
            return items.stream().map(Item::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal subtotal() {
            return printedSubtotal != null ? printedSubtotal : itemsSum();
        }

        BigDecimal tax() {
            if (receiptTax != null) {
                return receiptTax;
            }
            return taxLines.stream().map(TaxLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal total() {
            BigDecimal total = subtotal().add(tax());
            if (tip != null) {
                total = total.add(tip);
            }
            if (discount != null) {
                total = total.subtract(discount);
            }
            return total;
        }

        String taxLabel() {
            return currency.equals("USD") ? "Sales tax" : "VAT";
        }

        String taxIdLabel() {
            return switch (currency) {
                case "USD" -> "EIN:";
                case "EUR" -> "VAT ID:";
                default -> "VAT reg. no.:";
            };
        }

        long paymentTermsDays() {
            return java.time.temporal.ChronoUnit.DAYS.between(date, dueDate);
        }

        private DateTimeFormatter dateFormat() {
            return switch (currency) {
                case "USD" -> documentType.equals("invoice")
                        ? DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US)
                        : DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US);
                case "EUR" -> DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.ROOT);
                default -> DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);
            };
        }

        String printedDate() {
            return date.format(dateFormat());
        }

        String printedDueDate() {
            return dueDate.format(dateFormat());
        }

        /** The golden file's content: normalised values, every schema field present. */
        Map<String, Object> golden() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("document_type", documentType);
            fields.put("store_name", storeName);
            // the printed rows run on with a space, as the offline engine joins them by default (ledgerlens.offline.address-join)
            fields.put("store_address", String.join(" ", addressLines));
            fields.put("date", date.toString());
            fields.put("time", time == null ? null : time.format(DateTimeFormatter.ofPattern("HH:mm")));
            List<Map<String, Object>> goldenItems = new ArrayList<>();
            for (Item item : items) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", item.name());
                row.put("qty", item.qty().stripTrailingZeros().toPlainString());
                row.put("unit_price", item.unitPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString());
                row.put("price", item.price().toPlainString());
                goldenItems.add(row);
            }
            fields.put("items", goldenItems);
            fields.put("subtotal", subtotal().toPlainString());
            fields.put("tax", tax().toPlainString());
            fields.put("tip", tip == null ? null : tip.toPlainString());
            fields.put("discount", discount == null ? null : discount.toPlainString());
            fields.put("total", total().toPlainString());
            fields.put("currency", currency);
            fields.put("payment_method", paymentMethod);
            fields.put("invoice_number", invoiceNumber);
            fields.put("due_date", dueDate == null ? null : dueDate.toString());
            fields.put("vendor_tax_id", vendorTaxId);
            fields.put("bill_to", billTo.isEmpty() ? null : String.join(", ", billTo));
            fields.put("po_number", poNumber);
            List<Map<String, Object>> goldenTaxLines = new ArrayList<>();
            for (TaxLine line : taxLines) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("rate", line.rate().stripTrailingZeros().toPlainString());
                row.put("amount", line.amount().toPlainString());
                goldenTaxLines.add(row);
            }
            fields.put("tax_lines", goldenTaxLines);
            Map<String, Object> golden = new LinkedHashMap<>();
            golden.put("status", status);
            golden.put("fields", fields);
            return golden;
        }
    }

    /** The sample set. Days are above 12 so that day-first and month-first dates cannot be confused. */
    static final class Samples {
        private Samples() {
        }

        static BigDecimal money(String value) {
            return new BigDecimal(value);
        }

        static TaxLine tax(String rate, BigDecimal base) {
            BigDecimal r = new BigDecimal(rate);
            return new TaxLine(r, base.multiply(r).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP));
        }

        static Sample invoice(String name, Format format, String vendor, List<String> address, LocalDate date,
                              int termsDays, List<Item> items, BigDecimal printedSubtotal, List<String> rates,
                              String currency, String invoiceNumber, String taxId, List<String> billTo,
                              String po, int rowsPerPage, String status) {
            BigDecimal base = printedSubtotal != null ? printedSubtotal
                    : items.stream().map(Item::price).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<TaxLine> taxLines = new ArrayList<>();
            if (rates.size() == 1) {
                taxLines.add(tax(rates.get(0), base));
            } else {
                // Several rates: each applies to its share of the lines, given here as "rate:base" pairs.
                for (String pair : rates) {
                    String[] parts = pair.split(":");
                    taxLines.add(tax(parts[0], new BigDecimal(parts[1])));
                }
            }
            return new Sample(name, format, "invoice", vendor, address, date, null, items, printedSubtotal,
                    taxLines, null, null, null, currency, null, invoiceNumber, date.plusDays(termsDays), taxId,
                    billTo, po, rowsPerPage, status);
        }

        static Sample receipt(String name, Format format, String store, List<String> address, LocalDate date,
                              LocalTime time, List<Item> items, String taxAmount, String tip, String discount,
                              String currency, String payment) {
            return new Sample(name, format, "receipt", store, address, date, time, items, null, List.of(),
                    money(taxAmount), tip == null ? null : money(tip), discount == null ? null : money(discount),
                    currency, payment, null, null, null, List.of(), null, Integer.MAX_VALUE, "valid");
        }

        static List<Item> officeItems(int count) {
            String[][] catalogue = {
                    {"A4 copier paper, 500 sheets", "4.50"}, {"Ballpoint pens, box of 50", "12.90"},
                    {"Stapler, heavy duty", "18.75"}, {"Staples 26/6, 5000", "3.20"},
                    {"Lever arch file, blue", "2.85"}, {"Sticky notes 76x76, 12 pads", "7.40"},
                    {"Whiteboard markers, 4 colours", "6.95"}, {"Desk organiser", "14.50"},
                    {"Printer toner cartridge", "89.00"}, {"Laminating pouches A4, 100", "11.60"},
                    {"Envelopes C5, 500", "24.30"}, {"Highlighters, pack of 6", "5.15"},
                    {"Cable ties, 200", "4.05"}, {"USB stick 64 GB", "9.99"},
                    {"Archive boxes, 10", "21.40"}, {"Scissors 21 cm", "3.75"},
            };
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String[] entry = catalogue[i % catalogue.length];
                String name = i < catalogue.length ? entry[0] : entry[0] + " (batch " + (i / catalogue.length + 1) + ")";
                items.add(Item.of(name, String.valueOf(1 + (i * 7) % 5), entry[1]));
            }
            return items;
        }

        static List<Sample> all() {
            List<Sample> samples = new ArrayList<>();
            samples.add(invoice("invoice-usd-1page", Format.INVOICE_PDF, "Brightline Consulting LLC",
                    List.of("455 Market Street, Suite 900", "San Francisco, CA 94105"), LocalDate.of(2026, 10, 14),
                    30, List.of(Item.of("Process review workshop", "2.5", "120.00"),
                            Item.of("Data migration, fixed fee", "1", "1450.00"),
                            Item.of("Travel expenses", "1", "236.40")),
                    null, List.of("8.5"), "USD", "BL-10427", "94-1234567",
                    List.of("Harbor Freight Logistics", "18 Pier Avenue, Oakland, CA 94607"), "PO-7781", 20, "valid"));
            samples.add(invoice("invoice-eur-2page", Format.INVOICE_PDF, "Müller & Weber GmbH",
                    List.of("Königstraße 28", "70173 Stuttgart, Deutschland"), LocalDate.of(2026, 9, 23), 14,
                    officeItems(18), null, List.of("19"), "EUR", "RE-2026-0815", "DE812345678",
                    List.of("Lindqvist Design AB", "Sveavägen 44, 111 34 Stockholm"), null, 12, "valid"));
            samples.add(invoice("invoice-gbp-3page", Format.INVOICE_PDF, "Pennine Trade Supplies Ltd",
                    List.of("7 Canal Wharf", "Manchester M1 3LQ"), LocalDate.of(2026, 11, 16), 30,
                    officeItems(30), null, List.of("20"), "GBP", "PTS-58213", "GB987654321",
                    List.of("Calder Valley Schools Trust", "1 Mill Lane, Hebden Bridge HX7 8AD"), "CV-2026-114", 12,
                    "valid"));
            samples.add(invoice("invoice-eur-two-rates", Format.INVOICE_PDF, "Boulangerie Lefèvre SARL",
                    List.of("12 rue des Martyrs", "75009 Paris, France"), LocalDate.of(2026, 10, 20), 30,
                    List.of(Item.of("Croissants au beurre", "120", "0.95"), Item.of("Pain de campagne", "40", "3.10"),
                            Item.of("Location vitrine réfrigérée", "1", "250.00")),
                    null, List.of("5.5:238.00", "20:250.00"), "EUR", "F-2026-1093", "FR40123456789",
                    List.of("Hôtel du Parc", "3 avenue Foch, 75116 Paris"), null, 20, "valid"));
            samples.add(invoice("invoice-usd-items-mismatch", Format.INVOICE_PDF, "Cascade Print & Sign Co.",
                    List.of("2120 Western Avenue", "Seattle, WA 98121"), LocalDate.of(2026, 10, 29), 15,
                    List.of(Item.of("Vinyl banner 3x8 ft", "2", "84.00"), Item.of("Business cards, 500", "4", "39.50"),
                            Item.of("Design proof", "1", "45.00")),
                    money("420.00"), List.of("10.1"), "USD", "CP-3316", null, List.of("Evergreen Dental Clinic",
                            "900 Pine Street, Seattle, WA 98101"), null, 20, "needs_review"));
            samples.add(invoice("invoice-gbp-scanned", Format.SCANNED_INVOICE_PDF, "Northwind Office Supply",
                    List.of("12 Harbour Road", "Leeds LS1 4AB"), LocalDate.of(2026, 10, 14), 30,
                    List.of(Item.of("A4 paper, 500 sheets", "2", "4.50"), Item.of("Box files, pack of 5", "3", "8.20"),
                            Item.of("Desk lamp LED", "1", "27.99")),
                    null, List.of("20"), "GBP", "INV-2026-0042", "GB123456789", List.of(), null, 20, "valid"));

            samples.add(receipt("receipt-usd-diner", Format.RECEIPT_PDF, "BLUE PLATE DINER",
                    List.of("88 Route 9", "Kingston, NY 12401"), LocalDate.of(2026, 10, 17), LocalTime.of(12, 47),
                    List.of(Item.of("Cheeseburger", "2", "11.50"), Item.of("Caesar salad", "1", "9.25"),
                            Item.of("Iced tea", "3", "2.75")),
                    "3.06", "6.00", null, "USD", "VISA"));
            samples.add(receipt("receipt-eur-market", Format.RECEIPT_PDF, "BIOMARKT GRÜNHOF",
                    List.of("Marktplatz 5", "79098 Freiburg"), LocalDate.of(2026, 11, 13), LocalTime.of(9, 5),
                    List.of(Item.of("Vollkornbrot", "1", "3.49"), Item.of("Bio Milch 1L", "2", "1.29"),
                            Item.of("Äpfel Elstar kg", "2", "2.99"), Item.of("Bergkäse 200g", "1", "4.79")),
                    "1.38", null, "2.00", "EUR", "EC-KARTE"));
            samples.add(receipt("receipt-gbp-hardware", Format.RECEIPT_PDF, "TOOLS & TIMBER",
                    List.of("31 Station Road", "Bristol BS1 6QF"), LocalDate.of(2026, 10, 24), LocalTime.of(16, 20),
                    List.of(Item.of("Wood screws 4x40 200", "2", "5.49"), Item.of("Sandpaper assorted", "1", "6.99"),
                            Item.of("Paint brush 50mm", "3", "3.25")),
                    "5.09", null, null, "GBP", "CASH"));
            samples.add(receipt("receipt-usd-grocery-png", Format.RECEIPT_PNG, "FRESH MART",
                    List.of("221 Elm Street", "Springfield, IL 62704"), LocalDate.of(2026, 10, 15), LocalTime.of(18, 32),
                    List.of(Item.of("Bananas", "6", "0.29"), Item.of("Whole milk", "2", "3.49"),
                            Item.of("Sourdough bread", "1", "4.99"), Item.of("Eggs dozen", "1", "3.89")),
                    "1.29", null, null, "USD", "CASH"));
            samples.add(receipt("receipt-gbp-cafe-jpeg", Format.RECEIPT_JPEG, "THE COPPER KETTLE",
                    List.of("4 Abbey Street", "Bath BA1 1NN"), LocalDate.of(2026, 10, 18), LocalTime.of(10, 14),
                    List.of(Item.of("Flat white", "2", "3.20"), Item.of("Cheese scone", "2", "2.95"),
                            Item.of("Orange juice", "1", "2.60")),
                    "3.00", null, null, "GBP", "CARD"));
            samples.add(receipt("receipt-usd-pharmacy-exif-rotated", Format.RECEIPT_JPEG_EXIF_ROTATED, "CORNER PHARMACY",
                    List.of("1500 Oak Avenue", "Austin, TX 78701"), LocalDate.of(2026, 11, 19), LocalTime.of(8, 55),
                    List.of(Item.of("Ibuprofen 200mg", "1", "7.49"), Item.of("Bandages", "2", "4.25"),
                            Item.of("Hand cream", "1", "6.80")),
                    "1.86", null, null, "USD", "MASTERCARD"));
            // Printed without umlauts, as many till printers do: the offline engine's OCR model (eng, the only
            // one on Maven Central) cannot produce Ä or ß; umlauts in text-layer PDFs are covered by the invoices.
            samples.add(receipt("receipt-eur-bakery-tiff", Format.RECEIPT_TIFF, "BAECKEREI SONNENSCHEIN",
                    List.of("Hauptstrasse 12", "69117 Heidelberg"), LocalDate.of(2026, 10, 31), LocalTime.of(7, 42),
                    List.of(Item.of("Brezel", "4", "0.85"), Item.of("Roggenbrot", "1", "3.60"),
                            Item.of("Kaffee", "2", "2.40")),
                    "0.95", null, null, "EUR", "BAR"));
            return samples;
        }
    }
}
