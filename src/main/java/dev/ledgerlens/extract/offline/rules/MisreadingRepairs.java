package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Undoes OCR misreadings where the text itself says what was printed: the legal forms of the loaded languages
 * ({@link Labels.Kind#LEGAL_FORM}, a closed vocabulary) where a legal form stands, and letter–digit confusions in names
 * and addresses, decided by the neighbouring characters. Text printed that way is left alone. Immutable and
 * thread-safe.
 */
final class MisreadingRepairs {
    /** "D.I.¥." : the fast English model reads a bold Y as the yen sign; between letters and dots it is a Y. */
    private static final Pattern OCR_YEN = Pattern.compile("(?<=[\\p{L}.])¥|¥(?=[\\p{L}.])");

    private final List<LegalFormReading> legalForms;

    /** @param labels the loaded languages, whose legal forms are repaired */
    MisreadingRepairs(Labels labels) {
        Map<String, LegalFormReading> readings = new LinkedHashMap<>();
        for (String phrase : labels.phrases(Labels.Kind.LEGAL_FORM)) {
            LegalFormReading reading = LegalFormReading.of(phrase);
            if (reading != null) {
                readings.putIfAbsent(reading.pattern().pattern(), reading);
            }
        }
        // the longest first: "SDN BHD" repaired as one, before "BHD" alone could be
        List<LegalFormReading> ordered = new ArrayList<>(readings.values());
        ordered.sort(Comparator.comparingInt(LegalFormReading::letters).reversed());
        this.legalForms = List.copyOf(ordered);
    }

    /**
     * The row as every rule reads it: OCR's misreadings of the loaded legal forms undone ("SON BHO", "S0N BHD" → "SDN
     * BHD", "$/B" → "S/B", "GmbI-I" and "Gmb H" → "GmbH"), a yen sign between letters read as the Y it is, and curly
     * brackets as round ones (thermal print has no curly brackets).
     */
    String repairRow(String text) {
        String repaired = text;
        for (LegalFormReading legalForm : legalForms) {
            repaired = legalForm.repair(repaired);
        }
        repaired = OCR_YEN.matcher(repaired).replaceAll("Y");
        return repaired.replace('{', '(').replace('}', ')');
    }

    /** "$$21": a run of dollar signs is never printed in a name or address; SS is ("SS21/39", a section). */
    private static final Pattern DOLLAR_RUN = Pattern.compile("\\${2,}");
    private static final Pattern DOLLAR_BEFORE_LETTER = Pattern.compile("\\$(?=\\p{L})");
    private static final Pattern DOLLAR_BEFORE_DIGIT = Pattern.compile("\\$(?=\\d)");
    /** "LOT F21 @ 22": an at sign between spaces in an address is a misread ampersand (an e-mail address has no spaces). */
    private static final Pattern STANDALONE_AT = Pattern.compile("(?<=\\s)@(?=\\s)");
    private static final Pattern O_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[Oo](?=[\\dOo]*\\d)");
    private static final Pattern O_ENDING_NUMBER = Pattern.compile("(?<=\\d\\d)[Oo]+(?![\\p{L}\\d])");
    private static final Pattern ZERO_BETWEEN_LETTERS = Pattern.compile("(?<=(\\p{L}))0(?=\\p{L})");
    private static final Pattern ZERO_AFTER_ONE_LETTER = Pattern.compile("(?<![\\p{L}\\d])(\\p{L})0(?![\\p{L}\\d])");
    private static final Pattern L_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[lI|](?=\\d)");
    private static final Pattern ONE_IN_LOWER_CASE_WORD = Pattern.compile("(?<=\\p{Ll})1(?=\\p{Ll})|(?<=\\p{Ll}{3})1(?![\\p{L}\\d])");
    private static final Pattern CAPITAL_I_IN_TITLE_CASE_WORD = Pattern.compile("(?<=(?<![\\p{L}\\d])\\p{Lu})[I1](?=\\p{Ll})");
    /** "MASAl", "DAMAl": a lower-case l ending a word of capitals is a capital I (no capitalised word ends in l). */
    private static final Pattern LOWER_L_IN_CAPITALS = Pattern.compile("(?<=(?<![\\p{L}\\d])\\p{Lu}{3,})l(?![\\p{L}\\d])");
    /** "D.1.Y.": a one between the dotted initials of letters is a capital I. */
    private static final Pattern ONE_AMONG_INITIALS = Pattern.compile("(?<=(?<![\\p{L}\\d])\\p{Lu}\\.)1(?=\\.\\p{Lu}(?![\\p{L}\\d]))");
    private static final Pattern BANG_ENDING_WORD = Pattern.compile("(?<=(\\p{L}))!(?![\\p{L}\\d])");
    private static final Pattern QUOTE_OPENING_WORD = Pattern.compile("(?<!\\S)[\u2018\u201C'\"]+(?=\\p{L})");

    /**
     * Undoes the letter–digit confusions OCR makes in names and addresses where the neighbouring characters say
     * which was printed: "$S21" (S read as a dollar sign), "531O0" and "52ooo" (O in a number), "N0." and
     * "C0MPANY" (0 in a word), "7/1l8" (l in a number), "Leve1" and "Peta1ing" (1 in a lower-case word), "JIn",
     * "J1n" and "BIk" (a capital I or a 1 inside a title-case word), "DAMA!" (I at a word's end) and "‘Tampoi"
     * (a speck read as an opening quote), "MASAl" (I at the end of a word of capitals), "D.1.Y." (I among dotted
     * initials) and "$$21" (SS); in an
     * address, which prints no prices and no e-mail, also "$5,57" (5 read as a dollar sign) and "F21 @ 22" (an
     * ampersand). Text printed that way is left alone: a digit between digits, a letter between letters. On
     * the SROIE sample (docs/benchmarks.md) none of these changes a correctly read address or name.
     */
    static String repairMisreadings(String text, boolean address) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String repaired = DOLLAR_RUN.matcher(text).replaceAll(match -> "S".repeat(match.group().length()));
        repaired = DOLLAR_BEFORE_LETTER.matcher(repaired).replaceAll("S");
        if (address) {
            repaired = DOLLAR_BEFORE_DIGIT.matcher(repaired).replaceAll("5");
            repaired = STANDALONE_AT.matcher(repaired).replaceAll("&");
        }
        repaired = O_BETWEEN_DIGITS.matcher(repaired).replaceAll("0");
        repaired = O_ENDING_NUMBER.matcher(repaired).replaceAll(match -> "0".repeat(match.group().length()));
        repaired = ZERO_BETWEEN_LETTERS.matcher(repaired).replaceAll(match -> sameCase("O", match.group(1)));
        repaired = ZERO_AFTER_ONE_LETTER.matcher(repaired).replaceAll(match -> match.group(1) + sameCase("O", match.group(1)));
        repaired = L_BETWEEN_DIGITS.matcher(repaired).replaceAll("1");
        repaired = ONE_IN_LOWER_CASE_WORD.matcher(repaired).replaceAll("l");
        repaired = CAPITAL_I_IN_TITLE_CASE_WORD.matcher(repaired).replaceAll("l");
        repaired = LOWER_L_IN_CAPITALS.matcher(repaired).replaceAll("I");
        repaired = ONE_AMONG_INITIALS.matcher(repaired).replaceAll("I");
        repaired = BANG_ENDING_WORD.matcher(repaired).replaceAll(match -> sameCase("I", match.group(1)));
        return QUOTE_OPENING_WORD.matcher(repaired).replaceAll("");
    }

    /** {@code letter} in the case of {@code neighbour}. */
    private static String sameCase(String letter, String neighbour) {
        return Character.isLowerCase(neighbour.charAt(0)) ? letter.toLowerCase(Locale.ROOT) : letter;
    }
}
