package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;

/**
 * Decides whether XML is an e-invoice from its root element and namespace, reading no further than the root's start
 * tag. The parser is the JDK's StAX reader with DTDs and external entities switched off, and a DTD is refused outright
 * ({@code EINVOICE_UNSAFE_XML}): entity expansion bombs and external entities both need one, and no e-invoice standard
 * declares one. Nothing is fetched from the network. Stateless and thread-safe.
 */
public final class InvoiceXmlSniffer {

    /**
     * The syntax of the invoice XML in {@code in}.
     *
     * @param what the XML's name for messages ("'inv.xml'", "attachment 'factur-x.xml' of 'a.pdf'")
     * @throws LedgerlensException EINVOICE_UNSAFE_XML for a DTD, EINVOICE_MALFORMED when the XML breaks off or is not
     *                             well-formed before its root, EINVOICE_NOT_AN_INVOICE for any other root element
     */
    public InvoiceSyntax classify(InputStream in, String what) {
        XMLStreamReader reader = null;
        try {
            reader = safeFactory().createXMLStreamReader(in);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw unsafe(what);
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
                    String root = reader.getLocalName();
                    return InvoiceSyntax.of(namespace, root).orElseThrow(() -> new LedgerlensException(
                            FailureReason.EINVOICE_NOT_AN_INVOICE, what + " is XML but not an e-invoice: its root element is "
                            + (namespace.isEmpty() ? root : "{" + namespace + "}" + root)
                            + "; CII CrossIndustryInvoice and UBL Invoice or CreditNote (in their standard namespaces) are read"));
                }
            }
            throw new LedgerlensException(FailureReason.EINVOICE_MALFORMED, what + " is XML without a root element");
        } catch (XMLStreamException e) {
            throw new LedgerlensException(FailureReason.EINVOICE_MALFORMED,
                    what + " is not well-formed XML: " + e.getMessage(), e);
        } finally {
            close(reader);
        }
    }

    /**
     * The JDK's own StAX factory (never one a library put on the classpath), configured for untrusted XML: no DTD
     * processing, no external entities or schemas, entity references not replaced.
     */
    public static XMLInputFactory safeFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** The failure for XML that declares a DTD. */
    public static LedgerlensException unsafe(String what) {
        return new LedgerlensException(FailureReason.EINVOICE_UNSAFE_XML, what + " declares a DTD (<!DOCTYPE …>);"
                + " invoice XML never needs one, and entity expansion and external entities need one, so it is refused unread");
    }

    private static void close(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // closing a reader over a stream the caller owns releases nothing that matters
        }
    }
}
