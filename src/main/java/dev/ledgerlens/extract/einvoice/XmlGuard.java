package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.InvoiceXmlSniffer;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;

/**
 * Reads invoice XML once from end to end with a hardened streaming parser before any library builds a tree of it: a
 * DTD anywhere fails as {@code EINVOICE_UNSAFE_XML}, XML that is not well-formed or nests deeper than
 * {@value #MAX_DEPTH} elements as {@code EINVOICE_MALFORMED}. What passes has no entity but the five predefined ones
 * and nothing to fetch, so the DOM and JAXB parsers behind Mustang and ph-ubl (hardened as well) see only plain
 * elements. The size was bounded by the render stage ({@code ledgerlens.einvoice.max-xml-bytes}). Stateless and
 * thread-safe.
 */
final class XmlGuard {
    /** Element nesting refused beyond this: CII nests about 10 deep; thousands deep would overflow a recursive reader. */
    static final int MAX_DEPTH = 100;

    void check(byte[] xml, String what) {
        XMLStreamReader reader = null;
        try {
            reader = InvoiceXmlSniffer.safeFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            int depth = 0;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw InvoiceXmlSniffer.unsafe(what);
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new LedgerlensException(FailureReason.EINVOICE_UNSAFE_XML,
                            what + " refers to an undeclared entity &" + reader.getLocalName() + ";");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > MAX_DEPTH) {
                            throw new LedgerlensException(FailureReason.EINVOICE_MALFORMED,
                                    what + " nests elements more than " + MAX_DEPTH + " deep; no invoice does");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                        // text, comments, processing instructions: nothing to refuse
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new LedgerlensException(FailureReason.EINVOICE_MALFORMED,
                    what + " is not well-formed XML: " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    // a reader over bytes in memory holds nothing to release
                }
            }
        }
    }
}
