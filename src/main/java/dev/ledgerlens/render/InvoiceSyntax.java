package dev.ledgerlens.render;

import java.util.Optional;

/**
 * The e-invoice syntaxes Ledgerlens reads, each known by its root element and namespace (a root element of the right
 * name in another namespace is not an invoice). Every profile of one syntax shares its root: ZUGFeRD 2, Factur-X and
 * XRechnung in CII syntax are all {@link #CII}; XRechnung in UBL syntax and Peppol BIS Billing 3 are
 * {@link #UBL_INVOICE} or {@link #UBL_CREDIT_NOTE}.
 */
public enum InvoiceSyntax {
    /** UN/CEFACT Cross Industry Invoice D16B: ZUGFeRD 2.x, Factur-X, XRechnung CII. */
    CII("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "CrossIndustryInvoice"),
    /** ZUGFeRD 1.0's Cross Industry Document. */
    ZUGFERD_1("urn:ferd:CrossIndustryDocument:invoice:1p0", "CrossIndustryDocument"),
    /** UBL 2.1 Invoice: XRechnung UBL, Peppol BIS Billing 3. */
    UBL_INVOICE("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
    /** UBL 2.1 CreditNote. */
    UBL_CREDIT_NOTE("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote");

    private final String namespace;
    private final String rootElement;

    InvoiceSyntax(String namespace, String rootElement) {
        this.namespace = namespace;
        this.rootElement = rootElement;
    }

    public String namespace() {
        return namespace;
    }

    public String rootElement() {
        return rootElement;
    }

    /** True for the UBL syntaxes (read with ph-ubl), false for CII (read with Mustang). */
    public boolean isUbl() {
        return this == UBL_INVOICE || this == UBL_CREDIT_NOTE;
    }

    /** The syntax whose root is {@code localName} in {@code namespace}, if any. */
    public static Optional<InvoiceSyntax> of(String namespace, String localName) {
        for (InvoiceSyntax syntax : values()) {
            if (syntax.namespace.equals(namespace) && syntax.rootElement.equals(localName)) {
                return Optional.of(syntax);
            }
        }
        return Optional.empty();
    }
}
