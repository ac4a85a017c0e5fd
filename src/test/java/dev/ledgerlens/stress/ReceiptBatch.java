package dev.ledgerlens.stress;

import dev.ledgerlens.testing.FakeOpenAiServer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A batch of distinct one-page till-slip PDFs (each with its own shop, item and total, so no two are
 * near-duplicates) and, for each, the answer a model would give, to script a {@link FakeOpenAiServer}
 * by the document's SHA-256. The text layer holds every amount and the date, so the records pass
 * validation including grounding and are stored as 'valid'.
 *
 * @param documents the generated files, in order
 */
public record ReceiptBatch(List<Receipt> documents) {

    /** One generated file, its identity and the model's scripted answer. */
    public record Receipt(Path file, String sha256, String answerJson) {
    }

    /** Writes {@code count} receipts named {@code receipt-00000.pdf}… into {@code folder}. */
    public static ReceiptBatch write(Path folder, int count) {
        return write(folder, count, false);
    }

    /**
     * Like {@link #write(Path, int)}, but every receipt shows the same shop, item and total (only the printed receipt
     * number differs, so the files are still distinct documents): one scripted answer fits them all, and after the
     * first each is stored as a near-duplicate. For load tests, where scripting one reply per document would make
     * the fake server scan every request body for every document's marker.
     */
    public static ReceiptBatch writeUniform(Path folder, int count) {
        return write(folder, count, true);
    }

    private static ReceiptBatch write(Path folder, int count, boolean uniform) {
        try {
            Files.createDirectories(folder);
            List<Receipt> receipts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                receipts.add(writeOne(folder, i, uniform ? 0 : i));
            }
            return new ReceiptBatch(List.copyOf(receipts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scripts {@code server} to answer each receipt with its own fields. */
    public void script(FakeOpenAiServer server) {
        for (Receipt receipt : documents) {
            server.when(receipt.sha256(), FakeOpenAiServer.Reply.json(receipt.answerJson()));
        }
    }

    private static Receipt writeOne(Path folder, int index, int variant) throws IOException {
        String shop = "Corner Shop " + variant;
        // a distinct total per document keeps the near-duplicate check from pairing them
        BigDecimal total = new BigDecimal(variant + 1).add(new BigDecimal("0.25"));
        String amount = total.toPlainString();
        String item = "Stationery lot " + variant;
        List<String> lines = List.of(shop, "12 High Street, Springfield", "Date 2026-11-02", "",
                item + "    1 x " + amount + "    " + amount, "", "SUBTOTAL    " + amount, "TOTAL USD    " + amount,
                "Paid by card", "Receipt no. " + String.format(Locale.ROOT, "%05d", index));
        Path file = folder.resolve(String.format(Locale.ROOT, "receipt-%05d.pdf", index));
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(226, 400)); // an 80 mm till slip
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.COURIER), 8);
                content.setLeading(12);
                content.newLineAtOffset(10, 380);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            document.save(file.toFile());
        }
        String answer = """
                {"document_type":"receipt","store_name":"%s","store_address":"12 High Street, Springfield",
                 "date":"2026-11-02","time":null,"items":[{"name":"%s","qty":"1","unit_price":"%s","price":"%s"}],
                 "subtotal":"%s","tax":null,"tip":null,"discount":null,"total":"%s","currency":"USD",
                 "payment_method":"card","invoice_number":null,"due_date":null,"vendor_tax_id":null,"bill_to":null,
                 "po_number":null,"tax_lines":[]}""".formatted(shop, item, amount, amount, amount, amount);
        return new Receipt(file, sha256(file), answer);
    }

    /** The SHA-256 of a file's bytes, as Ledgerlens names documents. */
    public static String sha256(Path file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
