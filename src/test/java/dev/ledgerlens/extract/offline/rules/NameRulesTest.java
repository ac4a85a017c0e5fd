package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shop or vendor name ({@link NameRules}). */
class NameRulesTest {
    private RawFields read(String text) {
        return TypedReceipts.read(text);
    }

    @Test
    void prefersTheLegalEntityOverAPersonsNameAboveIt() {
        RawFields fields = read("""
                LIM AH KOW
                SERI MURNI HARDWARE SDN BHD
                (99881-X)
                LOT 12, JALAN BESI 4,
                81100 JOHOR BAHRU
                CASH BILL
                DATE : 02-01-2019
                TOTAL : 12.00
                """);

        assertThat(fields.storeName()).isEqualTo("SERI MURNI HARDWARE SDN BHD");
        assertThat(fields.storeAddress()).as("the registration number is not part of the address")
                .isEqualTo("LOT 12, JALAN BESI 4, 81100 JOHOR BAHRU");
        assertThat(fields.total()).isEqualTo("12.00");
    }

    @Test
    void aStreetLineAfterAUnitIsNoNameAndAnAustralianDollarAndDateAreTheAddresses() {
        RawFields fields = read("""
                Tandoori Nights
                Shop 3, 88 Church Street
                Parramatta NSW 2150
                ABN 98 765 432 109
                Tax Invoice
                Date: 04/12/2026  Time: 19:22
                Butter Chicken         $18.90
                Garlic Naan x2          $7.00
                Mango Lassi             $5.50
                Total (inc GST)        $31.40
                GST                     $2.85
                Card                   $31.40
                """);

        assertThat(fields.storeName()).isEqualTo("Tandoori Nights");
        assertThat(fields.storeAddress()).isEqualTo("Shop 3, 88 Church Street, Parramatta NSW 2150");
        assertThat(fields.currency()).as("as printed: validation reads it as the address's dollar").isEqualTo("$");
        assertThat(fields.total()).isEqualTo("31.40");
    }

    @Test
    void aColonOcrSetBetweenTheWordsOfANameIsDropped() {
        assertThat(read("""
                THE: TOAST F&B SDN BHD
                NO 5, JALAN MAWAR 3, 43000 KAJANG
                TOTAL 9.60
                """).storeName()).isEqualTo("THE TOAST F&B SDN BHD");
        assertThat(read("""
                CAFE 2:30 SDN BHD
                TOTAL 9.60
                """).storeName()).as("between digits it is printed").isEqualTo("CAFE 2:30 SDN BHD");
    }

    @Test
    void aFullStopOrACompanyNumberAfterTheLastWordOfANameIsDroppedButAnAbbreviationKeepsItsStop() {
        assertThat(read("RESTORAN SIAM VILLAGE.\nTOTAL 9.60\n").storeName()).isEqualTo("RESTORAN SIAM VILLAGE");
        assertThat(read("EIGHT OUNCE COFFEE CO.\nTOTAL 9.60\n").storeName()).isEqualTo("EIGHT OUNCE COFFEE CO.");
        assertThat(read("ACME SUPPLY CORP.\nTOTAL 9.60\n").storeName()).isEqualTo("ACME SUPPLY CORP.");
        assertThat(read("SEGI CASH & CARRY SDN. BHD.\nTOTAL 9.60\n").storeName()).isEqualTo("SEGI CASH & CARRY SDN. BHD.");
        // a company number printed after a name without a legal form is not part of the name
        assertThat(read("TONYMOLY SHOP (95874))\nTOTAL 9.60\n").storeName()).isEqualTo("TONYMOLY SHOP");
        assertThat(read("KEDAI BUKU MAJU (519537-X)\nTOTAL 9.60\n").storeName()).isEqualTo("KEDAI BUKU MAJU");
        assertThat(read("SUNRISE CAFE (1990)\nTOTAL 9.60\n").storeName()).as("a year in brackets").isEqualTo("SUNRISE CAFE (1990)");
    }

    @Test
    void aNameWrappedOverThreeRowsIsReadWhole() {
        RawFields fields = read("""
                AIK HUAT HARDWARE
                ENTERPRISE (SETIA
                ALAM) SDN BHD
                822737-X
                NO. 17-G, JALAN SETIA INDAH (X) U13/X
                TOTAL 12.00
                """);

        assertThat(fields.storeName()).isEqualTo("AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD");
    }

    @Test
    void skipsHeadingsAndJoinsALegalFormWrappedOntoItsOwnRow() {
        RawFields fields = read("""
                WELCOME
                TAX INVOICE
                POPULAR BOOK
                CO. (M) SDN BHD
                LOT 1, JALAN 2
                TOTAL 12.00
                """);

        assertThat(fields.storeName()).isEqualTo("POPULAR BOOK CO. (M) SDN BHD");
    }

    @Test
    void aTradingNamePrintedAboveTheLegalEntityIsTheName() {
        RawFields fields = read("""
                GOLDEN BAKERY
                GOLDEN FOOD INDUSTRIES SDN BHD
                (123456-X)
                NO 3, JALAN 4
                TOTAL 5.00
                """);

        assertThat(fields.storeName()).isEqualTo("GOLDEN BAKERY");
    }
}
