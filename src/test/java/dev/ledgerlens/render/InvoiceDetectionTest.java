package dev.ledgerlens.render;

import dev.ledgerlens.extract.einvoice.EInvoiceReader;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.EInvoiceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which documents are e-invoices, decided by content: XML files by their root element, PDFs by the invoice XML they
 * carry; and what hostile XML becomes. Each refusal is a typed reason the dead-letter queue records.
 */
class InvoiceDetectionTest {
    private static final PageSpec SPEC = new PageSpec(100, 0, 0, 0, true, false);
    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
    private final EInvoiceReader reader = new EInvoiceReader();

    @TempDir
    Path folder;

    @Test
    void xmlIsRecognisedByContentAndAPlainXmlIsNotAnInvoice() throws IOException {
        assertThat(new ContentSniffer().detect("\uFEFF  <?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DocumentType.XML);
        assertThat(new ContentSniffer().detect("hello <world>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DocumentType.UNKNOWN);
        assertThat(new ContentSniffer().detect("<!DOCTYPE html><html><body/></html>".getBytes(StandardCharsets.UTF_8)))
                .as("a web page is not XML").isEqualTo(DocumentType.UNKNOWN);

        assertThat(renderFails("catalog.pdf", "<?xml version=\"1.0\"?><catalog><book id=\"1\"/></catalog>"))
                .isEqualTo(FailureReason.EINVOICE_NOT_AN_INVOICE);
    }

    @Test
    void anInvoiceRootInAnotherNamespaceIsNotAnInvoice() throws IOException {
        String wrong = new String(EInvoiceSamples.ubl(false), StandardCharsets.UTF_8)
                .replace("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "urn:example:invoice");

        assertThat(renderFails("wrong-namespace.xml", wrong)).isEqualTo(FailureReason.EINVOICE_NOT_AN_INVOICE);
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyEntityIsExpanded() throws IOException {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append(" <!ENTITY lol").append(level).append(" \"").append(("&lol" + (level == 1 ? "" : level - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        bomb.append("]>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">"
                + "&lol9;</rsm:CrossIndustryInvoice>");

        assertThat(renderFails("lolz.xml", bomb.toString())).isEqualTo(FailureReason.EINVOICE_UNSAFE_XML);
    }

    @Test
    void externalEntitiesAreNeverFetched() throws IOException {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY file SYSTEM \"" + secret.toUri() + "\">"
                    + " <!ENTITY net SYSTEM \"http://127.0.0.1:" + server.getLocalPort() + "/x\"> ]>\n"
                    + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>&file;&net;</ID></Invoice>";

            Path file = folder.resolve("xxe.xml");
            Files.writeString(file, xxe);
            assertThatThrownBy(() -> renderer.render(EInvoiceSamples.source(file), SPEC, folder.resolve("pages")))
                    .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.EINVOICE_UNSAFE_XML);
                        assertThat(e.getMessage()).doesNotContain("TOP-SECRET-MARKER");
                    });
            // the same XML attached to a PDF under an e-invoice name
            Path pdf = folder.resolve("xxe.pdf");
            Files.write(pdf, EInvoiceSamples.withAttachment(EInvoiceSamples.visiblePage("1", "1.00"), "factur-x.xml",
                    xxe.getBytes(StandardCharsets.UTF_8), "Alternative"));
            assertThat(renderFails(pdf)).isEqualTo(FailureReason.EINVOICE_UNSAFE_XML);
            AtomicInteger connections = new AtomicInteger();
            try {
                server.accept().close();
                connections.incrementAndGet();
            } catch (SocketTimeoutException expected) {
                // nobody called
            }
            assertThat(connections).as("connections to the entity's URL").hasValue(0);
        }
    }

    @Test
    void aGiantXmlIsRefusedFromItsSizeBeforeParsing() throws IOException {
        Path giant = folder.resolve("giant.xml");
        Files.writeString(giant, "<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">");
        try (RandomAccessFile file = new RandomAccessFile(giant.toFile(), "rw")) {
            file.setLength(200L * 1024 * 1024); // 200 MB, sparse: the size is what counts
        }
        // hashing 200 MB is intake's work, not this test's: any identity will do
        SourceDocument source = new SourceDocument("0".repeat(64), giant.toUri().toString(), "giant.xml", Files.size(giant), giant);
        assertThatThrownBy(() -> renderer.render(source, SPEC, folder.resolve("pages")))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.TOO_LARGE);
                    assertThat(e.getMessage()).contains("ledgerlens.einvoice.max-xml-bytes");
                });
    }

    @Test
    void anInvoiceXmlThatInflatesPastTheLimitInsideAPdfIsTooLarge() throws IOException {
        byte[] padded = new String(EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), StandardCharsets.UTF_8)
                .replace("<!-- generated by: mustangproject.org -->", "<!--" + " ".repeat(3 * 1024 * 1024) + "-->")
                .getBytes(StandardCharsets.UTF_8);
        Path pdf = folder.resolve("inflated.pdf");
        Files.write(pdf, EInvoiceSamples.withAttachment(EInvoiceSamples.visiblePage("1", "1.00"), "factur-x.xml", padded, "Alternative"));

        DocumentRenderer strict = new DocumentRenderer(new RenderSettings(200, RenderSettings.DEFAULT_MAX_PIXELS, 0.85f,
                RenderSettings.DEFAULT_TIMEOUT, 1024 * 1024));
        assertThatThrownBy(() -> strict.render(EInvoiceSamples.source(pdf), SPEC, folder.resolve("pages")))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_LARGE));
    }

