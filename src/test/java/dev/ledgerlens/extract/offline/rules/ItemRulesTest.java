package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Line items ({@link ItemRules}). */
class ItemRulesTest {

    @Test
    void readsQuantityAtUnitPriceAndPlainRows() {
        RawFields fields = TypedReceipts.read("""
                CORNER BAKERY LTD
                12 Mill Lane, York YO1 7HH
                DATE: 03/02/2026
                CROISSANT 2 @ 1.60 3.20
                COFFEE 2.50
                TOTAL 5.70
                """);

        assertThat(fields.items()).containsExactly(
                new RawFields.Item("CROISSANT", "2", "1.60", "3.20"),
                new RawFields.Item("COFFEE", null, null, "2.50"));
    }

    @Test
    void joinsAQuantityRowToTheDescriptionRowAboveIt() {
        RawFields fields = TypedReceipts.read("""
                CORNER BAKERY LTD
                DATE: 03/02/2026
                SOURDOUGH LOAF
                2 x 4.50 9.00
                TOTAL 9.00
                """);

        assertThat(fields.items()).containsExactly(new RawFields.Item("SOURDOUGH LOAF", "2", "4.50", "9.00"));
    }

    @Test
    void leavesOutTheTableHeaderAndEverythingFromTheSubtotalDown() {
        RawFields fields = TypedReceipts.read("""
                RIVERSIDE CAFE LTD
                DATE: 11/05/2025
                ITEM QTY AMOUNT
                TEA 1 2.00
                SUBTOTAL 2.00
                SERVICE CHARGE 0.20
                TOTAL 2.20
                CASH 5.00
                CHANGE 2.80
                """);

        assertThat(fields.items()).containsExactly(new RawFields.Item("TEA", "1", null, "2.00"));
    }
}
