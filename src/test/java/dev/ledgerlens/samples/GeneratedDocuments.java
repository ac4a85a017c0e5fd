package dev.ledgerlens.samples;

import dev.ledgerlens.samples.SampleGenerator.SlipLine;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Invoices and receipts made up for tests, in several layouts and languages, as a text-layer PDF, a scanned PDF or a
 * phone photo, each with the values it prints. No vendor's template: the layouts are the common ways invoices are set
 * (a table under a header row, label–value blocks, a two-column letter head, a totals box) and receipts a till slip;
 * the words are each language's usual ones ({@link Wording}). Documents are made in memory; {@link #main} writes them to
 * a folder for a look or for measuring ({@code docs/benchmarks.md}), never into the repository.
 *
 * <p>Deterministic: the same seed gives the same documents. Stateless.
 */
public final class GeneratedDocuments {
    /** How an invoice is set on the page. */
    public enum Layout {
        /** Vendor top left, title and "label: value" lines top right, customer block, a table under a header row, totals right. */
        TABLE,
        /** Title first, then label and value in two columns without colons, a numbered item table, totals as label–value rows. */
        LABEL_BLOCKS,
        /** A letter: customer in the address window (under a one-line sender), vendor block on the right, labels over values. */
        TWO_COLUMN,
        /** Vendor centred, customer on the right, totals in a box at the right with ISO currency codes, vendor again in the footer. */
        TOTALS_BOX,
        /** A till receipt (80 mm roll). */
        RECEIPT
    }

    /** What the document is as a file. */
    public enum Medium {
        /** A PDF with its text layer. */
        TEXT_PDF("pdf"),
        /** A PDF of page images, as a flatbed scanner makes it: slightly turned, grey, noisy. */
        SCANNED_PDF("pdf"),
        /** A phone photo (JPEG) of the page on a table: perspective, uneven light, blur. */
        PHOTO("jpg");

        final String extension;

        Medium(String extension) {
            this.extension = extension;
        }
    }

    /** One item line: description, quantity, unit price, tax rate in percent. */
    public record Line(String name, BigDecimal qty, BigDecimal unitPrice, BigDecimal rate) {
        public BigDecimal price() {
            return qty.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
        }
    }

    /** Tax at one rate: the rate in percent, the taxed base, the tax. */
    public record TaxAtRate(BigDecimal rate, BigDecimal base, BigDecimal amount) {
    }

    /**
     * What a generated document prints, the values a reader should find.
     *
     * @param vendor        the issuer's name as printed
     * @param invoiceNumber the invoice's (or receipt's) number
     * @param dueDate       null on receipts
     * @param subtotal      the amount before tax; null where not printed (European till receipts show tax included)
     */
    public record Expected(String vendor, String invoiceNumber, LocalDate date, LocalDate dueDate, BigDecimal subtotal,
                           BigDecimal tax, List<TaxAtRate> taxLines, BigDecimal total, String currency, List<Line> items) {
    }

    /** One generated document: its file name, language, layout and medium, its bytes and what it prints. */
    public record Document(String name, Wording wording, Layout layout, Medium medium, byte[] bytes, Expected expected) {
        public String fileName() {
            return name + "." + medium.extension;
        }

        public String language() {
            return wording.code();
        }
    }

    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    private final long seed;

    public GeneratedDocuments(long seed) {
        this.seed = seed;
    }

