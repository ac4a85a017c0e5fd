package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.InvoiceSyntax;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.EInvoiceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ledgerlens.extract.einvoice.EInvoiceReaderTest.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** UBL 2.1 invoices and credit notes written with ph-ubl (Peppol BIS Billing 3), detected by content and read back. */
class UblReaderTest {
    private final EInvoiceReader reader = new EInvoiceReader();
    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

    @TempDir
    Path folder;

    @Test
    void aUblInvoiceIsDetectedByItsRootAndReadBackFieldForField() throws IOException {
        EInvoice invoice = read("peppol-invoice.xml", EInvoiceSamples.ubl(false), InvoiceSyntax.UBL_INVOICE);

        assertThat(invoice.specification()).isEqualTo(EInvoiceSamples.PEPPOL);
        assertThat(invoice.typeCode()).isEqualTo("380");
        assertThat(invoice.isCreditNote()).isFalse();
        assertThat(invoice.dueDate()).isEqualTo(EInvoiceSamples.DUE);
        assertThat(invoice.number()).isEqualTo(EInvoiceSamples.NUMBER);
        assertCommon(invoice);
    }

    @Test
    void aUblCreditNoteIsRecognisedAsACreditNoteWithItsAmountsAsStated() throws IOException {
        EInvoice invoice = read("peppol-credit-note.xml", EInvoiceSamples.ubl(true), InvoiceSyntax.UBL_CREDIT_NOTE);

        assertThat(invoice.typeCode()).isEqualTo("381");
        assertThat(invoice.isCreditNote()).isTrue();
        // UBL 2.1 credit notes have no header due date; this one states none in its payment means either
        assertThat(invoice.dueDate()).isNull();
        assertThat(invoice.number()).isEqualTo(EInvoiceSamples.CREDIT_NOTE_NUMBER);
        assertCommon(invoice);
    }

    private EInvoice read(String name, byte[] xml, InvoiceSyntax expected) throws IOException {
        // a misleading extension on purpose: the type comes from the content
        Path file = folder.resolve(name.replace(".xml", ".dat"));
        Files.write(file, xml);
        RenderedDocument rendered = renderer.render(EInvoiceSamples.source(file), new PageSpec(100, 0, 0, 0, true, false),
                folder.resolve("pages"));
        assertThat(rendered.invoiceXml().syntax()).isEqualTo(expected);
        assertThat(rendered.pages()).isEmpty();
        return reader.read(rendered.invoiceXml(), name);
    }

    private static void assertCommon(EInvoice invoice) {
        assertThat(invoice.issueDate()).isEqualTo(EInvoiceSamples.ISSUED);
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.buyerReference()).isEqualTo(EInvoiceSamples.BUYER_REFERENCE);
        assertThat(invoice.orderReference()).isEqualTo(EInvoiceSamples.ORDER);
        assertThat(invoice.seller().name()).isEqualTo(EInvoiceSamples.SELLER);
        assertThat(invoice.seller().vatId()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(invoice.seller().taxId()).isEqualTo(EInvoiceSamples.SELLER_TAX_ID);
        assertThat(invoice.seller().address()).isEqualTo("Hafenstraße 12, 20457, Hamburg, DE");
        assertThat(invoice.buyer().name()).isEqualTo(EInvoiceSamples.BUYER);
        assertThat(invoice.lines()).extracting(EInvoice.Line::name, EInvoice.Line::unit, l -> plain(l.quantity()),
                        l -> plain(l.netPrice()), l -> plain(l.netAmount()), EInvoice.Line::vatCategory, l -> plain(l.vatRate()))
                .containsExactly(tuple("Beratung", "HUR", "10", "120", "1200", "S", "19"),
                        tuple("Fachbuch", "H87", "2", "24.5", "49", "S", "7"));
        assertThat(invoice.allowancesCharges()).singleElement().satisfies(allowance -> {
            assertThat(allowance.charge()).isFalse();
            assertThat(allowance.amount()).isEqualByComparingTo("50.00");
        });
        assertThat(invoice.vatBreakdown()).extracting(EInvoice.VatBreakdown::category, v -> plain(v.rate()),
                        v -> plain(v.base()), v -> plain(v.amount()))
                .containsExactly(tuple("S", "19", "1150", "218.5"), tuple("S", "7", "49", "3.43"));
        assertThat(invoice.lineTotal()).isEqualByComparingTo("1249.00");
        assertThat(invoice.allowanceTotal()).isEqualByComparingTo("50.00");
        assertThat(invoice.netTotal()).isEqualByComparingTo("1199.00");
        assertThat(invoice.taxTotal()).isEqualByComparingTo("221.93");
        assertThat(invoice.grandTotal()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(invoice.amountDue()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(invoice.payment().code()).isEqualTo("58");
        assertThat(invoice.payment().iban()).isEqualTo(EInvoiceSamples.IBAN);
    }
}
