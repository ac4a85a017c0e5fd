package dev.ledgerlens.export;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Spreads one rate's tax over its lines in proportion to their amounts so that the line taxes add up to that tax
 * exactly, to the smallest unit of its currency: the largest-remainder method. Each line first gets its exact share
 * rounded down; the units left over go, one each, to the lines whose shares lost the most in rounding (earlier lines
 * first on a tie). Negative amounts (a discount) take a negative share. Stateless.
 */
final class TaxSpreader {
    private TaxSpreader() {
    }

    /**
     * The shares of {@code tax} for lines of these {@code amounts}, in the same order, at the tax's own scale (at
     * least cents), summing to {@code tax} exactly.
     *
     * @throws IllegalArgumentException when the amounts add up to zero while the tax is not zero (no proportion exists)
     */
    static List<BigDecimal> spread(BigDecimal tax, List<BigDecimal> amounts) {
        int scale = Math.max(2, tax.stripTrailingZeros().scale());
        BigDecimal whole = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BigDecimal> shares = new ArrayList<>();
        if (tax.signum() == 0) {
            amounts.forEach(amount -> shares.add(BigDecimal.ZERO.setScale(scale)));
            return shares;
        }
        if (whole.signum() == 0) {
            throw new IllegalArgumentException("the lines add up to zero, so a tax of " + tax.toPlainString()
                    + " has no proportion to follow");
        }
        List<BigDecimal> lost = new ArrayList<>();
        BigDecimal given = BigDecimal.ZERO;
        for (BigDecimal amount : amounts) {
            BigDecimal exact = tax.multiply(amount).divide(whole, MathContext.DECIMAL128);
            BigDecimal down = exact.setScale(scale, RoundingMode.FLOOR);
            shares.add(down);
            lost.add(exact.subtract(down));
            given = given.add(down);
        }
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        int left = tax.setScale(scale, RoundingMode.UNNECESSARY).subtract(given).divide(unit, 0, RoundingMode.UNNECESSARY)
                .intValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> lost.get(i)).reversed().thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            int i = order.get(k);
            shares.set(i, shares.get(i).add(unit));
        }
        return shares;
    }
}
