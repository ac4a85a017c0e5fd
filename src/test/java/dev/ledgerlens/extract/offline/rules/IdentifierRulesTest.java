package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Identifiers, customer block, currency, payment method and document type ({@link IdentifierRules}). */
class IdentifierRulesTest {

    @Test
    void readsTheLabelledIdentifiersAndTheCustomerBlockOfAnInvoice() {
        RawFields fields = TypedReceipts.read("""
                ACME SUPPLIES LTD
                4 Abbey Street, Bath BA1 1NN
                INVOICE
                Invoice No: INV-2026/0042
                PO Number: PO-7781
                VAT Reg No: GB 123456789
                Bill to: Widget Works Ltd
                12 Mill Lane
                York YO1 7HH
                Date: 03/02/2026
                Description Qty Unit price Amount
                Widgets 10 1.00 10.00
                Total GBP 12.00
                """);

        assertThat(fields.documentType()).isEqualTo("invoice");
        assertThat(fields.invoiceNumber()).isEqualTo("INV-2026/0042");
        assertThat(fields.poNumber()).isEqualTo("PO-7781");
        assertThat(fields.vendorTaxId()).isEqualTo("GB 123456789");
        assertThat(fields.billTo()).isEqualTo("Widget Works Ltd, 12 Mill Lane, York YO1 7HH");
        assertThat(fields.currency()).isEqualTo("GBP");
    }

    @Test
    void anInvoiceNumberMayBeASeriesOfCapitalsAndANumber() {
        String invoice = """
                Oficina Técnica Ribeiro, Lda.
                Rua Augusta 120, 1100-053 Lisboa
                FATURA N.º %s
                Data: 09-11-2026
                Total a pagar 633,45 €
                """;
        assertThat(TypedReceipts.read(invoice.formatted("FT 2026/187")).invoiceNumber()).isEqualTo("FT 2026/187");
        assertThat(TypedReceipts.read(invoice.formatted("2026/187")).invoiceNumber()).isEqualTo("2026/187");
        // a date after the label is no number
        assertThat(TypedReceipts.read(invoice.formatted("FT 09-11-2026")).invoiceNumber()).isNull();
    }

    @Test
    void takesTheCurrencyPrintedMostOftenBesideAmounts() {
        RawFields fields = TypedReceipts.read("""
                CAFE CENTRAL GMBH
                Hauptstrasse 1, 10115 Berlin
                Prices in EUR, USD accepted
                Kaffee € 3,20
                Kuchen € 4,10
                Summe € 7,30
                """);

        assertThat(fields.currency()).isEqualTo("EUR");
    }

    @Test
    void takesThePaymentWordPrintedBelowTheTotal() {
        RawFields fields = TypedReceipts.read("""
                KEDAI MAJU SDN BHD
                CASH BILL
                DATE: 02-01-2019
                MEMBER CARD NO 88123
                MILO 3.50
                TOTAL 3.50
                CASH 5.00
                CHANGE 1.50
                """);

        assertThat(fields.paymentMethod()).as("not the member card above the total").isEqualTo("CASH");
        assertThat(fields.documentType()).as("a cash bill is a receipt that says BILL").isEqualTo("invoice");
        assertThat(TypedReceipts.read("""
                CORNER SHOP LTD
                TOTAL 3.50
                """).documentType()).isEqualTo("receipt");
    }
}
