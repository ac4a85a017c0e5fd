package dev.ledgerlens.validate;

/**
 * A currency as printed, resolved to ISO-4217.
 *
 * @param printed the symbol or code as printed ("RM", "$", "EUR")
 * @param code    the ISO-4217 code, or null when it cannot be decided
 * @param outcome PARSED; AMBIGUOUS when the symbol fits several currencies (a "$" with nothing saying
 *                which dollar gives USD and says so; a "kr" with nothing saying which gives null);
 *                UNPARSEABLE when the text is no currency we know; ABSENT when nothing was printed
 * @param note    what was assumed or what is wrong; null when PARSED or ABSENT
 */
public record CurrencyReading(String printed, String code, ParseOutcome outcome, String note) {
}
