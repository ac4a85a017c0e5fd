package dev.ledgerlens.validate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class AmountParserTest {
    private final AmountParser parser = new AmountParser(new CurrencyParser(null));

    @ParameterizedTest(name = "[{index}] ''{0}'' with currency {1} → {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            1,234.56        | -   | 1234.56   | -
            1.234,56        | -   | 1234.56   | -
            1 234,56        | -   | 1234.56   | -
            1\u00A0234,56   | -   | 1234.56   | -
            1\u202F234,56   | -   | 1234.56   | -
            1'234.56        | -   | 1234.56   | -
            1’234.56        | -   | 1234.56   | -
            (12.00)         | -   | -12.00    | -
            -12.00          | -   | -12.00    | -
            12.00-          | -   | -12.00    | -
            12.00 CR        | -   | -12.00    | -
            12.00 DR        | -   | 12.00     | -
            −12.00          | -   | -12.00    | -
            $12             | -   | 12        | USD
            12 €            | -   | 12        | EUR
            €12,50          | -   | 12.50     | EUR
            RM 12.50        | -   | 12.50     | MYR
            RM12.50         | -   | 12.50     | MYR
            USD 12.50       | -   | 12.50     | USD
            12.50 EUR       | -   | 12.50     | EUR
            £1,000          | -   | 1000      | GBP
            -$12.00         | -   | -12.00    | USD
            $-12.00         | -   | -12.00    | USD
            ($12.00)        | -   | -12.00    | USD
            S$ 4.20         | -   | 4.20      | SGD
            R 12.50         | -   | 12.50     | ZAR
            ₹ 1,23,456.00   | -   | 123456.00 | INR
            ¥1,234          | -   | 1234      | JPY
            1,234 JPY       | -   | 1234      | JPY
            1.234 KWD       | -   | 1.234     | KWD
            1,234 KWD       | -   | 1.234     | KWD
            KWD 12.500      | -   | 12.500    | KWD
            1.234 EUR       | -   | 1234      | EUR
            1,234           | USD | 1234      | -
            1.234           | EUR | 1234      | -
            1.234           | BHD | 1.234     | -
            1,234,567.89    | -   | 1234567.89 | -
            1.234.567,89    | -   | 1234567.89 | -
            1,234,567       | -   | 1234567   | -
            27,80           | -   | 27.80     | -
            12,5            | -   | 12.5      | -
            0,500           | -   | 0.500     | -
            1234,567        | -   | 1234.567  | -
            .50             | -   | 0.50      | -
            12.-            | -   | 12        | -
            12,--           | CHF | 12        | -
            ' 12 . 50 '     | -   | 12.50     | -
            12.50*          | -   | 12.50     | -
            3.99 T          | -   | 3.99      | -
            12.50 A         | -   | 12.50     | -
            1 234           | -   | 1234      | -
            +12.00          | -   | 12.00     | -
            12              | -   | 12        | -
            """)
    void readsCommonPrintForms(String printed, String currency, String expected, String expectedCurrency) {
        AmountReading reading = parser.parse(printed.replace("\\u00A0", "\u00A0").replace("\\u202F", "\u202F"),
                new AmountHints(currency, null));

        assertThat(reading.outcome()).as(reading.note()).isEqualTo(ParseOutcome.PARSED);
        assertThat(reading.value()).isEqualByComparingTo(new BigDecimal(expected));
        assertThat(reading.value().scale()).as("keeps the printed decimals").isEqualTo(new BigDecimal(expected).scale());
        assertThat(reading.currency()).isEqualTo(expectedCurrency);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is ambiguous, read as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1,234   | 1234
            1.234   | 1234
            12.500  | 12500
            999,999 | 999999
            """)
    void reportsThreeDigitGroupsNothingSettlesAsAmbiguous(String printed, String readAs) {
        AmountReading reading = parser.parse(printed, AmountHints.NONE);

        assertThat(reading.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
        assertThat(reading.value()).isEqualByComparingTo(readAs);
        assertThat(reading.note()).contains(printed).contains("three decimals");
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' with the document''s decimal ''{1}'' → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.234 | ',' | 1234
            1.234 | '.' | 1.234
            1,234 | ',' | 1.234
            1,234 | '.' | 1234
            """)
    void documentDecimalSeparatorSettlesThreeDigitGroups(String printed, char decimal, String expected) {
        AmountReading reading = parser.parse(printed, new AmountHints(null, decimal));

        assertThat(reading.outcome()).isEqualTo(ParseOutcome.PARSED);
        assertThat(reading.value()).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is not an amount")
    @CsvSource(delimiter = '|', textBlock = """
            abc
            Total 12.50
            12.50 apples
            R 12.50 x
            12.50 ab
            1.2.3
            12,34,5
            1'23.45
            12.34.56,7,8
            """)
    void rejectsTextThatIsNoAmountQuotingIt(String printed) {
        AmountReading reading = parser.parse(printed, AmountHints.NONE);

        assertThat(reading.outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
        assertThat(reading.value()).isNull();
        assertThat(reading.note()).contains("'" + printed + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NIL", textBlock = """
            NIL
            ''
            '  '
            n/a
            null
            """)
    void blankAndPlaceholdersAreAbsent(String printed) {
        assertThat(parser.parse(printed, AmountHints.NONE).outcome()).isEqualTo(ParseOutcome.ABSENT);
    }

    @Test
    void bareDollarIsPresumedUsdButContextNamesAnotherDollar() {
        CurrencyParser currencies = new CurrencyParser(null);

        assertThat(currencies.resolve("$", "Total $12.00").code()).isEqualTo("USD");
        assertThat(currencies.resolve("$", "Total $12.00").outcome()).isEqualTo(ParseOutcome.PARSED);
        assertThat(currencies.resolve("$", "GST incl. Amounts in AUD").code()).isEqualTo("AUD");
        assertThat(currencies.resolve("$", "Paid US$ 12").code()).isEqualTo("USD");
        assertThat(new CurrencyParser("CAD").resolve("$", "no code here").code()).isEqualTo("CAD");
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            €     | EUR
            £     | GBP
            RM    | MYR
            eur   | EUR
            Rs.   | INR
            zł    | PLN
            HK$   | HKD
            元    | CNY
            """)
    void resolvesSymbolsAndCodes(String printed, String code) {
        assertThat(new CurrencyParser(null).resolve(printed, null).code()).isEqualTo(code);
    }

    @Test
    void sharedSymbolsWithNothingDecidingAreFlagged() {
        CurrencyParser currencies = new CurrencyParser(null);

        CurrencyReading yen = currencies.resolve("¥", "");
        CurrencyReading krona = currencies.resolve("kr", "");

        assertThat(yen.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
        assertThat(yen.code()).isEqualTo("JPY");
        assertThat(currencies.resolve("¥", "合计 RMB").code()).isEqualTo("CNY");
        assertThat(krona.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
        assertThat(krona.code()).isNull();
        assertThat(currencies.resolve("kr", "Moms 25% SEK").code()).isEqualTo("SEK");
        assertThat(currencies.resolve("Dollars", "").code()).isEqualTo("USD");
        assertThat(currencies.resolve("Doubloons", "").outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
    }

    @ParameterizedTest(name = "[{index}] page text ''{0}'' shows {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            TOTAL RM 9.00                 | MYR
            Total RM9.00 incl. GST        | MYR
            Summe 12,50 €                 | EUR
            Amount due USD 40             | USD
            Total $12.00                  | USD
            Total $12.00 (AUD)            | AUD
            Paid £5 and €5                | NONE
            ALL ITEMS ON TOP FORM         | NONE
            FORMAT ARMY                   | NONE
            no money here                 | NONE
            """)
    void findsTheOneCurrencyAPageShows(String text, String code) {
        assertThat(new CurrencyParser(null).inText(text).orElse(null)).isEqualTo(code);
    }
}
