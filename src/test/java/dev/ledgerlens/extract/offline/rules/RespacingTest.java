package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Putting back the spaces one reading dropped, from the other readings ({@link Respacing}). */
class RespacingTest {

    @Test
    void theGapsOtherReadingsSeeGoIntoARunTogetherValue() {
        assertThat(Respacing.respace("UNIT4,HARBOURVIEWPARK, 2150PARRAMATTA",
                List.of("UNIT 4, HARBOURV1EW PARK, 2150 PARRAMATIA")))
                .as("the value's characters, the other reading's gaps; misread letters around a gap do not stop it")
                .isEqualTo("UNIT 4, HARBOURVIEW PARK, 2150 PARRAMATTA");
    }

    @Test
    void theValueIsFoundInAWholePageReading() {
        String page = """
                Welcome
                GREENLEAF TRADING CO
                Lot 7, Riverside Industrial Estate
                Tel 555 0100
                TOTAL 12.00
                """;
        assertThat(Respacing.respace("Lot7,RiversideIndustrialEstate", List.of(page)))
                .isEqualTo("Lot 7, Riverside Industrial Estate");
        assertThat(Respacing.respace("GREENLEAFTRADINGCO", List.of(page)))
                .as("the value's own case is kept").isEqualTo("GREENLEAF TRADING CO");
    }

    @Test
    void aGapOnlyOneOfTwoReadingsSeesIsLeftOut() {
        // one recogniser spaces out the letters of a bold name; the other reads it as one word
        assertThat(Respacing.respace("GARDENBAKERY SDN BHD", List.of("GAR DEN BAK ERY SDN BHD", "GARDEN BAKERY SDN BHD")))
                .as("the gap both see, not the ones one sees").isEqualTo("GARDEN BAKERY SDN BHD");
        assertThat(Respacing.respace("GARDENBAKERY SDN BHD", List.of("GAR DEN BAK ERY SDN BHD", "GARDENBAKERY SDN BHD")))
                .isEqualTo("GARDENBAKERY SDN BHD");
    }

    @Test
    void spacesAreOnlyAddedWhereTheReadingsAgreeAroundThem() {
        assertThat(Respacing.respace("MAPLEWOOD", List.of("MAPLE OAK WOOD")))
                .as("the other reading has more between the two words: the letters around its gaps are not aligned")
                .isEqualTo("MAPLEWOOD");
        assertThat(Respacing.respace("HARBOURVIEW", List.of("HARBXYZ VIEW")))
                .as("two of the four letters around the gap differ").isEqualTo("HARBOURVIEW");
        assertThat(Respacing.respace("ACME STORES", List.of("ACMESTORES"))).as("never a space taken away")
                .isEqualTo("ACME STORES");
        assertThat(Respacing.respace("ACMESTORES", Arrays.asList(null, ""))).isEqualTo("ACMESTORES");
        assertThat(Respacing.respace(null, List.of("ACME STORES"))).isNull();
    }

    @Test
    void theVoteWritesTheWinningNameAndAddressWithTheGapsOfTheOtherPassesPages() {
        LineAssembler assembler = new LineAssembler();
        ReceiptParser parser = new ReceiptParser();
        List<String> pages = List.of("""
                LIANG HUAT TRAD1NG SDN BHD
                N0. 32, JALAN MERANTI 3, TAMAN SER1 JAYA,
                43300 SERI KEMBANGAN
                TOTAL 8.70
                """, """
                LIANGHUATTRADINGSDNBHD
                NO.32,JALANMERANTI3,TAMANSERIJAYA,
                43300SERIKEMBANGAN
                TOTAL 8.70
                """);
        List<ReceiptParser.Parsed> passes = pages.stream()
                .map(page -> parser.parse(assembler.rows(new TextLayer(page, List.of(), TextLayer.Origin.OCR), 1)))
                .toList();
        List<Map<String, Double>> weights = List.of(Map.of(), Map.of("store_name", 2.0, "store_address", 2.0));

        RawFields voted = new PassVote(0).decide(passes, weights, pages).fields();

        assertThat(voted.storeName()).isEqualTo("LIANG HUAT TRADING SDN BHD");
        assertThat(voted.storeAddress()).as("the weighted pass's characters, the first pass's gaps")
                .isEqualTo("NO. 32, JALAN MERANTI 3, TAMAN SERI JAYA, 43300 SERI KEMBANGAN");
        assertThat(PassVote.combine(passes, weights).fields().storeAddress())
                .as("without the pages, the other pass's value gives the gaps").isEqualTo(voted.storeAddress());
    }
}
