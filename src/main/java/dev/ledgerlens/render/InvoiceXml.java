package dev.ledgerlens.render;

import java.nio.file.Path;

/**
 * A document's invoice XML, found by the render stage: the document itself (an XML file) or the invoice attached to a
 * PDF (ZUGFeRD, Factur-X, XRechnung). Its root element was checked ({@link InvoiceXmlSniffer}); its content is read by
 * the extract stage.
 *
 * @param file       the XML: the kept original for an XML file, a copy in the document's page folder for an attachment
 * @param syntax     CII or UBL, from the root element
 * @param attachment the attachment's file name inside the PDF; null when the document is the XML itself
 */
public record InvoiceXml(Path file, InvoiceSyntax syntax, String attachment) {
    /** The file name an attachment is copied to, next to the page images (deleted with them). */
    public static final String ATTACHMENT_COPY = "invoice.xml";

    /** True when the XML came out of a PDF, whose text layer can then be compared with it. */
    public boolean attached() {
        return attachment != null;
    }

    /** Where the XML came from, for messages: "the file" or "attachment 'factur-x.xml'". */
    public String origin() {
        return attached() ? "attachment '" + attachment + "'" : "the file";
    }
}
