package dev.ledgerlens.validate;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NormaliserTest {
    private final Normaliser normaliser = new Normaliser(ValidationSettings.defaults());

    private Normalisation normalise(RawFields fields) {
        return normaliser.normalise(fields, "");
    }

    @ParameterizedTest(name = "[{index}] rate ''{0}'' → {1} %")
    @CsvSource(delimiter = '|', textBlock = """
            8%       | 8
            8 %      | 8
            8,5%     | 8.5
            VAT 20%  | 20
            0.08     | 8
            0.075    | 7.5
            20       | 20
            GST 6%   | 6
            """)
    void readsTaxRatesAsPercentages(String printed, String percent) {
        RawFields fields = new RawFields("invoice", null, null, "2026-01-02", null, List.of(), null, "1.00", null, null,
                "10.00", "EUR", null, null, null, null, null, null, List.of(new RawFields.TaxLine(printed, "1.00")));

        Normalisation normalised = normalise(fields);

        assertThat(normalised.violations()).isEmpty();
        assertThat(normalised.record().taxLines().get(0).rate()).isEqualByComparingTo(percent);
    }

    @ParameterizedTest(name = "[{index}] qty ''{0}'' → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2       | 2
            2x      | 2
            x 2     | 2
            3 pcs   | 3
            1.5 kg  | 1.5
            1,5     | 1.5
            Qty 4   | 4
            """)
    void readsQuantitiesWithoutTheirUnit(String printed, String expected) {
        RawFields fields = Documents.receipt("2026-01-02", null, null, "1.00",
                List.of(Documents.item("a", printed, null, null)));

        Normalisation normalised = normalise(fields);

        assertThat(normalised.violations()).isEmpty();
        assertThat(normalised.record().items().get(0).qty()).isEqualByComparingTo(expected);
    }

    @Test
    void aThreeDecimalQuantityIsSettledByTheLineArithmetic() {
        RawFields one = Documents.receipt("2026-01-02", null, null, "4.50", List.of(Documents.item("a", "1.000", "4.50", "4.50")));
        RawFields thousand = Documents.receipt("2026-01-02", null, null, "450", List.of(Documents.item("a", "1,000", "0.45", "450")));

        assertThat(normalise(one).record().items().get(0).qty()).isEqualByComparingTo("1");
        assertThat(normalise(one).reasons()).isEmpty();
        assertThat(normalise(thousand).record().items().get(0).qty()).isEqualByComparingTo("1000");
        assertThat(normalise(thousand).reasons()).isEmpty();
    }

    @Test
    void currencyNamesAndStrayWhitespaceAreNormalised() {
        RawFields fields = new RawFields("Invoice", "  Northwind \n Office  Supply ", null, "2026-10-14", "2:05 pm",
                List.of(), null, null, null, null, "10.80", "Euros", null, " INV-1 ", null, null, null, null, List.of());

        Normalisation normalised = normalise(fields);

        assertThat(normalised.violations()).isEmpty();
        assertThat(normalised.record().documentType()).isEqualTo("invoice");
        assertThat(normalised.record().storeName()).isEqualTo("Northwind Office Supply");
        assertThat(normalised.record().currency()).isEqualTo("EUR");
        assertThat(normalised.record().invoiceNumber()).isEqualTo("INV-1");
        assertThat(normalised.record().time()).hasToString("14:05");
        assertThat(normalised.record().total()).isEqualTo(new BigDecimal("10.80"));
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}: {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            USD | Doc No. $000046284 TOTAL 12.00           | -            | -
            USD | TOTAL $12.00                             | 2018-03-04   | CURRENCY
            -   | Doc No. $000046284 TOTAL 12.00           | -            | -
            USD | 53.50 $ TOTAL 77.20 $                    | -            | -
            CAD | TOTAL 12,00 $                            | 2018-04-03   | CURRENCY
            USD | Jalan Sagu 18, Johor Bahru, Malaysia     | 2018-04-03   | COUNTRY
            -   | Change: $4.10\fChange: 4.10\fChange 4.10 | -            | -
            USD | TOTAL $12.00\fTOTAL 12.00\fTOTAL 12.00   | -            | -
            USD | TOTAL $12.00\fTOTAL $12.00\fTOTAL 12.00  | 2018-03-04   | CURRENCY
            USD | 'TOTAL $12.00\f  \f'                     | 2018-03-04   | CURRENCY
            """)
    void aDollarSignThatIsAMisreadSPresumesNoMonthFirstDate(String currency, String text, String expected, String basis) {
        // 03/04/2018 on a receipt whose only "$" is an S OCR misread: no dollar amount, so no US date order
        RawFields fields = new RawFields("receipt", "Kedai Buku", text.contains("Malaysia") ? text : null, "03/04/2018", null,
                List.of(), null, null, null, null, "12.00", currency, null, null, null, null, null, null, List.of());

        // a form feed ("\f" in the rows above) separates the OCR passes' readings of the page: a "$" one pass of three
        // saw is a misread; a pass that read nothing is no reading
        Normalisation normalised = normaliser.normalise(fields, text);

        if (expected == null) {
            assertThat(normalised.reasons()).extracting(ReviewReason::rule).contains("date_ambiguous");
            assertThat(normalised.dateBasis()).isEqualTo(DateBasis.NONE);
        } else {
            assertThat(normalised.record().date()).hasToString(expected);
            assertThat(normalised.dateBasis()).isEqualTo(DateBasis.valueOf(basis));
        }
    }

    @ParameterizedTest(name = "[{index}] total {0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            6,56         | 2018-04-03
            1.234,56     | 2018-04-03
            '1 234,56'   | 2018-04-03
            6.56         | -
            '1,440'      | -
            """)
    void aDecimalCommaWithNoCurrencyShownPresumesADayFirstDate(String total, String expected) {
        // "TOTAAL 6,56" on a till slip that prints no currency: the US, the one month-first country, prints no decimal comma
        RawFields fields = new RawFields("receipt", "Bar Centrale", null, "03/04/2018", null,
                List.of(), null, null, null, null, total, null, null, null, null, null, null, null, List.of());

        Normalisation normalised = normaliser.normalise(fields, "TOTALE " + total);

        if (expected == null) {
            assertThat(normalised.reasons()).extracting(ReviewReason::rule).contains("date_ambiguous");
        } else {
            assertThat(normalised.record().date()).hasToString(expected);
            assertThat(normalised.dateBasis()).isEqualTo(DateBasis.DECIMALS);
            assertThat(normalised.reasons()).extracting(ReviewReason::rule).doesNotContain("date_ambiguous");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            TEL (714) 555-0142 TOTAL 12.00  | 2018-03-04
            Phone 714-555-0142 TOTAL 12.00  | 2018-03-04
            714.555.0142 TOTAL 12.00        | 2018-03-04
            TEL 012-345-6789 TOTAL 12.00    | -
            TEL (03) 8736-1234 TOTAL 12.00  | -
            TEL 1-300-888-3383 TOTAL 12.00  | -
            """)
    void aNorthAmericanPhoneNumberWithNoCurrencyShownPresumesAMonthFirstDate(String text, String expected) {
        // area code and exchange never start with 0 or 1 in North America; Malaysian and European numbers do
        RawFields fields = new RawFields("receipt", "Corner Drug", null, "03/04/2018", null,
                List.of(), null, null, null, null, "12.00", null, null, null, null, null, null, null, List.of());

        Normalisation normalised = normaliser.normalise(fields, text);

        if (expected == null) {
            assertThat(normalised.reasons()).extracting(ReviewReason::rule).contains("date_ambiguous");
        } else {
            assertThat(normalised.record().date()).hasToString(expected);
            assertThat(normalised.dateBasis()).isEqualTo(DateBasis.PHONE);
        }
    }

    @Test
    void controlCharactersAModelAnsweredAreDroppedFromText() {
        // PostgreSQL text cannot hold a NUL: a store name with one failed the store as INTERNAL_ERROR
        RawFields fields = new RawFields("receipt", "Corner\u0000 Bakery\u0007", "1 High St\u001B", "2026-10-14", null,
                List.of(Documents.item("Loaf\u0000", "1", "3.20", "3.20")), null, null, null, null, "3.20", "GBP", null,
                "INV\u0000-1", null, null, null, null, List.of());

        DocumentRecord record = normalise(fields).record();

        assertThat(record.storeName()).isEqualTo("Corner Bakery");
        assertThat(record.storeAddress()).isEqualTo("1 High St");
        assertThat(record.invoiceNumber()).isEqualTo("INV-1");
        assertThat(record.items().get(0).name()).isEqualTo("Loaf");
    }

    @Test
    void anUnknownCurrencyIsAViolationQuotingIt() {
        RawFields fields = new RawFields("receipt", null, null, "2026-10-14", null, List.of(), null, null, null, null,
                "10.80", "bananas", null, null, null, null, null, null, List.of());

        assertThat(normalise(fields).violations()).singleElement()
                .satisfies(violation -> assertThat(violation.message()).contains("'bananas'"));
    }
}
