package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A country's vocabulary of names and addresses (street words, legal forms, business words) comes from its label file
 * ({@code config/labels/ms.txt} for Malaysia), and the engine reads without it: by digits, postcodes and countries.
 */
class CountryVocabularyTest {
    private static final LineAssembler ASSEMBLER = new LineAssembler();
    private static final Labels MALAY = Labels.of(List.of("en", "ms"));
    private static final Labels ENGLISH = Labels.of(List.of("en"));
    private static final Labels GERMAN = Labels.of(List.of("en", "de"));

    private static RawFields read(String text, Labels labels) {
        return new ReceiptParser(LineJoin.COMMA, labels).parse(ASSEMBLER.rows(new TextLayer(text, List.of(), TextLayer.Origin.PDF_TEXT), 1)).fields();
    }

    @Test
    void everyShippedLanguageHasItsStreetWordsLegalFormsAndBusinessWords() {
        Labels malay = Labels.of(List.of("ms"));
        assertThat(malay.phrases(Labels.Kind.ADDRESS)).contains("jalan", "jln", "taman", "tmn", "lorong", "persiaran", "bangunan");
        assertThat(malay.phrases(Labels.Kind.LEGAL_FORM)).contains("Sdn. Bhd.", "Bhd.", "Berhad", "S/B");
        assertThat(malay.phrases(Labels.Kind.BUSINESS)).contains("restoran", "kedai");
        assertThat(Labels.shipped().languages()).contains("ms");
        for (String language : List.of("en", "de", "fr", "nl", "es", "it", "pt")) {
            Labels one = Labels.of(List.of(language));
            assertThat(one.phrases(Labels.Kind.ADDRESS)).as(language).isNotEmpty();
            assertThat(one.phrases(Labels.Kind.LEGAL_FORM)).as(language).isNotEmpty();
        }
        assertThat(ENGLISH.phrases(Labels.Kind.ADDRESS)).as("one country's street words stay in its own file").doesNotContain("jalan", "straße", "rue");
        assertThat(ENGLISH.phrases(Labels.Kind.LEGAL_FORM)).doesNotContain("Sdn. Bhd.", "GmbH");
    }

    @Test
    void aMalayStreetLineReadsAsAnAddressOnlyWithTheMalayList() {
        assertThat(new AddressRules(LineJoin.COMMA, MALAY).readsLikeAddress("JALAN PERMAS 10/10")).isTrue();
        assertThat(new AddressRules(LineJoin.COMMA, MALAY).readsLikeAddress("Jln Desa Tebrau")).isTrue();
        assertThat(new AddressRules(LineJoin.COMMA, ENGLISH).readsLikeAddress("JALAN PERMAS 10/10")).as("no vocabulary without ms").isFalse();
        assertThat(new AddressRules(LineJoin.COMMA, GERMAN).readsLikeAddress("Königstraße 28")).as("the end of a compound").isTrue();
        // language-neutral: a postcode, a country
        for (Labels labels : List.of(ENGLISH, Labels.none())) {
            AddressRules rules = new AddressRules(LineJoin.COMMA, labels);
            assertThat(rules.readsLikeAddress("JALAN PERMAS 10/10, 81750 MASAI")).isTrue();
            assertThat(rules.readsLikeAddress("Kuala Lumpur, Malaysia")).isTrue();
            assertThat(rules.readsLikeAddress("1.2046-0021 2X5.0000")).isFalse();
        }
    }

    @Test
    void theLegalFormOfTheMalayListMakesTheCompanyTheName() {
        String receipt = """
                LIM AH KOW
                MAJU JAYA SDN BHD
                (99881-X)
                NO 12, JALAN BESI 4,
                81100 JOHOR BAHRU
                DATE : 02-01-2019
                TOTAL : 12.00
                """;

        assertThat(read(receipt, MALAY).storeName()).isEqualTo("MAJU JAYA SDN BHD");
        assertThat(read(receipt, MALAY).storeAddress()).isEqualTo("NO 12, JALAN BESI 4, 81100 JOHOR BAHRU");
        assertThat(read(receipt, ENGLISH).storeName()).as("SDN BHD is no vocabulary without ms: the first name-like row").isEqualTo("LIM AH KOW");
        assertThat(read(receipt, ENGLISH).total()).isEqualTo("12.00");
    }