    @Test
    void aNumberThatIsNotANumberMakesTheInvoiceMalformed() throws IOException {
        String cii = new String(EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), StandardCharsets.UTF_8)
                .replace("<ram:GrandTotalAmount>1420.93<", "<ram:GrandTotalAmount>1.420,93 EUR<");
        String ubl = new String(EInvoiceSamples.ubl(false), StandardCharsets.UTF_8)
                .replace(">1420.93</cbc:PayableAmount>", ">lots</cbc:PayableAmount>");

        assertThat(readFails("nan-cii.xml", cii)).isEqualTo(FailureReason.EINVOICE_MALFORMED);
        assertThat(readFails("nan-ubl.xml", ubl)).isEqualTo(FailureReason.EINVOICE_MALFORMED);
    }

    @Test
    void xmlThatBreaksOffAfterItsRootIsMalformed() throws IOException {
        String cii = new String(EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), StandardCharsets.UTF_8);

        assertThat(readFails("cut.xml", cii.substring(0, cii.length() / 2))).isEqualTo(FailureReason.EINVOICE_MALFORMED);
    }

    @Test
    void aPdfWhoseFacturXAttachmentIsNotAnInvoiceIsRefused() throws IOException {
        Path pdf = folder.resolve("fake.pdf");
        Files.write(pdf, EInvoiceSamples.withAttachment(EInvoiceSamples.visiblePage("1", "1.00"), "factur-x.xml",
                "<?xml version=\"1.0\"?><delivery><item/></delivery>".getBytes(StandardCharsets.UTF_8), null));

        assertThat(renderFails(pdf)).isEqualTo(FailureReason.EINVOICE_NOT_AN_INVOICE);
    }

    @Test
    void anInvoiceAttachedUnderAnyNameIsFoundByItsContentAndOtherXmlAttachmentsAreIgnored() throws IOException {
        byte[] visible = EInvoiceSamples.visiblePage(EInvoiceSamples.NUMBER, EInvoiceSamples.GRAND_TOTAL);
        byte[] withNote = EInvoiceSamples.withAttachment(visible, "lieferschein.xml",
                "<?xml version=\"1.0\"?><delivery/>".getBytes(StandardCharsets.UTF_8), "Supplement");
        Path plain = folder.resolve("plain.pdf");
        Files.write(plain, withNote);
        assertThat(renderer.render(EInvoiceSamples.source(plain), SPEC, folder.resolve("pages")).invoiceXml())
                .as("a PDF whose only XML is not an invoice and does not claim to be one").isNull();

        Path renamed = folder.resolve("renamed.pdf");
        Files.write(renamed, EInvoiceSamples.withAttachment(withNote, "rechnung-4711.xml",
                EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), "Alternative"));
        RenderedDocument rendered = renderer.render(EInvoiceSamples.source(renamed), SPEC, folder.resolve("pages"));
        assertThat(rendered.invoiceXml().attachment()).isEqualTo("rechnung-4711.xml");
        assertThat(rendered.invoiceXml().syntax()).isEqualTo(InvoiceSyntax.CII);
        assertThat(reader.read(rendered.invoiceXml(), "renamed.pdf").number()).isEqualTo(EInvoiceSamples.NUMBER);

        renderer.discard(rendered.source(), folder.resolve("pages"));
        assertThat(folder.resolve("pages").resolve(rendered.source().sha256())).as("the copied XML goes with the pages")
                .doesNotExist();
    }

    private FailureReason renderFails(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return renderFails(file);
    }

    private FailureReason renderFails(Path file) {
        try {
            renderer.render(EInvoiceSamples.source(file), SPEC, folder.resolve("pages"));
        } catch (LedgerlensException e) {
            return e.reason();
        }
        throw new AssertionError(file.getFileName() + " was accepted");
    }

    /** Passes the render stage (its root is an invoice) and fails when read. */
    private FailureReason readFails(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        RenderedDocument rendered = renderer.render(EInvoiceSamples.source(file), SPEC, folder.resolve("pages"));
        try {
            reader.read(rendered.invoiceXml(), name);
        } catch (LedgerlensException e) {
            return e.reason();
        }
        throw new AssertionError(name + " was read");
    }
}
