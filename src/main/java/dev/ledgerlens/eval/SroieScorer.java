package dev.ledgerlens.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores a reading against a receipt's labels, per field, by exact match: company and address after removing all
 * whitespace and ignoring case, the date as the same day, the total as the same decimal. A field the labels leave
 * empty is never right. Stateless.
 */
public final class SroieScorer {
    /** The scored fields, in report order. */
    public static final List<String> FIELDS = List.of("company", "date", "address", "total");

    private SroieScorer() {
    }

    /** The fields of {@link #FIELDS} that {@code read} gets wrong against {@code expected}, in that order; all four when {@code read} is null. */
    public static List<String> misses(SroieFields expected, SroieFields read) {
        if (read == null) {
            return FIELDS;
        }
        List<String> misses = new ArrayList<>();
        if (!sameText(expected.company(), read.company())) {
            misses.add("company");
        }
        if (expected.date() == null || !expected.date().equals(read.date())) {
            misses.add("date");
        }
        if (!sameText(expected.address(), read.address())) {
            misses.add("address");
        }
        if (expected.total() == null || read.total() == null || expected.total().compareTo(read.total()) != 0) {
            misses.add("total");
        }
        return misses;
    }

    /** Text as compared: spacing is not content ("28,JALAN" and "28, JALAN" are the same address to a reader). */
    public static String normalise(String text) {
        return text == null ? null : text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    private static boolean sameText(String expected, String actual) {
        return expected != null && actual != null && Objects.equals(normalise(expected), normalise(actual));
    }

    /** The harmonic mean of shares 0..1; 0 when any share is 0. */
    public static double hmean(Collection<Double> shares) {
        double inverse = 0;
        for (double value : shares) {
            inverse += value == 0 ? Double.POSITIVE_INFINITY : 1 / value;
        }
        return Double.isInfinite(inverse) || shares.isEmpty() ? 0 : shares.size() / inverse;
    }
}
