package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Combining the readings of several OCR passes ({@link PassVote}). */
class PassVoteTest {
    private final ReceiptParser parser = new ReceiptParser();
    private final LineAssembler assembler = new LineAssembler();

    @Test
    void combinesOcrPassesFieldByFieldPreferringAgreement() {
        ReceiptParser.Parsed first = parser.parse(assembler.rows(new TextLayer("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                TOTAL 9.60
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed second = parser.parse(assembler.rows(new TextLayer("""
                ACME ST0RES
                1 High Street, Leeds LS1 1AA
                TOTAL 9.00
                CASH 9.00
                """, List.of(), TextLayer.Origin.OCR), 1));

        RawFields combined = PassVote.combine(List.of(first, second)).fields();

        assertThat(combined.total()).as("the reading backed by the amount paid").isEqualTo("9.00");
        assertThat(combined.storeName()).as("the legal form is the surer name").isEqualTo("ACME STORES LTD");
        assertThat(combined.storeAddress()).isEqualTo("1 High Street, Leeds LS1 1AA");
        assertThat(combined.date()).as("a field only one pass read").isEqualTo("12/11/2025");
    }

    @Test
    void weightedPassesOutvoteAndNamesAgreeWhateverTheirSpacing() {
        ReceiptParser.Parsed tesseract = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKA INTERNATIONAL SDN BHD
                12, Jalan Tampoi 7/4, 81200 Johor Bahru
                TOTAL 8.70
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed otherMode = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKA INTERNATI0NAL SDN BHD
                12, Jalan Tampoi 7/4, 81200 Johor Bahru
                TOTAL 8.70
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed lineReader = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKAINTERNATIONALSDNBHD
                12,Jalan Tampoi 7/4,81200 Johor Bahru
                TOTAL 8.20
                """, List.of(), TextLayer.Origin.OCR), 1));

        RawFields equal = PassVote.combine(List.of(tesseract, otherMode, lineReader)).fields();
        assertThat(equal.total()).as("two readings against one").isEqualTo("8.70");

        RawFields weighted = PassVote.combine(List.of(tesseract, otherMode, lineReader),
                List.of(Map.of(), Map.of(), Map.of("total", 3.0))).fields();
        assertThat(weighted.total()).as("the reader weighted for totals").isEqualTo("8.20");
        assertThat(weighted.storeName()).as("spacing-blind agreement, written with the first pass's spaces")
                .isEqualTo("UNIHAKKA INTERNATIONAL SDN BHD");
    }

    @Test
    void datesAgreeByTheDayTheyNameNotByHowTheyArePrinted() {
        ReceiptParser.Parsed spaced = parser.parse(assembler.rows(new TextLayer("ACME STORES LTD\n05 Mar 2018\nTOTAL 9.60\n", List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed glued = parser.parse(assembler.rows(new TextLayer("ACME STORES LTD\n05Mar2018\nTOTAL 9.60\n", List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed otherDay = parser.parse(assembler.rows(new TextLayer("ACME STORES LTD\n06 Mar 2018\nTOTAL 9.60\n", List.of(), TextLayer.Origin.OCR), 1));

        ReceiptParser.Parsed agreed = PassVote.combine(List.of(spaced, glued, spaced));
        assertThat(agreed.fields().date()).isEqualTo("05 Mar 2018");
        assertThat(agreed.evidence().get("date").agreeing()).isEqualTo(3);
        assertThat(agreed.evidence().get("date").share()).isEqualTo(1.0);

        ReceiptParser.Parsed contested = PassVote.combine(List.of(spaced, glued, otherDay));
        assertThat(contested.fields().date()).isEqualTo("05 Mar 2018");
        assertThat(contested.evidence().get("date").agreeing()).isEqualTo(2);
        assertThat(contested.evidence().get("date").share()).isLessThan(1.0);
    }

    @Test
    void ppOcrsDateOutvotesTheSameMisreadingOfBothTesseractPasses() {
        // both Tesseract passes read the year's last digit alike and wrong; PP-OCR, the surer date reader, reads it right
        ReceiptParser.Parsed misread = new ReceiptParser.Parsed(new RawFields("receipt", "ACME STORES LTD", null, "Oct 3, 2015",
                null, List.of(), null, null, null, null, "9.60", null, null, null, null, null, null, null, List.of()),
                Map.of("store_name", 0.9, "date", 0.8, "total", 0.9));
        ReceiptParser.Parsed right = new ReceiptParser.Parsed(new RawFields("receipt", "ACME STORES LTD", null, "Oct 3, 2016",
                null, List.of(), null, null, null, null, "9.60", null, null, null, null, null, null, null, List.of()),
                Map.of("store_name", 0.9, "date", 0.9, "total", 0.9));

        RawFields equal = PassVote.combine(List.of(misread, misread, right)).fields();
        assertThat(equal.date()).as("an equal vote: two readings against one").isEqualTo("Oct 3, 2015");

        RawFields weighted = PassVote.combine(List.of(misread, misread, right),
                List.of(Map.of(), Map.of(), PassVote.PPOCR_WEIGHTS)).fields();
        assertThat(weighted.date()).as("PP-OCR's reading, weighted as the engine weighs it").isEqualTo("Oct 3, 2016");
    }

    @Test
    void fieldsBelowTheMinimumConfidenceAreLeftOut() {
        RawFields read = new RawFields("receipt", "ACME STORES LTD", null, "12/11/2025", null, List.of(), null, null, null,
                null, "9.60", null, null, null, null, null, null, null, List.of());
        ReceiptParser.Parsed parsed = new ReceiptParser.Parsed(read, Map.of("store_name", 0.95, "date", 0.2, "total", 0.31));

        ReceiptParser.Parsed decided = new PassVote(0.3).decide(List.of(parsed), List.of(Map.of()));

        assertThat(decided.fields().date()).as("read with 0.2 < 0.3: left out, not guessed").isNull();
        assertThat(decided.confidence()).doesNotContainKey("date");
        assertThat(decided.fields().total()).isEqualTo("9.60");
        assertThat(decided.fields().storeName()).isEqualTo("ACME STORES LTD");
    }
}
