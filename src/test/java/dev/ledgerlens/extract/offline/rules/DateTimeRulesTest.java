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
        assertThat(PrintedDate.parse("TEL 03-8736 1234")).isNull();
        assertThat(PrintedAmount.findAll("15.01.2019 6.00% RM12.50")).extracting(PrintedAmount::printed).containsExactly("12.50");
    }

    @Test
    void readsADateRunIntoItsTime() {
        assertThat(PrintedDate.parse("Date:25/12/20188:13:39PM")).hasToString("2018-12-25");
        assertThat(PrintedDate.parse("05Mar201818:24")).hasToString("2018-03-05");
        assertThat(PrintedDate.parse("INV 12/3/20171234")).as("digits that are not a time stay unread").isNull();
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
