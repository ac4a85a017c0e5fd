package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Totals, subtotals, tax, tip and discount ({@link AmountRules}). */
class AmountRulesTest {
    private RawFields read(String text) {
        return TypedReceipts.read(text);
    }

    @Test
    void ignoresTotalsThatAreNotTheAmountPaid() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 1.20
                Milk 0.95
                TOTAL QTY 2
                TOTAL 2.15
                CASH 5.00
                CHANGE 2.85
                VAT SUMMARY
                TOTAL 1.79 0.36
                """);

        assertThat(fields.total()).isEqualTo("2.15");
    }

    @Test
    void theTotalIsTheAmountPaidAfterCashRoundingEvenWhenTheRoundedRowsLabelIsLost() {
        // "Rounding RM 45.35" with its label misread; the adjustment's own amount garbled ("RM 01")
        RawFields fields = read("""
                KEDAI MAJU SDN BHD
                NO 5, JALAN MAWAR 3, 43000 KAJANG
                07/03/2018
                CSR GULA 2 x 3.50 7.00
                MILO 1KG 38.34
                Total Sales (Inclusive GST) RM 45.34
                Rounding Adjustment RM 01
                Roundinq RH 45.35
                CREDIT RM 45.35
                CHANGE RM 0.00
                """);

        assertThat(fields.total()).isEqualTo("45.35");
    }

    @Test
    void aTotalIsNotRoundedWithoutARoundingAdjustmentNorToAnAmountThatIsNotItsRoundedValue() {
        RawFields noAdjustment = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 2.14
                TOTAL 2.14
                Loyalty points 2.15
                """);
        RawFields tendered = read("""
                KEDAI MAJU SDN BHD
                NO 5, JALAN MAWAR 3, 43000 KAJANG
                07/03/2018
                MILO 1KG 45.34
                Total Sales (Inclusive GST) RM 45.34
                Rounding Adjustment RM 0.00
                CASH RM 50.00
                CHANGE RM 4.66
                """);

        assertThat(noAdjustment.total()).isEqualTo("2.14");
        assertThat(tendered.total()).isEqualTo("45.34");
    }

    @Test
    void withTheTotalsLabelUnreadTheCashHandedOverIsNotTheTotal() {
        // "Total" misread as "Totsl": no total label; the largest amount is the cash tendered, which change shows to be more
        RawFields fields = read("""
                TIMES BOOKSTORES
                Date: 23/04/2017
                PILOT BP-1RT BALLPOINT PEN 1.49
                PILOT FUDE MAKASE BRUSH PEN 5.89
                PILOT M.PENCIL S.GRIP 4.99
                Totsl RA 12.37
                Tendered-CASH RM 50.00
                Change RM 37.65
                """);

        assertThat(fields.total()).isEqualTo("12.37");
    }

    @Test
    void aTotalWhoseDecimalPointOcrTurnedIntoADashOrASpaceIsRead() {
        String head = """
                GUARDIAN HEALTH AND BEAUTY SDN BHD
                NO 5, JALAN MAWAR 3, 43000 KAJANG
                07/03/2018
                WAYCARE WOUND DRESSING 5.30
                GENTAMICIN CREAM 6.80
                """;

        assertThat(read(head + "TOTAL 12-10\nDEBIT CARD\n").total()).isEqualTo("12.10");
        assertThat(read(head + "TOTAL RM 12 10\n").total()).isEqualTo("12.10");
        assertThat(read(head + "Total After Rounding 12. 10\n").total()).isEqualTo("12.10");
        // a total row that prints its amount keeps it; a row that is no total gives none
        assertThat(read(head + "TOTAL 12.10 2 10\n").total()).isEqualTo("12.10");
        assertThat(read(head + "TOTAL QTY 2 10\nTOTAL 12.10\n").total()).isEqualTo("12.10");
    }

    @Test
    void takesTheAmountPrintedOnTheRowBelowItsLabel() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 1.20
                GRAND TOTAL
                1.20
                """);

        assertThat(fields.total()).isEqualTo("1.20");
    }

    @Test
    void sumsTwoTaxRatesWhenNoTaxTotalIsPrinted() {
        RawFields fields = read("""
                CAFE LUMIERE SARL
                12 Rue de Rivoli, 75001 Paris
                DATE: 03/02/2026
                Croissant 1,20
                Vin 8,00
                TVA 5,5% 0,07
                TVA 20% 1,33
                TOTAL 9,20
                """);

        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("5,5%", "0,07"), new RawFields.TaxLine("20%", "1,33"));
        assertThat(fields.tax()).as("the sum, written with the document's decimal comma").isEqualTo("1,40");
        assertThat(fields.total()).isEqualTo("9,20");
    }

    @Test
    void theTaxOfARowThatPrintsTheNetAndTheGrossBesideItIsTheAmountAfterItsLabel() {
        RawFields fields = read("""
                Boulangerie du Marché
                3 place du Marché
                33000 Bordeaux
                2 Croissant 1,20 2,40
                1 Pain au chocolat 1,35
                TOTAL 3,75
                TVA 5,5% HT 3,55 TVA 0,20 TTC 3,75
                03/11/2026 08:02
                """);

        assertThat(fields.tax()).isEqualTo("0,20");
        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("5,5%", "0,20"));
        assertThat(fields.total()).isEqualTo("3,75");
    }

    @Test
    void aTaxOfMoreThanAThirdOfTheTotalIsNotReadAsTheTax() {
        // the tax row prints the gross where OCR lost the tax: no tax beats a wrong one that looks right
        RawFields fields = read("""
                KEDAI RUNCIT MAJU
                12 JALAN BESAR, 40000 SHAH ALAM
                Date: 15/05/2017
                MILO 3X 1.40 4.20
                ROTI 0.50
                Total : 4.70
                Cash 5.00
                Change 0.30
                GST 6% 4.70
                """);

        assertThat(fields.total()).isEqualTo("4.70");
        assertThat(fields.tax()).isNull();
        assertThat(fields.taxLines()).isEmpty();
    }

    @Test
    void aCurrencyCodeMayStandBetweenTheTaxLabelAndItsAmount() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 10.00
                VAT GBP 2.00 NET GBP 10.00
                TOTAL 12.00
                """);

        assertThat(fields.tax()).isEqualTo("2.00");
    }

    @Test
    void backsTheTotalThatEqualsSubtotalPlusTaxOverAnotherTotalRow() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                SUBTOTAL 10.00
                TAX 0.60
                TOTAL 10.60
                TOTAL SAVED 1.00
                """);

        assertThat(fields.subtotal()).isEqualTo("10.00");
        assertThat(fields.tax()).isEqualTo("0.60");
        assertThat(fields.total()).isEqualTo("10.60");
    }
}
