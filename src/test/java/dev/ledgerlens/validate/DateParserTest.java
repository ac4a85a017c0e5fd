package dev.ledgerlens.validate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

class DateParserTest {
    private final DateParser parser = new DateParser();

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2019-01-15            | 2019-01-15
            (13/12/2016)          | 2016-12-13
            Date: 15/01/2019      | 2019-01-15
            Tue 15/01/2019        | 2019-01-15
            15/01/2019 (Tue)      | 2019-01-15
            2019-01-15T10:31:00Z  | 2019-01-15
            15/01/2019            | 2019-01-15
            01/15/2019            | 2019-01-15
            15.01.2019            | 2019-01-15
            15-01-19              | 2019-01-15
            15/01/2019 14:32      | 2019-01-15
            15/01/2019 02:32 PM   | 2019-01-15
            2019/01/15            | 2019-01-15
            2019.01.15            | 2019-01-15
            20190115              | 2019-01-15
            'Jan 15, 2019'        | 2019-01-15
            Jan. 15 2019          | 2019-01-15
            15 January 2019       | 2019-01-15
            15-Jan-2019           | 2019-01-15
            15-JAN-19             | 2019-01-15
            15Jan2019             | 2019-01-15
            'Tuesday, 15 January 2019' | 2019-01-15
            15th Jan 2019         | 2019-01-15
            'January 15th, 2019'  | 2019-01-15
            2019 Jan 15           | 2019-01-15
            Jan-15-2019           | 2019-01-15
            JAN-15-19             | 2019-01-15
            Jan 15 '19            | 2019-01-15
            15. März 2019         | 2019-03-15
            15 févr. 2019         | 2019-02-15
            15 de enero de 2019   | 2019-01-15
            5/5/2019              | 2019-05-05
            31/12/99              | 1999-12-31
            29/02/2024            | 2024-02-29
            2019年1月15日          | 2019-01-15
            2019년 1월 15일        | 2019-01-15
            """)
    void readsUnambiguousPrintForms(String printed, String expected) {
        DateReading reading = parser.parse(printed, null);

        assertThat(reading.outcome()).as(reading.note()).isEqualTo(ParseOutcome.PARSED);
        assertThat(reading.value()).isEqualTo(LocalDate.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' may be {1} or {2}")
    @CsvSource(delimiter = '|', textBlock = """
            03/04/2026 | 2026-04-03 | 2026-03-04
            01.02.2019 | 2019-02-01 | 2019-01-02
            11-12-26   | 2026-12-11 | 2026-11-12
            """)
    void neverGuessesDayAndMonthOrder(String printed, String dayFirst, String monthFirst) {
        DateReading open = parser.parse(printed, null);
        DateReading european = parser.parse(printed, DateOrder.DAY_FIRST);
        DateReading american = parser.parse(printed, DateOrder.MONTH_FIRST);

        assertThat(open.outcome()).isEqualTo(ParseOutcome.AMBIGUOUS);
        assertThat(open.value()).isNull();
        assertThat(open.candidates()).containsExactly(LocalDate.parse(dayFirst), LocalDate.parse(monthFirst));
        assertThat(open.note()).contains(printed);
        assertThat(european.value()).isEqualTo(LocalDate.parse(dayFirst));
        assertThat(american.value()).isEqualTo(LocalDate.parse(monthFirst));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is not a date")
    @CsvSource(delimiter = '|', textBlock = """
            tomorrow
            31/02/2019
            13/13/2019
            2019-13-01
            Jan 2019
            12345
            """)
    void rejectsWhatIsNoDate(String printed) {
        DateReading reading = parser.parse(printed, null);

        assertThat(reading.outcome()).isEqualTo(ParseOutcome.UNPARSEABLE);
        assertThat(reading.note()).contains(printed);
    }

    @Test
    void aDateWithADayAbove12ProvesTheOrder() {
        assertThat(parser.provenOrder("13/11/2026")).contains(DateOrder.DAY_FIRST);
        assertThat(parser.provenOrder("11/13/2026")).contains(DateOrder.MONTH_FIRST);
        assertThat(parser.provenOrder("11/12/2026")).isEmpty();
        assertThat(parser.provenOrder("2026-11-13")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            14:32     | 14:32
            14:32:05  | 14:32:05
            2:32 PM   | 14:32
            12:05 am  | 00:05
            2.32pm    | 14:32
            14h32     | 14:32
            """)
    void readsTimes(String printed, String expected) {
        assertThat(new TimeParser().parse(printed)).contains(LocalTime.parse(expected));
    }

    @Test
    void rejectsImpossibleTimesAndToleratesARedundantSuffix() {
        assertThat(new TimeParser().parse("25:61")).isEmpty();
        assertThat(new TimeParser().parse("0:30 PM")).isEmpty();
        assertThat(new TimeParser().parse("14:32 PM")).contains(LocalTime.of(14, 32));
        assertThat(new TimeParser().parse("noon")).isEmpty();
    }
}
