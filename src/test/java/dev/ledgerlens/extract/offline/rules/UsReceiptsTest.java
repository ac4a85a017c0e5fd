package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts as shops in the United States print them, read as OCR reads a scan (typed for these tests, no shop's
 * template): the address that ends with a state and ZIP code, a manager's name or a phone number above the street,
 * a store number after the name, weighed and counted items, coupons among the items.
 */
class UsReceiptsTest {

    @Test
    void aGroceryReceiptsItemsAreNotTheAddressAndItsWeighedAndCountedItemsAddUp() {
        RawFields fields = TypedReceipts.scanned("""
                RIVERSIDE GROCERS
                STORE #118
                44 Oak Ave
                Madison WI 53703
                BANANAS
                2.04 lb @ 0.59 /lb
                WT 1.20 F
                GROUND BEEF 85% 7.49 F
                2 @ 1.99
                YOGURT CUP 3.98 F
                COUPON YOGURT -1.00 F
                SUBTOTAL 11.67
                TOTAL USD $11.67
                DEBIT PURCHASE $11.67
                Thu, Dec-03-2026 6:42 PM
                """);

        assertThat(fields.storeName()).as("a store number row is no name").isEqualTo("RIVERSIDE GROCERS");
        assertThat(fields.storeAddress()).as("the state and ZIP end the address")
                .isEqualTo("STORE #118, 44 Oak Ave, Madison WI 53703");
        assertThat(fields.date()).isEqualTo("Dec-03-2026");
        assertThat(fields.subtotal()).isEqualTo("11.67");
        assertThat(fields.total()).isEqualTo("11.67");
        assertThat(fields.discount()).as("a coupon among the items is in the subtotal already").isNull();
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("BANANAS", "2.04", "0.59", "1.20"),
                new RawFields.Item("GROUND BEEF 85%", null, null, "7.49"),
                new RawFields.Item("YOGURT CUP", "2", "1.99", "3.98"),
                new RawFields.Item("COUPON YOGURT", null, null, "-1.00"));
    }

    @Test
    void rowsThatEndWithAnAmountEndTheAddress() {
        RawFields fields = TypedReceipts.scanned("""
                CORNER DRUG
                451 Main St
                Burlington VT 05401 USA
                RX 1123345 COPAY 10.00
                VITAMIN D3 2000IU 8.79
                SUBTOTAL 18.79
                TOTAL 18.79
                09/30/26 11:05 AM
                """);
        assertThat(fields.storeAddress()).isEqualTo("451 Main St, Burlington VT 05401 USA");
        assertThat(fields.items()).extracting(RawFields.Item::price).containsExactly("10.00", "8.79");
    }

    @Test
    void theAddressIsTheStreetAfterTheContactRowsNotTheManagersName() {
        RawFields fields = TypedReceipts.scanned("""
                SAVE MORE SUPERCENTER
                Manager JOHN SMITH
                (479) 273-4400
                2110 W WALNUT ST
                ROGERS AR 72756
                GV 2% MILK 007874235186 F 2.78 N
                SUBTOTAL 2.78
                TOTAL 2.78
                10/24/26 14:39:08
                """);
        assertThat(fields.storeAddress()).isEqualTo("2110 W WALNUT ST, ROGERS AR 72756");

        RawFields branch = TypedReceipts.scanned("""
                BULLSEYE STORES
                Minneapolis Uptown - 612-555-0101
                1300 W Lake St
                Minneapolis, MN 55408
                GROCERY
                071010055 MARKET PANTRY $2.29
                TOTAL $2.29
                11/14/2026 06:12 PM
                """);
        assertThat(branch.storeAddress()).as("a branch name with its phone number is a contact row")
                .isEqualTo("1300 W Lake St, Minneapolis, MN 55408");

        // with nothing that reads as an address after the phone row, the rows before it stay the address
        RawFields noStreet = TypedReceipts.scanned("""
                HARBOUR MALL KIOSK
                Pier Level, Harbour Mall
                (207) 555-0170
                COFFEE 3.25
                TOTAL 3.25
                11/14/2026 06:12 PM
                """);
        assertThat(noStreet.storeAddress()).isEqualTo("Pier Level, Harbour Mall");
    }

    @Test
    void aChainsStoreNumberIsNotPartOfTheName() {
        RawFields fields = TypedReceipts.scanned("""
                PET WORLD #1455
                3301 S Cooper St
                Arlington, TX 76015
                DOG FOOD 30LB 1 @ 42.99 42.99
                TOTAL 42.99
                10/01/2026 3:22PM
                """);
        assertThat(fields.storeName()).isEqualTo("PET WORLD");
        assertThat(TypedReceipts.scanned("""
                SUPERMARKET
                KEDAI RUNCIT MAJU JAYA
                TOTAL 3.00
                """).storeName()).as("a kind of business alone is no name").isEqualTo("KEDAI RUNCIT MAJU JAYA");
    }

    @Test
    void aCountPrintedBeforeTheDescriptionIsTheQuantityWhenCountTimesUnitPriceIsTheAmount() {
        RawFields fields = TypedReceipts.scanned("""
                Maple Hardware
                210 Elm Street, Springfield, IL 62704
                Date: 10/15/2026
                2 WOOD SCREWS #8 4.99 9.98
                1 DRILL BIT SET 24.99 24.99
                4 SEASON PAINT 1GAL 29.99 29.99
                Sub Total 64.96
                Amount Due 64.96
                """);
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("WOOD SCREWS #8", "2", "4.99", "9.98"),
                new RawFields.Item("DRILL BIT SET", "1", "24.99", "24.99"),
                new RawFields.Item("4 SEASON PAINT 1GAL", null, "29.99", "29.99"));
    }

    @Test
    void aDiscountBelowTheSubtotalIsTheBillsDiscount() {
        RawFields fields = TypedReceipts.scanned("""
                Blue Door Cafe
                88 Harbor St
                Portland, ME 04101
                Dec 3, 2026 7:15 PM
                Lobster Roll 24.00
                Subtotal 24.00
                Discount -4.00
                Total $20.00
                """);
        assertThat(fields.discount()).isEqualTo("4.00");
        assertThat(fields.total()).isEqualTo("20.00");
    }

    @Test
    void aStreetLineIsNeverTheNameWhenTheLogoWasNotRead() {
        RawFields fields = TypedReceipts.scanned("""
                1420 W Lincoln Ave
                Anaheim, CA 92801
                (714) 555-0142
                BANANAS 1.29 F
                TOTAL 1.29
                12/04/26 18:42
                """);
        assertThat(fields.storeName()).as("no name is better than a street: the record goes to review").isNull();
        assertThat(fields.storeAddress()).isEqualTo("1420 W Lincoln Ave, Anaheim, CA 92801");

        RawFields numbered = TypedReceipts.scanned("""
                Store 2207
                QUICKFUEL
                5500 N Broadway
                Denver CO 80216
                FUEL 35.84
                TOTAL 35.84
                11/28/2026
                """);
        assertThat(numbered.storeName()).isEqualTo("QUICKFUEL");
    }

    @Test
    void theAmountATipBringsTheBillToIsTheTotalAndTheTipIsNoItem() {
        RawFields fields = TypedReceipts.scanned("""
                Fresh Cuts Salon
                22 Park Rd
                Tampa, FL 33602
                Dec-01-2026
                Haircut 35.00
                Beard Trim 15.00
                Net Total 50.00
                Gratuity 10.00
                Total Charged $60.00
                """);
        assertThat(fields.total()).isEqualTo("60.00");
        assertThat(fields.tip()).isEqualTo("10.00");
        assertThat(fields.items()).extracting(RawFields.Item::name).containsExactly("Haircut", "Beard Trim");
    }

    @Test
    void aDiscountPrintedAfterTheTotalMakesTheAmountPaidTheTotal() {
        RawFields fields = TypedReceipts.scanned("""
                Cafe Luna
                120 Main Street
                Boulder CO 80302
                Nov 9 '26 09:14
                Latte 4.75
                Scone 3.25
                Subtotal 8.00
                Tax 0.66
                Total 8.66
                Discount -0.50
                Amount Paid 8.16
                """);
        assertThat(fields.date()).isEqualTo("Nov 9 '26");
        assertThat(fields.discount()).isEqualTo("0.50");
        assertThat(fields.total()).as("subtotal + tax - discount").isEqualTo("8.16");
    }
}
