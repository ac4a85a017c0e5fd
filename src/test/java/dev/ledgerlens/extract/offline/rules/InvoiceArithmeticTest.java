package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Invoices and receipts whose rows carry no columns (a scan as OCR reads it; typed for these tests): which amount is
 * the total when the labels leave it open, what a line's quantity is, what a table of tax rates adds up to, and where
 * the sender's address ends.
 */
class InvoiceArithmeticTest {

    private static final String NET_VAT_GROSS = """
            Brightline Consulting Ltd
            Unit 4, Riverside Park
            Leeds LS1 4AP
            VAT Reg No: GB 123 4567 89
            Tax Invoice
            Invoice No: 7781
            Invoice Date: 28/10/2026
            Item Hours Rate Total
            Strategy workshop 6.0 150.00 900.00
            Report writing 4.5 120.00 540.00
            Net 1,440.00
            VAT @ 20% 288.00
            Gross 1,728.00
            """;

    @Test
    void theAmountTheTaxBringsTheNetAmountToIsTheTotalAndTheNetAmountTheSubtotal() {
        RawFields fields = TypedReceipts.scanned(NET_VAT_GROSS);
        assertThat(fields.total()).isEqualTo("1,728.00");
        assertThat(fields.subtotal()).isEqualTo("1,440.00");
        assertThat(fields.tax()).isEqualTo("288.00");
        assertThat(fields.items()).extracting(RawFields.Item::price).containsExactly("900.00", "540.00");
    }

    @Test
    void aNetTotalWithNoTaxAfterItStaysTheTotal() {
        // Malaysian tills print the bill as NET TOTAL: only an amount the tax brings it to displaces it
        RawFields fields = TypedReceipts.scanned("""
                KEDAI RUNCIT MAJU JAYA
                DATE: 07/03/2018
                MILO 1KG 15.90
                NET TOTAL 15.90
                CASH 20.00
                CHANGE 4.10
                """);
        assertThat(fields.total()).isEqualTo("15.90");
        assertThat(fields.subtotal()).isNull();
    }

