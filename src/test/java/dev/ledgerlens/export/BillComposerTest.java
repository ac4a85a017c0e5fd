package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.ledgerlens.export.BillImportCheckTest.invoice;
import static dev.ledgerlens.export.BillImportCheckTest.item;
import static dev.ledgerlens.export.BillImportCheckTest.receipt;
import static dev.ledgerlens.export.BillImportCheckTest.stored;
import static dev.ledgerlens.export.BillImportCheckTest.tax;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a document becomes bill lines: the tax logic of docs/exports.md, case by case. */
class BillComposerTest {
    private final BillComposer composer = new BillComposer(List.of(new BigDecimal("20"), new BigDecimal("5"),
            new BigDecimal("5.5"), new BigDecimal("8.5")));

    @Test
    void largestRemainderGivesTheLeftOverCentsToTheLinesThatLostMostInRounding() {
        // 0.59 over three equal lines: 0.1966… each; floor 0.19 ×3 = 0.57; two cents left, to the first two on the tie
        assertThat(TaxSpreader.spread(new BigDecimal("0.59"), amounts("0.99", "0.99", "0.99")))
                .containsExactly(new BigDecimal("0.20"), new BigDecimal("0.20"), new BigDecimal("0.19"));
        // 10.00 over 1, 2, 3: 1.666…, 3.333…, 5.00 → 1.66, 3.33, 5.00 and the last cent to 1.666… (lost 0.0066…)
        assertThat(TaxSpreader.spread(new BigDecimal("10.00"), amounts("1", "2", "3")))
                .containsExactly(new BigDecimal("1.67"), new BigDecimal("3.33"), new BigDecimal("5.00"));
        // a discount takes a negative share, and the shares still add up
        List<BigDecimal> withDiscount = TaxSpreader.spread(new BigDecimal("3.10"), amounts("23.00", "9.25", "8.25", "-4.05"));
        assertThat(withDiscount.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("3.10");
        assertThat(withDiscount.get(3)).isNegative();
        // a three-decimal currency keeps its third decimal
        assertThat(TaxSpreader.spread(new BigDecimal("0.105"), amounts("1", "1"))).containsExactly(new BigDecimal("0.053"),
                new BigDecimal("0.052"));
        assertThatThrownBy(() -> TaxSpreader.spread(new BigDecimal("1.00"), amounts("5.00", "-5.00")))
                .hasMessageContaining("add up to zero");
    }

    @Test
    void twoRatesWithoutMarkedLinesAreAssignedByTheOnlyArithmeticThatGivesThePrintedTaxes() {
        Bill bill = compose(invoice("F-1", "EUR", "551.09", "63.09",
                List.of(item("Croissants", "120", "0.95", "114.00"), item("Pain", "40", "3.10", "124.00"),
                        item("Vitrine", "1", "250.00", "250.00")),
                List.of(tax("5.5", "13.09"), tax("20", "50.00"))));

        assertThat(bill.perRate()).isFalse();
        assertThat(bill.lines()).extracting(line -> line.tax().label()).containsExactly("5.5%", "5.5%", "20%");
        assertThat(bill.lines()).extracting(BillLine::taxAmount).containsExactly(new BigDecimal("6.27"),
                new BigDecimal("6.82"), new BigDecimal("50.00"));
    }

    @Test
    void aRatePrintedOnALineDecidesWhereTheArithmeticCannot() {
        // 10 + 10 at 20% and 10%: swapping the two lines fits as well, so only the printed rates can decide
        DocumentRecord.LineItem a = item("Service A (20%)", "1", "10.00", "10.00");
        DocumentRecord.LineItem b = item("Service B (5%)", "1", "10.00", "10.00");
        Bill marked = compose(invoice("M-1", "GBP", "22.50", "2.50", List.of(a, b), List.of(tax("20", "2.00"), tax("5", "0.50"))));
        Bill unmarked = compose(invoice("M-2", "GBP", "22.50", "2.50",
                List.of(item("Service A", "1", "10.00", "10.00"), item("Service B", "1", "10.00", "10.00")),
                List.of(tax("20", "2.00"), tax("5", "0.50"))));

        assertThat(marked.lines()).extracting(line -> line.tax().label()).containsExactly("20%", "5%");
        assertThat(unmarked.perRate()).isTrue();
        assertThat(unmarked.notes()).singleElement().asString().contains("more than one assignment");
        assertThat(unmarked.lines()).extracting(BillLine::description).containsExactly("Net at 20%", "Net at 5%");
        assertThat(BillComposer.printedRate("Milk 3.5% fat, 20% off")).as("two percentages: no rate").isNull();
        assertThat(BillComposer.printedRate("Brot 7 %")).isEqualByComparingTo("7");
        assertThat(BillComposer.printedRate("Croissants 5,5%")).isEqualByComparingTo("5.5");
    }

    @Test
    void linesNoPrintedRateExplainsAreNotTaxedWhenThatIsTheOnlyFit() {
        // one 20% tax line of 2.00: only the binders (10.00) can carry it; the book is outside VAT
        Bill bill = compose(invoice("B-1", "GBP", "42.00", "2.00",
                List.of(item("Handbook", "1", "30.00", "30.00"), item("Binders", "4", "2.50", "10.00")),
                List.of(tax("20", "2.00"))));

        assertThat(bill.lines()).extracting(line -> line.tax().kind())
                .containsExactly(TaxTreatment.Kind.NO_TAX, TaxTreatment.Kind.RATE);
        assertThat(bill.notes()).singleElement().asString().contains("not taxed");
    }

    @Test
    void inclusiveOrExclusiveIsReadFromTheArithmetic() {
        Bill inclusive = compose(receipt("EUR", "7.66", null, null, null, null,
                List.of(item("Milch", "2", "1.19", "2.38"), item("Äpfel", "1", "3.49", "3.49"), item("Brezel", "1", "1.79", "1.79")),
                List.of(tax("5.5", "0.40"))));
        Bill exclusive = compose(receipt("EUR", "8.06", null, null, null, null,
                List.of(item("Milch", "2", "1.19", "2.38"), item("Äpfel", "1", "3.49", "3.49"), item("Brezel", "1", "1.79", "1.79")),
                List.of(tax("5.5", "0.40"))));

        assertThat(inclusive.amountsAre()).isEqualTo(AmountsAre.TAX_INCLUSIVE);
        assertThat(exclusive.amountsAre()).isEqualTo(AmountsAre.TAX_EXCLUSIVE);
    }

    @Test
    void aCentOfDifferenceBecomesARoundingLineAndMoreBecomesOneLinePerRate() {
        Bill rounded = compose(receipt("GBP", "12.01", "10.00", "2.00", null, null,
                List.of(item("Goods", "1", "10.00", "10.00")), List.of(tax("20", "2.00"))));
        Bill apart = compose(receipt("GBP", "12.50", "10.00", "2.00", null, null,
                List.of(item("Goods", "1", "10.00", "10.00")), List.of(tax("20", "2.00"))));

        assertThat(rounded.lines()).last().satisfies(line -> {
            assertThat(line.description()).isEqualTo("Rounding");
            assertThat(line.amount()).isEqualByComparingTo("0.01");
        });
        assertThat(apart.perRate()).isTrue();
        // 2.00 at 20% is a base of 10.00; the other 0.50 of the net total was not taxed on the document
        assertThat(apart.lines()).extracting(BillLine::description, BillLine::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Net at 20%", new BigDecimal("10.00")),
                        org.assertj.core.groups.Tuple.tuple("Not taxed on the document", new BigDecimal("0.50")));
    }

    @Test
    void aTaxPrintedWithoutItsRateTakesTheOneConfiguredRateThatGivesIt() {
        Bill inferred = compose(receipt("GBP", "12.00", "10.00", "2.00", null, null,
                List.of(item("Goods", "1", "10.00", "10.00")), List.of()));
        Bill unknown = compose(receipt("GBP", "13.00", "10.00", "3.00", null, null,
                List.of(item("Goods", "1", "10.00", "10.00")), List.of()));

        assertThat(inferred.lines().get(0).tax()).isEqualTo(TaxTreatment.rate(new BigDecimal("20")));
        assertThat(unknown.lines().get(0).tax()).isEqualTo(TaxTreatment.RATE_NOT_PRINTED);
        assertThat(unknown.lines().get(0).taxAmount()).isEqualByComparingTo("3.00");
    }

    @Test
    void aRefundIsTheMirrorOfABill() {
        Bill refund = compose(receipt("GBP", "-12.60", "-10.50", "-2.10", null, null,
                List.of(item("Returned paper", "1", "-10.50", "-10.50")), List.of(tax("20", "-2.10"))));

        assertThat(refund.credit()).isTrue();
        assertThat(refund.total()).isEqualByComparingTo("-12.60");
        assertThat(refund.lines()).singleElement().satisfies(line -> {
            assertThat(line.quantity()).isEqualByComparingTo("1");
            assertThat(line.amount()).isEqualByComparingTo("-10.50");
            assertThat(line.taxAmount()).isEqualByComparingTo("-2.10");
        });
    }

    @Test
    void aRecordWhoseItemsWereMisreadGoesOutOneLinePerRate() {
        // the items add up (to 20.00), but validation found them misread: the printed total and tax are what is booked
        DocumentRecord record = invoice("U-1", "GBP", "24.00", "4.00",
                List.of(item("Service A", "1", "10.00", "10.00"), item("Service B", "1", "10.00", "10.00")),
                List.of(tax("20", "4.00")));
        StoredDocument plain = stored(record);
        StoredDocument noted = new StoredDocument(plain.id(), plain.sha256(), plain.fileName(), plain.sourceUri(),
                plain.status(), record, null, List.of(new dev.ledgerlens.validate.ReviewReason(
                        dev.ledgerlens.validate.ReviewReason.ITEMS_UNSURE, "the items add up to 18.00 …")), null);

        Bill detailed = composer.compose(plain);
        Bill perRate = composer.compose(noted);

        assertThat(detailed.perRate()).isFalse();
        assertThat(perRate.perRate()).isTrue();
        assertThat(perRate.lines()).extracting(BillLine::description).containsExactly("Net at 20%");
        assertThat(perRate.notes()).anySatisfy(note -> assertThat(note).contains("items_unsure"));
        assertThat(perRate.total()).isEqualByComparingTo("24.00");
    }

    private Bill compose(DocumentRecord record) {
        StoredDocument document = stored(record);
        return composer.compose(document);
    }

    private static List<BigDecimal> amounts(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }
}