    @Test
    void withoutTheMalayListAnAddressIsStillFoundByItsNumbersAndPostcode() {
        String receipt = """
                MAJU JAYA TRADING
                NO 5, JALAN MAWAR 3,
                TAMAN BUNGA, 43000 KAJANG
                TEL: 03-1234 5678
                DATE: 07/03/2018
                TOTAL 12.00
                """;

        for (Labels labels : List.of(MALAY, ENGLISH, Labels.none())) {
            RawFields fields = read(receipt, labels);
            assertThat(fields.storeName()).as(labels.toString()).isEqualTo("MAJU JAYA TRADING");
            assertThat(fields.storeAddress()).as(labels.toString()).isEqualTo("NO 5, JALAN MAWAR 3, TAMAN BUNGA, 43000 KAJANG");
            assertThat(fields.date()).isEqualTo("07/03/2018");
            assertThat(fields.total()).isEqualTo("12.00");
        }
    }

    @Test
    void ocrMisreadingsOfALoadedLegalFormAreRepairedWhereALegalFormStands() {
        MisreadingRepairs malay = new MisreadingRepairs(MALAY);
        assertThat(malay.repairRow("KEDAI MAJU SDN BHO")).isEqualTo("KEDAI MAJU SDN BHD");
        assertThat(malay.repairRow("KEDAI MAJU S0N BHD (123456-K)")).isEqualTo("KEDAI MAJU SDN BHD (123456-K)");
        assertThat(malay.repairRow("Broadview Marketing 5dn Bhd(728384-M)")).isEqualTo("Broadview Marketing Sdn Bhd(728384-M)");
        assertThat(malay.repairRow("Maju Trading Sdn Bh0")).as("the phrase's own case in a lower-case word").isEqualTo("Maju Trading Sdn Bhd");
        assertThat(malay.repairRow("KEDAI MAJU BH0")).isEqualTo("KEDAI MAJU BHD");
        assertThat(malay.repairRow("99 SPEED MART 5/8 (519537-X)")).as("before a company number").isEqualTo("99 SPEED MART S/B (519537-X)");

        MisreadingRepairs german = new MisreadingRepairs(GERMAN);
        assertThat(german.repairRow("Müller GmbI-I")).isEqualTo("Müller GmbH");
        assertThat(german.repairRow("Müller Gmb H")).isEqualTo("Müller GmbH");
        assertThat(german.repairRow("MÜLLER 6MBH")).isEqualTo("MÜLLER GMBH");
        assertThat(german.repairRow("Müller GrnbH · Königstraße 28 · 70173 Stuttgart"))
                .as("not where a legal form stands: a sender line goes on with the address").isEqualTo("Müller GrnbH · Königstraße 28 · 70173 Stuttgart");
        assertThat(german.repairRow("KEDAI MAJU SDN BHO")).as("the Malay list is not loaded").isEqualTo("KEDAI MAJU SDN BHO");
        assertThat(malay.repairRow("Müller GmbI-I")).as("the German list is not loaded").isEqualTo("Müller GmbI-I");
    }

    @Test
    void ordinaryWordsAreLeftAlone() {
        MisreadingRepairs all = new MisreadingRepairs(Labels.shipped());
        for (String printed : List.of("KING SIZE BED", "BAD BOY", "SONIC BHOPAL", "PVC PIPE 5/8", "PVC PIPE 5/8 2.50",
                "Thank you for visiting Domino's. |", "SON BHO LANE 12", "SUN BED 120.00", "STAND 1 GMBH 2", "LTO 12.00",
                "Segi Cash & Carry Sdn. Bhd.", "ACME GmbH", "Lefèvre S.A.", "A4 PAPER 80G", "SA 15", "ITEM 1 INC 5.00")) {
            assertThat(all.repairRow(printed)).as(printed).isEqualTo(printed);
        }
    }

    @Test
    void theEngineReadsWithNoVocabularyAtAll() {
        RawFields fields = read("""
                KEDAI RUNCIT MAJU JAYA SDN BHD (123456-K)
                NO 5, JALAN MAWAR 3,
                TAMAN BUNGA, 43000 KAJANG, SELANGOR
                DATE: 07/03/2018 14:22
                TOTAL 37.40
                """, Labels.none());

        assertThat(fields.storeName()).startsWith("KEDAI RUNCIT MAJU JAYA SDN BHD");
        assertThat(fields.storeAddress()).isEqualTo("NO 5, JALAN MAWAR 3, TAMAN BUNGA, 43000 KAJANG, SELANGOR");
        assertThat(fields.total()).isEqualTo("37.40");
    }
}
