package dev.ledgerlens.extract.offline.rules;

import java.util.List;

/**
 * Puts back the spaces one reading of a name or an address dropped, from other readings of the same text. Recognisers
 * differ in what they get wrong: one reads characters well but runs words together where the print is tight
 * ("TAMANSERDANGRAYA", "JALANSR1/9"), another keeps the gaps between words but misreads letters ("TAMAN SERDANG RAYA",
 * "JALAN SR 19"). The vote picks the characters; this gives them the spacing of the readings that saw the gaps.
 *
 * <p>The readings are aligned character by character without their spaces (an edit-distance alignment, case
 * folded). A space another reading prints between two characters goes into the value when the value has none there
 * and the two readings agree around that place: the characters on either side are aligned to each other, and at least
 * three of the four (two before the gap, two after) are the same letter; every other reading that agrees around that
 * place must print the space (a lone reading that spaces out the letters of a bold word does not). Spaces are only
 * ever added, never taken away; a value's characters are never changed. Stateless.
 */
public final class Respacing {
    /** Shorter values than this (characters without spaces) are left as they are: they fit too many places of a page. */
    private static final int MIN_LENGTH = 6;
    /** Longer values than this (characters without spaces) are left as they are: the alignment is quadratic. */
    private static final int MAX_LENGTH = 400;
    /** Longer other readings than this are not aligned with. */
    private static final int MAX_OTHER_LENGTH = 8000;

    private Respacing() {
    }

    /** The value with the spaces the other readings print and it lacks; the value itself when they add none. */
    public static String respace(String value, List<String> others) {
        if (value == null || others.isEmpty()) {
            return value;
        }
        Spaced target = Spaced.of(value);
        if (target.chars.length < MIN_LENGTH || target.chars.length > MAX_LENGTH) {
            return value;
        }
        int[] seen = new int[target.chars.length];
        int[] spaced = new int[target.chars.length];
        for (String other : others) {
            if (other == null) {
                continue;
            }
            Spaced source = Spaced.of(other);
            if (source.chars.length == 0 || source.chars.length > MAX_OTHER_LENGTH) {
                continue;
            }
            int[] aligned = align(target.chars, source.chars);
            for (int i = 2; i < target.chars.length - 1; i++) {
                int j = aligned[i];
                if (target.spaceBefore[i] || j < 2 || j >= source.chars.length - 1
                        || aligned[i - 1] != j - 1 || aligned[i - 2] != j - 2 || aligned[i + 1] != j + 1) {
                    continue;
                }
                int same = 0;
                for (int k = -2; k <= 1; k++) {
                    same += target.chars[i + k] == source.chars[j + k] ? 1 : 0;
                }
                if (same >= 3) {
                    seen[i]++;
                    spaced[i] += source.spaceBefore[j] ? 1 : 0;
                }
            }
        }
        boolean[] add = new boolean[target.chars.length];
        boolean any = false;
        for (int i = 0; i < add.length; i++) {
            // every reading that saw this place agrees there is a gap (a lone reading that spaces out letters does not)
            add[i] = spaced[i] > 0 && spaced[i] == seen[i];
            any |= add[i];
        }
        if (!any) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        int next = 0; // index of the next non-space character of the value
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            if (!Character.isWhitespace(c)) {
                if (add[next]) {
                    out.append(' ');
                }
                next++;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * For each character of {@code a}, the index of the character of {@code b} it is aligned with (a match or a
     * substitution on the cheapest edit path), or -1 when it is an insertion. All of {@code a} is aligned with the
     * stretch of {@code b} that fits it best: what {@code b} holds before and after that stretch costs nothing (a
     * value read from a few rows, aligned with a whole page's reading).
     */
    static int[] align(char[] a, char[] b) {
        int n = a.length;
        int m = b.length;
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diagonal = cost[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cost[i][j] = Math.min(diagonal, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
            }
        }
        int end = 0;
        for (int j = 1; j <= m; j++) {
            if (cost[n][j] < cost[n][end]) {
                end = j;
            }
        }
        int[] aligned = new int[n];
        java.util.Arrays.fill(aligned, -1);
        int i = n;
        int j = end;
        while (i > 0 && j > 0) {
            int diagonal = cost[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (cost[i][j] == diagonal) {
                aligned[i - 1] = j - 1;
                i--;
                j--;
            } else if (cost[i][j] == cost[i - 1][j] + 1) {
                i--;
            } else {
                j--;
            }
        }
        return aligned;
    }

    /** A reading without its spaces, case folded, and where a space stood before each character. */
    private record Spaced(char[] chars, boolean[] spaceBefore) {
        static Spaced of(String text) {
            StringBuilder chars = new StringBuilder(text.length());
            boolean[] before = new boolean[text.length()];
            boolean space = false;
            for (int index = 0; index < text.length(); index++) {
                char c = text.charAt(index);
                if (Character.isWhitespace(c)) {
                    space = chars.length() > 0;
                    continue;
                }
                before[chars.length()] = space;
                space = false;
                chars.append(Character.toUpperCase(c));
            }
            return new Spaced(chars.toString().toCharArray(), java.util.Arrays.copyOf(before, chars.length()));
        }
    }
}