    @Test
    void aCurrencySignBeforeTheUnitPriceIsNotPartOfTheDescriptionAndAQuantityMayCarryItsUnit() {
        RawFields fields = TypedReceipts.scanned("""
                Northwind Analytics LLC
                500 Market Street, Suite 300
                San Francisco, CA 94105
                INVOICE
                Invoice number INV-2026-0042
                Date of issue November 12, 2026
                Description Qty Unit price Amount
                Analytics platform - monthly 1 $1,200.00 $1,200.00
                Additional seats 5 $40.00 $200.00
                Arbeitspreis Strom 312 kWh 0,32 € 99,84 €
                Consulting 2.5 h 90.00 225.00
                Subtotal $1,724.84
                Total $1,724.84
                """);
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("Analytics platform - monthly", "1", "1,200.00", "1,200.00"),
                new RawFields.Item("Additional seats", "5", "40.00", "200.00"),
                new RawFields.Item("Arbeitspreis Strom", "312", "0,32", "99,84"),
                new RawFields.Item("Consulting", "2.5", "90.00", "225.00"));
    }

    @Test
    void theSendersAddressEndsAtTheDocumentsTitleOrItsLabelsInAnyLoadedLanguage() {
        RawFields fields = TypedReceipts.scanned("""
                Stadtwerke Musterstadt GmbH
                Postfach 10 20 30, 12345 Musterstadt
                Rechnung
                Rechnungsnummer 4711-2026
                Rechnungsdatum 15.11.2026
                Grundpreis 1 12,50 € 12,50 €
                Rechnungsbetrag 12,50 €
                """);
        assertThat(fields.storeAddress()).isEqualTo("Postfach 10 20 30, 12345 Musterstadt");
        assertThat(fields.invoiceNumber()).isEqualTo("4711-2026");
        assertThat(TypedReceipts.scanned("""
                Boulangerie du Marché
                3 place du Marché
                33000 Bordeaux
                Tél 05 56 00 00 00
                2 Croissant 1,20 2,40
                TOTAL 2,40
                03/11/2026 08:02
                """).storeAddress()).as("an accented contact label").isEqualTo("3 place du Marché, 33000 Bordeaux");
    }

    @Test
    void aTableOfTaxRatesWithNoTaxLabelOnItsRowsGivesTheTaxWhenEachRowAddsUp() {
        RawFields fields = TypedReceipts.scanned("""
                Bäckerei Sonnenschein
                Hauptstr. 12
                80331 München
                Brezel 2 x 0,85 1,70 A
                Roggenbrot 3,40 A
                Kaffee to go 2,90 B
                SUMME EUR 8,00
                Geg. Bar EUR 10,00
                Rückgeld EUR 2,00
                Satz Netto Steuer Brutto
                A 7% 4,77 0,33 5,10
                B 19% 2,44 0,46 2,90
                05.12.2026 07:42
                """);
        assertThat(fields.total()).isEqualTo("8,00");
        assertThat(fields.tax()).isEqualTo("0,79");
        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("7%", "0,33", "4,77", null),
                new RawFields.TaxLine("19%", "0,46", "2,44", null));
        // a rate with two amounts proves nothing: no tax is made up from it
        assertThat(TypedReceipts.scanned("""
                KEDAI RUNCIT MAJU JAYA
                MILO 1KG 15.90
                TOTAL 15.90
                SR 6% 15.00 0.90
                """).tax()).isNull();
    }

    private static final String FREIGHT = """
            Lakeside Medical Supply, Inc.
            Remit to: 3900 Industrial Pkwy, Columbus, OH 43228
            Invoice Number   Invoice Date   Customer ID   Terms
            LMS-448210       10/30/2026     C-10455       Net 30
            Item          Description                    Qty    Unit Price    Ext. Price
            NT-2210       Nitrile gloves, box of 100      10       8.95         89.50
            SY-0031       Syringe 3 mL, case              2       24.60         49.20
            Merchandise Total                                                  138.70
            Freight                                                             12.50
            Sales Tax                                                            0.00
            Invoice Total                                                      151.20
            """;

    @Test
    void theRightmostOfTwoPriceColumnsIsTheLineAmount() {
        RawFields fields = TypedReceipts.read(FREIGHT);
        assertThat(fields.items()).extracting(RawFields.Item::qty, RawFields.Item::unitPrice, RawFields.Item::price)
                .containsExactly(tuple("10", "8.95", "89.50"), tuple("2", "24.60", "49.20"));
    }

    @Test
    void aChargeBelowTheSubtotalCountsInWhatTheBillComesTo() {
        RawFields fields = TypedReceipts.read(FREIGHT);
        assertThat(fields.subtotal()).isEqualTo("138.70");
        assertThat(fields.charges()).isEqualTo("12.50");
        assertThat(fields.total()).isEqualTo("151.20");
        assertThat(fields.storeAddress()).isEqualTo("3900 Industrial Pkwy, Columbus, OH 43228");
        // two charges add up; a shipping row among the items (no subtotal above it) is an item, not a charge
        RawFields twoCharges = TypedReceipts.read("""
                Northwind Outdoor Co.
                12 Main St, Boise, ID 83701
                Order date 11/02/2026
                Trail shoes 89.00
                Subtotal 89.00
                Shipping 7.95
                Handling 2.00
                Tax 5.34
                Total 104.29
                """);
        assertThat(twoCharges.charges()).isEqualTo("9.95");
        assertThat(twoCharges.total()).isEqualTo("104.29");
        assertThat(TypedReceipts.read("""
                Northwind Outdoor Co.
                12 Main St, Boise, ID 83701
                Order date 11/02/2026
                Trail shoes 89.00
                Shipping 7.95
                Total 96.95
                """).charges()).isNull();
    }

    @Test
    void aCreditNoteKeepsTheMinusOfItsAmountsAndSaysWhatItIs() {
        RawFields fields = TypedReceipts.read("""
                CREDIT NOTE
                Northwind Analytics LLC
                500 Market Street, Suite 300
                San Francisco, CA 94105
                Credit note number CN-2026-007
                Date of issue December 3, 2026
                Original invoice INV-2026-0042
                Description                        Qty    Unit price     Amount
                Refund: unused seats                 2      -40.00        -80.00
                Subtotal                                                  -$80.00
                Total                                                     -$80.00
                """);
        assertThat(fields.documentType()).isEqualTo("credit_note");
        assertThat(fields.invoiceNumber()).isEqualTo("CN-2026-007");
        assertThat(fields.total()).isEqualTo("-80.00");
        assertThat(fields.subtotal()).isEqualTo("-80.00");
        assertThat(fields.items()).extracting(RawFields.Item::unitPrice, RawFields.Item::price).containsExactly(tuple("-40.00", "-80.00"));
        assertThat(TypedReceipts.read("""
                Holzwerk Berger GmbH
                Lindenstraße 12, 80331 München
                Gutschrift Nr. 2026-017
                Datum: 24.11.2026
                Rücknahme Stuhl Eiche 189,00
                Gesamtbetrag 189,00
                """).documentType()).as("a credit note that prints its amounts positive is told by its title")
                .isEqualTo("credit_note");
        assertThat(TypedReceipts.read("""
                Boulangerie du Marché
                3 place du Marché, 33000 Bordeaux
                Baguette 1,10
                TOTAL 6,10
                AVOIR 5,00
                ESPECES 1,10
                03/11/2026 08:02
                """).documentType()).as("a voucher paid with is no credit-note title").isEqualTo("receipt");
    }

    @Test
    void aDashBeforeOneTotalIsALeaderNotARefund() {
        RawFields fields = TypedReceipts.scanned("""
                GARDEN BAKERY SDN BHD
                Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam
                Date: 03/08/2017
                WHITE BREAD 2.13 4 8.52
                WHOLEMEAL 2.78 3 8.34
                Total Payable: - 16.86
                """);
        assertThat(fields.total()).isEqualTo("16.86");
    }

    @Test
    void aTotalsRowUnderANetVatGrossTableGivesTheNetAmountAndTheTax() {
        RawFields fields = TypedReceipts.read("""
                INVOICE
                Brightwave Media Ltd
                Suite 5, 20 Shoreditch High St
                London E1 6PG
                Invoice date: 2 December 2026
                Invoice number: BWM-2207
                Description                                   Net       VAT      Gross
                Social media campaign (Nov)                1,500.00    300.00   1,800.00
                Photography (half day)                       450.00     90.00     540.00
                Totals                                     1,950.00    390.00   2,340.00
                Amount due                                                      £2,340.00
                """);
        assertThat(fields.total()).isEqualTo("2,340.00");
        assertThat(fields.subtotal()).isEqualTo("1,950.00");
        assertThat(fields.tax()).isEqualTo("390.00");
        assertThat(fields.items()).extracting(RawFields.Item::price).containsExactly("1,500.00", "450.00");
    }
}
