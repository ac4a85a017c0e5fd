package dev.ledgerlens.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Scores a reading against a receipt's labels, per field, by exact match as on the SROIE leaderboard: company and
 * address as the same words with the same spacing (a run of whitespace counts as one space, case is ignored), the
 * date as the same day, the total as the same decimal. A field the labels leave empty is never right. Stateless.
 *
 * <p>{@link #missesIgnoringSpacing} compares company and address without any whitespace, as the project's figures
 * did until issue 14's sixth round (docs/benchmarks.md): "28,JALAN" and "28, JALAN" match there, and so do
 * "TAMANSERDANGRAYA" and "TAMAN SERDANG RAYA".
 */
public final class SroieScorer {
    /** The scored fields, in report order. */
    public static final List<String> FIELDS = List.of("company", "date", "address", "total");

    private SroieScorer() {
    }

    /** The fields of {@link #FIELDS} that {@code read} gets wrong against {@code expected}, in that order; all four when {@code read} is null. */
    public static List<String> misses(SroieFields expected, SroieFields read) {
        return misses(expected, read, SroieScorer::normalise);
    }

    /** {@link #misses}, with company and address compared without any whitespace. */
    public static List<String> missesIgnoringSpacing(SroieFields expected, SroieFields read) {
        return misses(expected, read, SroieScorer::withoutSpacing);
    }

    private static List<String> misses(SroieFields expected, SroieFields read, UnaryOperator<String> form) {
        if (read == null) {
            return FIELDS;
        }
        List<String> misses = new ArrayList<>();
        if (!sameText(expected.company(), read.company(), form)) {
            misses.add("company");
        }
        if (expected.date() == null || !expected.date().equals(read.date())) {
            misses.add("date");
        }
        if (!sameText(expected.address(), read.address(), form)) {
            misses.add("address");
        }
        if (expected.total() == null || read.total() == null || expected.total().compareTo(read.total()) != 0) {
            misses.add("total");
        }
        return misses;
    }

    /** Text as compared: case folded, a run of whitespace one space, none at either end ("28, JALAN" is not "28,JALAN"). */
    public static String normalise(String text) {
        return text == null ? null : text.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** Text as {@link #missesIgnoringSpacing} compares it: case folded, without whitespace. */
    public static String withoutSpacing(String text) {
        return text == null ? null : text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    private static boolean sameText(String expected, String actual, UnaryOperator<String> form) {
        return expected != null && actual != null && Objects.equals(form.apply(expected), form.apply(actual));
    }

    /** Per field of {@link #FIELDS}, in that order, the share of receipts not missing it; 0 for no receipts. */
    public static Map<String, Double> accuracy(List<List<String>> misses) {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (String field : FIELDS) {
            long right = misses.stream().filter(missed -> !missed.contains(field)).count();
            accuracy.put(field, misses.isEmpty() ? 0 : (double) right / misses.size());
        }
        return accuracy;
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