    /** Writes the full set into a folder (argument 1, default {@code target/generated-documents}) with a {@code .expected.txt} per document. */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path folder = Path.of(args.length > 0 ? args[0] : "target/generated-documents");
        Files.createDirectories(folder);
        GeneratedDocuments generator = new GeneratedDocuments(args.length > 1 ? Long.parseLong(args[1]) : 14);
        List<Document> documents = generator.textInvoices();
        documents = new ArrayList<>(documents);
        documents.addAll(generator.scannedInvoices());
        documents.addAll(generator.photographedReceipts());
        documents.addAll(generator.handheldReceipts());
        for (Document document : documents) {
            Files.write(folder.resolve(document.fileName()), document.bytes());
            Files.writeString(folder.resolve(document.name() + ".expected.txt"), document.expected().toString() + "\n");
        }
        System.out.println("wrote " + documents.size() + " documents to " + folder.toAbsolutePath());
    }

    /** Every language in every invoice layout, as text-layer PDFs. */
    public List<Document> textInvoices() {
        List<Document> documents = new ArrayList<>();
        List<Wording> languages = Wording.all();
        for (int l = 0; l < languages.size(); l++) {
            for (Layout layout : List.of(Layout.TABLE, Layout.LABEL_BLOCKS, Layout.TWO_COLUMN, Layout.TOTALS_BOX)) {
                documents.add(document(languages.get(l), layout, Medium.TEXT_PDF, l * 10 + layout.ordinal()));
            }
        }
        return documents;
    }

    /** One scanned invoice per language, the layouts taken in turn. */
    public List<Document> scannedInvoices() {
        List<Document> documents = new ArrayList<>();
        List<Wording> languages = Wording.all();
        Layout[] layouts = {Layout.TABLE, Layout.LABEL_BLOCKS, Layout.TWO_COLUMN, Layout.TOTALS_BOX};
        for (int l = 0; l < languages.size(); l++) {
            documents.add(document(languages.get(l), layouts[l % layouts.length], Medium.SCANNED_PDF, 100 + l));
        }
        return documents;
    }

    /** One photographed till receipt per language; one of them taken upside down, one an invoice photographed. */
    public List<Document> photographedReceipts() {
        List<Document> documents = new ArrayList<>();
        List<Wording> languages = Wording.all();
        for (int l = 0; l < languages.size(); l++) {
            documents.add(document(languages.get(l), Layout.RECEIPT, Medium.PHOTO, 200 + l));
        }
        documents.add(document(Wording.german(), Layout.TABLE, Medium.PHOTO, 300));
        return documents;
    }

    /**
     * One till receipt per language photographed as people do it in a hurry: held at an angle (turned by 2 to 5°, its top
     * edge 10 to 20 % narrower than its bottom), half in a shadow, from far enough that its capitals are 8 to 10 px high.
     */
    public List<Document> handheldReceipts() {
        List<Document> documents = new ArrayList<>();
        List<Wording> languages = Wording.all();
        for (int l = 0; l < languages.size(); l++) {
            documents.add(handheldReceipt(languages.get(l), 400 + l));
        }
        return documents;
    }

    /** A till receipt of {@code wording}'s language photographed at an angle, in a shadow, at a low resolution. */
    public Document handheldReceipt(Wording wording, int variant) {
        Random random = new Random(seed * 1_000_003L + variant);
        Spec spec = spec(wording, Layout.RECEIPT, variant, random);
        BufferedImage page = slipImage(spec);
        // a 0.3-megapixel frame: what is left of a receipt in a phone photo of the whole desk, or a messenger's thumbnail
        int width = 480;
        int height = 640;
        double degrees = (random.nextBoolean() ? 1 : -1) * (2 + 3 * random.nextDouble());
        double keystone = 0.10 + 0.10 * random.nextDouble();
        double[][] corners = PhotoEffects.handheldCorners(page, width, height, 0.85, degrees, keystone);
        BufferedImage photo = PhotoEffects.photograph(page, width, height, corners, 0.35, random);
        try {
            return new Document("receipt-" + wording.code() + "-handheld-photo", wording, Layout.RECEIPT, Medium.PHOTO,
                    SampleGenerator.jpeg(photo, 0.85f), spec.expected());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One document of {@code wording}'s language in {@code layout} and {@code medium}; {@code variant} picks its values. */
    public Document document(Wording wording, Layout layout, Medium medium, int variant) {
        Random random = new Random(seed * 1_000_003L + variant);
        Spec spec = spec(wording, layout, variant, random);
        String name = (layout == Layout.RECEIPT ? "receipt-" : "invoice-") + wording.code() + "-"
                + layout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + medium.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        try {
            byte[] bytes = switch (medium) {
                case TEXT_PDF -> pdf(spec);
                case SCANNED_PDF -> scannedPdf(pdf(spec), random);
                case PHOTO -> photo(spec, random);
            };
            return new Document(name, wording, layout, medium, bytes, spec.expected());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ values

    /** Everything a document prints. */
    record Spec(Wording w, Layout layout, int variant, String vendor, String street, String city, String taxId,
                String customer, String customerStreet, String customerCity, String number, String customerNumber,
                LocalDate date, LocalDate due, LocalTime time, boolean namedDate, List<Line> lines) {

        BigDecimal subtotal() {
            return lines.stream().map(Line::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** Tax per rate, on the sum of the lines at that rate, rounded half up: how invoicing software computes it. */
        List<TaxAtRate> taxLines() {
            Map<BigDecimal, BigDecimal> bases = new TreeMap<>(java.util.Comparator.reverseOrder());
            for (Line line : lines) {
                bases.merge(line.rate(), line.price(), BigDecimal::add);
            }
            List<TaxAtRate> taxes = new ArrayList<>();
            bases.forEach((rate, base) -> taxes.add(new TaxAtRate(rate, base,
                    base.multiply(rate).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP))));
            return taxes;
        }

        BigDecimal tax() {
            return taxLines().stream().map(TaxAtRate::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal total() {
            return subtotal().add(tax());
        }

        /** European till receipts print the total with tax included and the tax beside it; American ones add sales tax to a subtotal. */
        boolean taxAdded() {
            return layout != Layout.RECEIPT || w.currency().equals("USD");
        }

        Expected expected() {
            return new Expected(vendor, number, date, layout == Layout.RECEIPT ? null : due,
                    layout == Layout.RECEIPT && !taxAdded() ? null : subtotal(), tax(), taxLines(), total(), w.currency(), lines);
        }
    }

    private static Spec spec(Wording w, Layout layout, int variant, Random random) {
        int pick = random.nextInt(1000);
        String vendor = Wording.pick(w.vendors(), pick);
        String street = Wording.pick(w.streets(), pick);
        String city = Wording.pick(w.cities(), pick);
        String customer = Wording.pick(w.customers(), pick + 1);
        String customerStreet = Wording.pick(w.streets(), pick + 2);
        String customerCity = Wording.pick(w.cities(), pick + 3);
        String taxId = switch (w.code()) {
            case "en-gb" -> "GB" + digits(random, 9);
            case "en-us" -> digits(random, 2) + "-" + digits(random, 7);
            case "de" -> "DE" + digits(random, 9);
            case "fr" -> "FR" + digits(random, 11);
            case "nl" -> "NL" + digits(random, 9) + "B01";
            case "es" -> "B" + digits(random, 8);
            default -> "IT" + digits(random, 11);
        };
        String[] numberForms = {"%s-2026-%04d", "%s%05d", "2026/%2$04d", "%s-%06d"};
        String prefix = w.title().substring(0, 2);
        String number = layout == Layout.RECEIPT ? String.valueOf(1000 + random.nextInt(9000))
                : String.format(numberForms[random.nextInt(numberForms.length)], prefix, random.nextInt(99_999));
        LocalDate date = LocalDate.of(2026, 1 + random.nextInt(12), 1 + random.nextInt(28));
        LocalDate due = date.plusDays(List.of(14, 30, 10, 21).get(random.nextInt(4)));
        LocalTime time = LocalTime.of(8 + random.nextInt(12), random.nextInt(60));
        int count = layout == Layout.RECEIPT ? 3 + random.nextInt(4) : 2 + random.nextInt(5);
        List<Line> lines = new ArrayList<>();
        List<String> names = new ArrayList<>(w.items());
        java.util.Collections.shuffle(names, random);
        for (int i = 0; i < count; i++) {
            BigDecimal qty = BigDecimal.valueOf(1 + (random.nextInt(3) == 0 ? random.nextInt(12) : 0));
            BigDecimal unit = layout == Layout.RECEIPT
                    ? BigDecimal.valueOf(49 + random.nextInt(1500), 2)
                    : BigDecimal.valueOf(250 + random.nextInt(48_000), 2);
            // a second, reduced rate on some lines where the country has one
            BigDecimal rate = new BigDecimal(w.rates().size() > 1 && random.nextInt(4) == 0 ? w.rates().get(1) : w.rates().get(0));
            lines.add(new Line(names.get(i % names.size()), qty, unit, rate));
        }
        boolean named = layout == Layout.LABEL_BLOCKS || layout == Layout.TOTALS_BOX;
        return new Spec(w, layout, variant, vendor, street, city, taxId, customer, customerStreet, customerCity, number,
                "K" + digits(random, 5), date, due, time, named, lines);
    }

    private static String digits(Random random, int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    // ------------------------------------------------------------------ invoices as PDFs

    byte[] pdf(Spec s) throws IOException {
        if (s.layout() == Layout.RECEIPT) {
            return receiptPdf(s);
        }
        try (PDDocument document = new PDDocument()) {
            PDRectangle size = s.w().currency().equals("USD") ? PDRectangle.LETTER : PDRectangle.A4;
            PDPage page = new PDPage(size);
            document.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                Page p = new Page(out, size.getWidth(), size.getHeight());
                switch (s.layout()) {
                    case TABLE -> table(p, s);
                    case LABEL_BLOCKS -> labelBlocks(p, s);
                    case TWO_COLUMN -> twoColumn(p, s);
                    default -> totalsBox(p, s);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** Drawing on one PDF page, y counted down from the top. */
    private record Page(PDPageContentStream out, float width, float height) {
        void text(PDType1Font font, float size, float x, float top, String text) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, height - top);
            out.showText(text);
            out.endText();
        }

        void right(PDType1Font font, float size, float x, float top, String text) throws IOException {
            text(font, size, x - font.getStringWidth(text) / 1000 * size, top, text);
        }

        void centre(PDType1Font font, float size, float top, String text) throws IOException {
            text(font, size, (width - font.getStringWidth(text) / 1000 * size) / 2, top, text);
        }

        void rule(float left, float right, float top) throws IOException {
            out.setLineWidth(0.6f);
            out.moveTo(left, height - top);
            out.lineTo(right, height - top);
            out.stroke();
        }

        void box(float left, float top, float right, float bottom) throws IOException {
            out.setLineWidth(0.8f);
            out.addRect(left, height - bottom, right - left, bottom - top);
            out.stroke();
        }
    }

    private static String date(Spec s, LocalDate day) {
        return s.w().date(day, s.namedDate());
    }

    private static String taxLabel(Spec s, TaxAtRate tax) {
        return s.w().tax() + " " + s.w().rate(tax.rate());
    }

    /** Item table under a header row; returns the y below it. */
    private static float items(Page p, Spec s, float y, boolean numbered, boolean rateColumn, boolean rules) throws IOException {
        Wording w = s.w();
        float left = 50;
        float right = p.width() - 50;
        float descX = numbered ? left + 30 : left;
        float amountX = right;
        float rateX = right - 75;
        // room for the widest rate header ("Sales tax %") between the unit price and the amount
        float unitX = rateColumn ? right - 145 : right - 90;
        float qtyX = unitX - 85;
        int v = s.variant();
        if (numbered) {
            p.text(BOLD, 9, left, y, "Pos.");
        }
        p.text(BOLD, 9, descX, y, Wording.pick(w.description(), v));
        p.right(BOLD, 9, qtyX, y, Wording.pick(w.quantity(), v));
        p.right(BOLD, 9, unitX, y, Wording.pick(w.unitPrice(), v));
        if (rateColumn) {
            p.right(BOLD, 9, rateX, y, w.tax() + " %");
        }
        p.right(BOLD, 9, amountX, y, Wording.pick(w.amount(), v));
        if (rules) {
            p.rule(left, right, y + 5);
        }
        y += 20;
        int position = 1;
        for (Line line : s.lines()) {
            if (numbered) {
                p.text(REGULAR, 9, left, y, String.valueOf(position++));
            }
            p.text(REGULAR, 9, descX, y, line.name());
            p.right(REGULAR, 9, qtyX, y, w.quantity(line.qty()));
            p.right(REGULAR, 9, unitX, y, w.number(line.unitPrice()));
            if (rateColumn) {
                p.right(REGULAR, 9, rateX, y, w.quantity(line.rate()) + " %");
            }
            p.right(REGULAR, 9, amountX, y, w.number(line.price()));
            y += 16;
        }
        if (rules) {
            p.rule(left, right, y - 8);
        }
        return y + 8;
    }

    /** Subtotal, tax per rate and total, labels right-aligned at {@code labelX}, amounts at {@code right}. */
    private static float totals(Page p, Spec s, float y, float labelX, float right, boolean leftLabels, boolean codes) throws IOException {
        Wording w = s.w();
        int v = s.variant();
        java.util.function.Function<BigDecimal, String> money = codes ? amount -> w.number(amount) + " " + w.currency() : w::money;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {Wording.pick(w.subtotal(), v), money.apply(s.subtotal())});
        for (TaxAtRate tax : s.taxLines()) {
            rows.add(new String[] {taxLabel(s, tax), money.apply(tax.amount())});
        }
        for (String[] row : rows) {
            if (leftLabels) {
                p.text(REGULAR, 10, labelX, y, row[0]);
            } else {
                p.right(REGULAR, 10, labelX, y, row[0]);
            }
            p.right(REGULAR, 10, right, y, row[1]);
            y += 15;
        }
        String totalLabel = Wording.pick(w.totals(), v);
        if (leftLabels) {
            p.text(BOLD, 11, labelX, y + 2, totalLabel);
        } else {
            p.right(BOLD, 11, labelX, y + 2, totalLabel);
        }
        p.right(BOLD, 11, right, y + 2, money.apply(s.total()));
        return y + 20;
    }

    private static void footer(Page p, Spec s, float y) throws IOException {
        p.text(REGULAR, 8, 50, y, s.w().thanks());
        p.text(REGULAR, 8, 50, y + 11, "IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX");
    }

    private static void table(Page p, Spec s) throws IOException {
        Wording w = s.w();
        int v = s.variant();
        float left = 50;
        float right = p.width() - 50;
        p.text(BOLD, 16, left, 60, s.vendor());
        p.right(BOLD, 20, right, 60, w.title());
        p.text(REGULAR, 9, left, 78, s.street());
        p.text(REGULAR, 9, left, 90, s.city());
        p.text(REGULAR, 9, left, 102, w.taxId() + ": " + s.taxId());
        p.right(REGULAR, 9, right, 82, Wording.pick(w.invoiceNumber(), v) + ": " + s.number());
        p.right(REGULAR, 9, right, 94, Wording.pick(w.date(), v) + ": " + date(s, s.date()));
        p.right(REGULAR, 9, right, 106, Wording.pick(w.dueDate(), v) + ": " + date(s, s.due()));
        p.right(REGULAR, 9, right, 118, w.customerNumber() + ": " + s.customerNumber());
        p.text(BOLD, 9, left, 140, Wording.pick(w.billTo(), v) + ":");
        p.text(REGULAR, 9, left, 152, s.customer());
        p.text(REGULAR, 9, left, 164, s.customerStreet());
        p.text(REGULAR, 9, left, 176, s.customerCity());
        float y = items(p, s, 215, false, false, true);
        y = totals(p, s, y + 8, right - 110, right, false, false);
        footer(p, s, y + 30);
    }

    private static void labelBlocks(Page p, Spec s) throws IOException {
        Wording w = s.w();
        int v = s.variant();
        float left = 50;
        float right = p.width() - 50;
        p.text(BOLD, 22, left, 60, w.title());
        p.text(BOLD, 11, left, 90, s.vendor());
        p.text(REGULAR, 9, left, 103, s.street());
        p.text(REGULAR, 9, left, 115, s.city());
        p.text(REGULAR, 9, left, 127, w.taxId() + " " + s.taxId());
        float labelX = 330;
        float valueX = 450;
        String[][] meta = {
                {Wording.pick(w.invoiceNumber(), v), s.number()},
                {Wording.pick(w.date(), v), date(s, s.date())},
                {Wording.pick(w.dueDate(), v), date(s, s.due())},
                {w.customerNumber(), s.customerNumber()}};
        float y = 90;
        for (String[] row : meta) {
            p.text(REGULAR, 9, labelX, y, row[0]);
            p.text(REGULAR, 9, valueX, y, row[1]);
            y += 12;
        }
        p.text(BOLD, 9, left, 155, Wording.pick(w.billTo(), v + 1) + ":");
        p.text(REGULAR, 9, left, 167, s.customer());
        p.text(REGULAR, 9, left, 179, s.customerStreet() + ", " + s.customerCity());
        y = items(p, s, 215, true, false, false);
        y = totals(p, s, y + 10, labelX, right, true, false);
        footer(p, s, y + 30);
    }

    private static void twoColumn(Page p, Spec s) throws IOException {
        Wording w = s.w();
        int v = s.variant();
        float left = 50;
        float right = p.width() - 50;
        float block = 360;
        // the sender line above the address window, then the customer in the window
        p.text(REGULAR, 6.5f, left, 62, s.vendor() + " · " + s.street() + " · " + s.city());
        p.text(REGULAR, 10, left, 80, s.customer());
        p.text(REGULAR, 10, left, 93, s.customerStreet());
        p.text(REGULAR, 10, left, 106, s.customerCity());
        p.text(BOLD, 13, block, 60, s.vendor());
        p.text(REGULAR, 9, block, 75, s.street());
        p.text(REGULAR, 9, block, 87, s.city());
        p.text(REGULAR, 9, block, 99, "Tel. +49 711 5550 1234");
        p.text(REGULAR, 9, block, 111, w.taxId() + " " + s.taxId());
        p.text(BOLD, 15, left, 160, w.title());
        String[] labels = {Wording.pick(w.invoiceNumber(), v), Wording.pick(w.date(), v), Wording.pick(w.dueDate(), v), w.customerNumber()};
        String[] values = {s.number(), date(s, s.date()), date(s, s.due()), s.customerNumber()};
        float[] xs = {left, left + 130, left + 260, left + 390};
        for (int i = 0; i < labels.length; i++) {
            p.text(BOLD, 8.5f, xs[i], 185, labels[i]);
            p.text(REGULAR, 9, xs[i], 198, values[i]);
        }
        float y = items(p, s, 235, false, true, true);
        y = totals(p, s, y + 8, right - 120, right, false, false);
        footer(p, s, y + 30);
    }

    private static void totalsBox(Page p, Spec s) throws IOException {
        Wording w = s.w();
        int v = s.variant();
        float left = 50;
        float right = p.width() - 50;
        p.centre(BOLD, 18, 55, s.vendor());
        p.centre(REGULAR, 9, 72, s.street() + ", " + s.city());
        p.centre(REGULAR, 9, 84, w.taxId() + ": " + s.taxId());
        p.text(BOLD, 15, left, 125, w.title());
        p.text(REGULAR, 9, left, 142, Wording.pick(w.invoiceNumber(), v + 1) + ": " + s.number());
        p.text(REGULAR, 9, left, 154, Wording.pick(w.date(), v + 1) + ": " + date(s, s.date()));
        p.text(REGULAR, 9, left, 166, Wording.pick(w.dueDate(), v + 1) + ": " + date(s, s.due()));
        float customerX = 360;
        p.text(BOLD, 9, customerX, 125, Wording.pick(w.billTo(), v + 2));
        p.text(REGULAR, 9, customerX, 138, s.customer());
        p.text(REGULAR, 9, customerX, 150, s.customerStreet());
        p.text(REGULAR, 9, customerX, 162, s.customerCity());
        float y = items(p, s, 205, false, false, true);
        float boxLeft = right - 230;
        float boxTop = y;
        y = totals(p, s, y + 16, boxLeft + 10, right - 10, true, true);
        p.box(boxLeft, boxTop, right, y - 6);
        footer(p, s, y + 30);
        p.text(REGULAR, 8, left, p.height() - 40, s.vendor() + " · " + s.street() + " · " + s.city());
    }

    // ------------------------------------------------------------------ receipts

    private static List<SlipLine> slip(Spec s) {
        Wording w = s.w();
        List<SlipLine> lines = new ArrayList<>();
        lines.add(new SlipLine(s.vendor().toUpperCase(s.w().locale()), null, true, true));
        lines.add(new SlipLine(s.street(), null, true, false));
        lines.add(new SlipLine(s.city(), null, true, false));
        lines.add(new SlipLine(w.taxId() + " " + s.taxId(), null, true, false));
        lines.add(new SlipLine("", null, false, false));
        lines.add(new SlipLine(w.date(s.date(), false) + "  " + String.format("%02d:%02d", s.time().getHour(), s.time().getMinute()),
                null, false, false));
        lines.add(new SlipLine(w.receiptNumber() + " " + s.number(), null, false, false));
        lines.add(new SlipLine("-".repeat(34), null, false, false));
        for (Line line : s.lines()) {
            if (line.qty().compareTo(BigDecimal.ONE) == 0) {
                lines.add(new SlipLine(line.name(), w.number(line.price()), false, false));
            } else {
                lines.add(new SlipLine(line.name(), null, false, false));
                lines.add(new SlipLine("  " + w.quantity(line.qty()) + " x " + w.number(line.unitPrice()), w.number(line.price()), false, false));
            }
        }
        lines.add(new SlipLine("-".repeat(34), null, false, false));
        String total = Wording.pick(w.totals(), s.variant()).toUpperCase(w.locale());
        if (s.taxAdded()) {
            lines.add(new SlipLine(Wording.pick(w.subtotal(), 0).toUpperCase(w.locale()), w.number(s.subtotal()), false, false));
            for (TaxAtRate tax : s.taxLines()) {
                lines.add(new SlipLine(taxLabel(s, tax).toUpperCase(w.locale()), w.number(tax.amount()), false, false));
            }
            lines.add(new SlipLine(total, w.money(s.total()), false, true));
        } else {
            lines.add(new SlipLine(total, w.money(s.total()), false, true));
            lines.add(new SlipLine("", null, false, false));
            for (TaxAtRate tax : s.taxLines()) {
                lines.add(new SlipLine(taxLabel(s, tax), w.number(tax.amount()), false, false));
            }
        }
        lines.add(new SlipLine("", null, false, false));
        lines.add(new SlipLine(w.thanks(), null, true, false));
        return lines;
    }

    private static byte[] receiptPdf(Spec s) throws IOException {
        List<SlipLine> lines = slip(s);
        float width = 226;
        float height = 40 + lines.size() * 12;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            document.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                Page p = new Page(out, width, height);
                float y = 24;
                for (SlipLine line : lines) {
                    PDType1Font font = line.bold() ? BOLD : REGULAR;
                    if (line.centred()) {
                        p.centre(font, 8, y, line.left());
                    } else {
                        p.text(font, 8, 12, y, line.left());
                        if (line.right() != null) {
                            p.right(font, 8, width - 12, y, line.right());
                        }
                    }
                    y += 12;
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** The slip as a thermal printer prints it, at about 200 dpi: small text (capitals about 16 px high). */
    private static BufferedImage slipImage(Spec s) {
        return SampleGenerator.drawSlip(slip(s), 21, 29, 560, 24, 35);
    }

    // ------------------------------------------------------------------ scans and photos

    /** Each page scanned as a flatbed would: turned by up to ±1.2°, grey, a little noise (JPEG quality 0.7). */
    private static byte[] scannedPdf(byte[] digital, Random random) throws IOException {
        return SampleGenerator.scannedPdf(digital, 0.7f,
                image -> PhotoEffects.scan(image, (random.nextDouble() - 0.5) * 2.4, random));
    }

    private byte[] photo(Spec s, Random random) throws IOException {
        BufferedImage page;
        int width;
        int height;
        if (s.layout() == Layout.RECEIPT) {
            page = slipImage(s);
            // a receipt photographed from a little further away than it needs: its print comes out small
            width = 1000;
            height = 1400;
        } else {
            try (PDDocument text = Loader.loadPDF(pdf(s))) {
                // an A4 page in a 12-megapixel phone photo is about 150 dpi
                page = new PDFRenderer(text).renderImageWithDPI(0, 150, ImageType.GRAY);
            }
            width = 1500;
            height = 2000;
        }
        BufferedImage photo = PhotoEffects.photograph(page, width, height, s.layout() == Layout.RECEIPT ? 0.68 : 0.86, 0.06, random);
        // the German receipt is photographed upside down, as happens when a receipt is laid on the table the wrong way
        if (s.layout() == Layout.RECEIPT && s.w().code().equals("de")) {
            photo = PhotoEffects.turn(photo, 2);
        }
        return SampleGenerator.jpeg(photo, 0.85f);
    }

    /** The expected values as a map, for messages. */
    static Map<String, Object> describe(Expected expected) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("vendor", expected.vendor());
        map.put("invoice_number", expected.invoiceNumber());
        map.put("date", expected.date());
        map.put("total", expected.total());
        map.put("tax", expected.tax());
        map.put("currency", expected.currency());
        return map;
    }
}
