package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides a document's {@link DocumentType} from its leading bytes, never from its file name: inboxes
 * receive photos named {@code .pdf} and PDFs without an extension.
 * Stateless and thread-safe.
 */
public final class ContentSniffer {
    /**
     * How far into the file a {@code %PDF-} header may start. Readers such as Acrobat accept junk before the
     * header (mail gateways and scanners prepend some); 1024 bytes is the limit they use.
     */
    static final int PDF_HEADER_WINDOW = 1024;

    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIFF_LITTLE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BIG = {'M', 'M', 0, 42};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF16_BE_BOM = {(byte) 0xFE, (byte) 0xFF};
    private static final byte[] UTF16_LE_BOM = {(byte) 0xFF, (byte) 0xFE};

    /** The type of the file's content; {@link DocumentType#UNKNOWN} for anything else, including an empty file. */
    public DocumentType detect(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PDF_HEADER_WINDOW + PDF.length);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE,
                    "cannot read " + file + " to decide its type: " + e.getMessage(), e);
        }
        return detect(head);
    }

    /** The type of content starting with {@code head} (the first ~1 KB is enough). */
    public DocumentType detect(byte[] head) {
        if (startsWith(head, 0, PNG)) {
            return DocumentType.PNG;
        }
        if (startsWith(head, 0, JPEG)) {
            return DocumentType.JPEG;
        }
        if (startsWith(head, 0, GIF87) || startsWith(head, 0, GIF89)) {
            return DocumentType.GIF;
        }
        if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP)) {
            return DocumentType.WEBP;
        }
        if (startsWith(head, 0, TIFF_LITTLE) || startsWith(head, 0, TIFF_BIG)) {
            return DocumentType.TIFF;
        }
        int lastStart = Math.min(PDF_HEADER_WINDOW, head.length - PDF.length);
        for (int offset = 0; offset <= lastStart; offset++) {
            if (startsWith(head, offset, PDF)) {
                return DocumentType.PDF;
            }
        }
        if (looksLikeXml(head)) {
            return DocumentType.XML;
        }
        return DocumentType.UNKNOWN;
    }

    /**
     * Markup: after an optional byte-order mark and white space, a {@code <} followed by {@code ?xml}, a comment or
     * a name. Whether it is an invoice is decided later from its root element ({@link InvoiceXmlSniffer}); an HTML page
     * also passes here and is refused there.
     */
    static boolean looksLikeXml(byte[] head) {
        int at = 0;
        if (startsWith(head, 0, UTF8_BOM)) {
            at = UTF8_BOM.length;
        } else if (startsWith(head, 0, UTF16_BE_BOM) || startsWith(head, 0, UTF16_LE_BOM)) {
            // UTF-16: every other byte is 0; '<' is the first character after the mark
            return head.length >= 4 && (head[2] == '<' || head[3] == '<');
        }
        while (at < head.length && (head[at] == ' ' || head[at] == '\t' || head[at] == '\r' || head[at] == '\n')) {
            at++;
        }
        if (at + 1 >= head.length || head[at] != '<') {
            return false;
        }
        String start = new String(head, at, Math.min(16, head.length - at), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            return false; // a web page saved under another name: not XML, and not a document we read
        }
        byte next = head[at + 1];
        return next == '?' || next == '!' || Character.isLetter(next) || next == '_';
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (offset < 0 || data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
