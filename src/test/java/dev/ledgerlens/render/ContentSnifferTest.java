package dev.ledgerlens.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSnifferTest {
    private final ContentSniffer sniffer = new ContentSniffer();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource({
            "pdf,                 255044462d312e370a25, PDF",
            "png,                 89504e470d0a1a0a0000000d49484452, PNG",
            "jpeg (JFIF),         ffd8ffe000104a464946, JPEG",
            "jpeg (Exif),         ffd8ffe1002245786966, JPEG",
            "gif87a,              474946383761, GIF",
            "gif89a,              474946383961, GIF",
            "webp,                52494646240000005745425056503820, WEBP",
            "tiff little-endian,  49492a0008000000, TIFF",
            "tiff big-endian,     4d4d002a00000008, TIFF",
            "riff that is a wav,  52494646240000005741564566, UNKNOWN",
            "zip (docx),          504b030414000600, UNKNOWN",
    })
    void detectsTheTypeFromTheLeadingBytes(String label, String hex, DocumentType expected) throws IOException {
        // Every file is named .pdf: the name must not matter.
        Path file = dir.resolve("document.pdf");
        Files.write(file, HexFormat.of().parseHex(hex.strip()));
        assertThat(sniffer.detect(file)).as(label).isEqualTo(expected);
    }

    @Test
    void findsAPdfHeaderAfterJunkBytes() throws IOException {
        Path file = dir.resolve("from-mail-gateway");
        byte[] junk = "\r\nX-Scanner: ACME\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] pdf = "%PDF-1.4\n%...".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[junk.length + pdf.length];
        System.arraycopy(junk, 0, content, 0, junk.length);
        System.arraycopy(pdf, 0, content, junk.length, pdf.length);
        Files.write(file, content);
        assertThat(sniffer.detect(file)).isEqualTo(DocumentType.PDF);
    }

    @Test
    void aPdfHeaderBeyondTheFirstKilobyteIsNotAPdf() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "x".repeat(2000) + "%PDF-1.4");
        assertThat(sniffer.detect(file)).isEqualTo(DocumentType.UNKNOWN);
    }

    @Test
    void textRenamedToPdfIsUnknown() throws IOException {
        Path file = dir.resolve("invoice.pdf");
        Files.writeString(file, "Invoice 42: please pay $10.80 by Friday\n");
        assertThat(sniffer.detect(file)).isEqualTo(DocumentType.UNKNOWN);
    }

    @Test
    void emptyAndTinyFilesAreUnknown() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pdf"), new byte[0]);
        Path tiny = Files.write(dir.resolve("tiny.jpg"), new byte[] {(byte) 0xFF});
        assertThat(sniffer.detect(empty)).isEqualTo(DocumentType.UNKNOWN);
        assertThat(sniffer.detect(tiny)).isEqualTo(DocumentType.UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "invoice-usd-1page.pdf, PDF",
            "invoice-gbp-scanned.pdf, PDF",
            "receipt-usd-grocery-png.png, PNG",
            "receipt-gbp-cafe-jpeg.jpg, JPEG",
            "receipt-usd-pharmacy-exif-rotated.jpg, JPEG",
            "receipt-eur-bakery-tiff.tif, TIFF",
            "truncated.pdf, PDF",
            "empty.pdf, UNKNOWN",
    })
    void detectsTheCommittedSamples(String file, DocumentType expected) {
        assertThat(sniffer.detect(Path.of("sample-inputs", file))).isEqualTo(expected);
    }
}
