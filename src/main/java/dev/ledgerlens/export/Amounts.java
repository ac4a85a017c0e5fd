package dev.ledgerlens.export;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How exports print decimals. */
final class Amounts {
    private Amounts() {
    }

    /**
     * At least two decimals with a dot ("12" → "12.00"), more only when the value has them ("0.125", a
     * three-decimal currency), so that nothing stored is ever rounded away. No grouping, no exponent.
     */
    static String format(BigDecimal amount) {
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() < 2) {
            exact = exact.setScale(2, RoundingMode.UNNECESSARY);
        }
        return exact.toPlainString();
    }

    /** A quantity as plain as possible: "2", "1.5". */
    static String quantity(BigDecimal quantity) {
        BigDecimal exact = quantity.stripTrailingZeros();
        return (exact.scale() < 0 ? exact.setScale(0, RoundingMode.UNNECESSARY) : exact).toPlainString();
    }
}
