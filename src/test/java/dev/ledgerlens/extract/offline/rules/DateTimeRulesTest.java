package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Dates, due dates and times ({@link DateTimeRules}, {@link PrintedDate}). */
class DateTimeRulesTest {
    @Test
    void readsDatesInTheCommonPrintedForms() {
        assertThat(PrintedDate.findAllTolerant("DATE: 2O/O3/2Ol8")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2018, 3, 20));
        assertThat(PrintedDate.parse("DATE: 15/01/2019 10:11")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("2019-01-15")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("15-JAN-19")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("15 January 2019")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("01/25/2019")).as("month first when day first is impossible").hasToString("2019-01-25");
        assertThat(PrintedDate.parse("Dec-01-2026")).hasToString("2026-12-01");
        assertThat(PrintedDate.parse("DEC-01-26 18:02")).hasToString("2026-12-01");
        assertThat(PrintedDate.parse("Thu, Dec 3 '26 6:42 PM")).hasToString("2026-12-03");
        assertThat(PrintedDate.parse("Dec 3 12:10")).as("a day and a time, no year").isNull();
        assertThat(PrintedDate.parse("TEL 03-8736 1234")).isNull();
        assertThat(PrintedAmount.findAll("15.01.2019 6.00% RM12.50")).extracting(PrintedAmount::printed).containsExactly("12.50");
    }

    @Test
    void readsADateRunIntoItsTime() {
        assertThat(PrintedDate.parse("Date:25/12/20188:13:39PM")).hasToString("2018-12-25");
        assertThat(PrintedDate.parse("05Mar201818:24")).hasToString("2018-03-05");
        assertThat(PrintedDate.parse("INV 12/3/20171234")).as("digits that are not a time stay unread").isNull();
        assertThat(PrintedDate.parse("17-06-1812:56 SH01")).as("a two-digit year run into the time").hasToString("2018-06-17");
        assertThat(PrintedDate.parse("17-06-2012:56")).as("four digits that are a year read as one").hasToString("2012-06-17");
    }

    @Test
    void onARowWithNoOtherDateAYearRunIntoTheNumberAfterItIsRead() {
        assertThat(PrintedDate.findAllTolerant("CB#: 389720 17/01/201842153")).extracting(PrintedDate::printed, PrintedDate::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("17/01/2018", java.time.LocalDate.of(2018, 1, 17)));
        assertThat(PrintedDate.findAllTolerant("17/01/2018 42153 INV 12/3/20171234")).extracting(PrintedDate::value)
                .as("a row that prints a date keeps only it").containsExactly(java.time.LocalDate.of(2018, 1, 17));
    }

    @Test
    void aMonthsNameMisreadByOneLetterIsRepairedWhereADatesMonthStands() {
        assertThat(PrintedDate.findAllTolerant("CB: 72293158333 14/dun2017 08:34:22")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2017, 6, 14));
        assertThat(PrintedDate.findAllTolerant("12/N0V/2017")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2017, 11, 12));
        assertThat(PrintedDate.findAllTolerant("C8#:58273599475 02/Ja0/2017 10:49:25")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2017, 1, 2));
        assertThat(PrintedDate.findAllTolerant("Date; 0ct 3,2016 12:16:25 PM")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2016, 10, 3));
        // one letter from both JUN and JUL: which month is not known, so no date
        assertThat(PrintedDate.findAllTolerant("14/JUX/2017")).isEmpty();
        assertThat(PrintedDate.findAllTolerant("14/um/2017")).as("two letters from JUN").isEmpty();
        // two letters from every month: not a month
        assertThat(PrintedDate.findAllTolerant("Table 12/ABC/2017")).isEmpty();
    }

    @Test
    void prefersTheLabelledDateAndTakesTheTimePrintedBesideIt() {
        RawFields fields = TypedReceipts.read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                Printed 01/01/2026
                DATE: 12/11/2025 18:05
                TOTAL 2.15
                Open daily 08:30 to 22:00
                """);

        assertThat(fields.date()).isEqualTo("12/11/2025");
        assertThat(fields.time()).isEqualTo("18:05");
    }

    @Test
    void aDateOnADueRowIsTheDueDate() {
        RawFields fields = TypedReceipts.read("""
                ACME SUPPLIES LTD
                Invoice date: 14.10.2026
                Payable by 13.11.2026
                Total 12,00
                """);

        assertThat(fields.date()).isEqualTo("14.10.2026");
        assertThat(fields.dueDate()).isEqualTo("13.11.2026");
    }
}
