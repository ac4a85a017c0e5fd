package dev.ledgerlens.export;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Finds which of a document's tax rates each line is at, when the document prints tax per rate but not per line: the
 * assignment of lines to rates under which every rate's lines, taxed at that rate, give that rate's printed tax (or
 * add up to its printed base, when the document prints one). Only a unique fit is an answer; none, several, or too
 * many lines to try them all leave the lines' rates unknown. Stateless.
 */
final class RateAssigner {
    /** At most this many assignments are tried: 20 lines over two rates, 12 over three. */
    static final long MOST_TRIED = 1L << 20;
    /** A printed tax is rounded to the cent once per rate or once per line: up to half a cent each time. */
    private static final double HALF_CENT = 0.005;
    private static final double EPSILON = 1e-9;

    /**
     * One printed rate.
     *
     * @param rate percent (0 for zero-rated and exempt)
     * @param tax  the tax printed for it
     * @param base the taxable amount printed for it, or null
     */
    record Group(BigDecimal rate, BigDecimal tax, BigDecimal base) {
    }

    /**
     * What the search found.
     *
     * @param assignment for each line, the index of its group; null unless exactly one assignment fits
     * @param fits       0, 1, or 2 meaning "two or more"
     * @param tooMany    true when there were too many assignments to try
     */
    record Outcome(int[] assignment, int fits, boolean tooMany) {
    }

    /**
     * @param amounts the lines' amounts (net on a tax-exclusive document, gross on a tax-inclusive one)
     * @param fixed   for each line, the group its printed rate names, or -1 when it prints none
     */
    static Outcome assign(List<BigDecimal> amounts, int[] fixed, List<Group> groups, AmountsAre amountsAre) {
        int free = 0;
        for (int group : fixed) {
            if (group < 0) {
                free++;
            }
        }
        if (Math.pow(groups.size(), free) > MOST_TRIED) {
            return new Outcome(null, 0, true);
        }
        Search search = new Search(amounts.stream().mapToDouble(BigDecimal::doubleValue).toArray(), fixed, groups,
                amountsAre == AmountsAre.TAX_INCLUSIVE);
        search.run(0);
        return new Outcome(search.fits == 1 ? search.found : null, search.fits, false);
    }

    private static final class Search {
        private final double[] amounts;
        private final int[] fixed;
        private final double[] rates;
        private final double[] taxes;
        private final double[] bases;
        private final boolean inclusive;
        private final double[] sums;
        private final int[] counts;
        private final int[] current;
        private int[] found;
        private int fits;

        Search(double[] amounts, int[] fixed, List<Group> groups, boolean inclusive) {
            this.amounts = amounts;
            this.fixed = fixed;
            this.inclusive = inclusive;
            int size = groups.size();
            rates = new double[size];
            taxes = new double[size];
            bases = new double[size];
            for (int g = 0; g < size; g++) {
                Group group = groups.get(g);
                rates[g] = group.rate() == null ? 0 : group.rate().doubleValue();
                taxes[g] = group.tax().doubleValue();
                bases[g] = group.base() == null ? Double.NaN : group.base().doubleValue();
            }
            sums = new double[size];
            counts = new int[size];
            current = new int[amounts.length];
        }

        void run(int line) {
            if (fits > 1) {
                return;
            }
            if (line == amounts.length) {
                if (closes()) {
                    fits++;
                    found = Arrays.copyOf(current, current.length);
                }
                return;
            }
            if (fixed[line] >= 0) {
                take(line, fixed[line]);
                return;
            }
            for (int g = 0; g < rates.length; g++) {
                take(line, g);
            }
        }

        private void take(int line, int group) {
            current[line] = group;
            sums[group] += amounts[line];
            counts[group]++;
            run(line + 1);
            sums[group] -= amounts[line];
            counts[group]--;
        }

        private boolean closes() {
            for (int g = 0; g < rates.length; g++) {
                if (!Double.isNaN(bases[g])) {
                    double printed = inclusive ? bases[g] + taxes[g] : bases[g];
                    if (Math.abs(sums[g] - printed) > HALF_CENT + EPSILON) {
                        return false;
                    }
                    continue;
                }
                double tax = inclusive ? sums[g] * rates[g] / (100 + rates[g]) : sums[g] * rates[g] / 100;
                if (Math.abs(tax - taxes[g]) > HALF_CENT * Math.max(1, counts[g]) + EPSILON) {
                    return false;
                }
            }
            return true;
        }
    }
}
