package dev.ledgerlens.validate;

import java.math.BigDecimal;

/**
 * One printed amount, read.
 *
 * @param printed  the text as printed
 * @param value    the amount (sign included), or null when absent or unparseable
 * @param currency the ISO-4217 code printed with it ("RM 12.50" → MYR), or null when none or not decidable
 * @param symbol   the currency symbol or code as printed next to the number ("RM", "$"), or null
 * @param outcome  how reading went
 * @param note     for AMBIGUOUS and UNPARSEABLE: what the doubt or the problem is, quoting the text; else null
 */
public record AmountReading(String printed, BigDecimal value, String currency, String symbol, ParseOutcome outcome, String note) {

    static AmountReading absent(String printed) {
        return new AmountReading(printed, null, null, null, ParseOutcome.ABSENT, null);
    }

    static AmountReading unparseable(String printed, String why) {
        return new AmountReading(printed, null, null, null, ParseOutcome.UNPARSEABLE, "'" + printed + "' " + why);
    }
}
