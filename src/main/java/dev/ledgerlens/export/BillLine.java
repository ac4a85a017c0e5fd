package dev.ledgerlens.export;

import java.math.BigDecimal;

/**
 * One line of a bill as the accounting systems book it: {@code amount} is net on a tax-exclusive bill and gross on
 * a tax-inclusive one, {@code taxAmount} is this line's share of the document's tax at its rate. Amounts carry the
 * bill's sign (negative on a credit note); the quantity is never negative.
 *
 * @param description what was bought
 * @param quantity    as printed, or 1 when quantity × unit price is not exactly the line amount
 * @param unitAmount  quantity × unit amount = amount, exactly
 * @param amount      the line amount
 * @param tax         how the line is taxed
 * @param taxAmount   the line's tax (0 when not taxed)
 */
public record BillLine(String description, BigDecimal quantity, BigDecimal unitAmount, BigDecimal amount,
                       TaxTreatment tax, BigDecimal taxAmount) {

    BillLine negated() {
        return new BillLine(description, quantity, unitAmount.negate(), amount.negate(), tax, taxAmount.negate());
    }
}
