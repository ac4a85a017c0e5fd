package dev.ledgerlens.extract.offline.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Respells the words of a name or an address that OCR misread, against the loaded languages' vocabulary of names and
 * addresses: the words of {@link Labels.Kind#ADDRESS}, {@link Labels.Kind#LEGAL_FORM}, {@link Labels.Kind#BUSINESS}
 * and {@link Labels.Kind#WORD}. "TANAN" and "TAHAN" → "TAMAN", "KEHBANGAN" → "KEMBANGAN", "CONFECTIUNERY" →
 * "CONFECTIONERY", "10T" → "LOT".
 *
 * <p>A word of letters is respelt only when it is not itself a listed word and exactly one listed word is one letter
 * away: one letter read as another of like shape ("M" as "N" or "H", "O" as "U"), or, in longer words, one letter
 * dropped or added inside the word ("STATONERY"). A first or last letter is never guessed ("SERVICE" is not "SERVICES"
 * misread, nor "SPRINTING" "PRINTING"), and words under five letters are never respelt: one letter from a four-letter
 * word is as likely another word ("CARE", "CAKE", "CAFE"). A word that mixes letters and digits is read as the one
 * listed word its digits spell when read as the letters of like shape ("10T" → "LOT"; "U13" stays).
 *
 * <p>Read as printed: the words of {@link Labels.Kind#KEEP} (real words one such letter from a listed word), and a
 * listed word written without its umlauts ("BAECKEREI"). With no vocabulary loaded nothing changes. Immutable and
 * thread-safe.
 */
final class Spelling {
    /** Words shorter than this are left as read: too many real words lie one letter from each other. */
    static final int MIN_LETTERS = 5;
    /** A dropped or added letter is guessed only in words at least this long, where it leaves one candidate. */
    static final int MIN_LETTERS_FOR_LENGTH_CHANGE = 7;
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{L}+(?![\\p{L}\\p{N}])");
    /** A word of letters and digits, at least one of each. */
    private static final Pattern MIXED_WORD =
            Pattern.compile("(?<![\\p{L}\\p{N}])(?=[\\p{L}\\d]*\\p{L})(?=[\\p{L}\\d]*\\d)[\\p{L}\\d]{3,12}(?![\\p{L}\\p{N}])");
    private static final char WILDCARD = '?';
    /**
     * Letters OCR reads one for the other because their shapes are alike in capitals and in lower case: the arches of
     * m, n and h; the strokes of I, l, t and J; o and c, c and e; b and h, f and t; u, v and y. Only these and the two
     * sets below are respelt: "GERBANG" is not "TERBANG" misread, nor "POWER" "TOWER".
     */
    private static final Set<String> CONFUSABLE = Set.of("MN", "MH", "NH", "IL", "IT", "LT", "IJ", "OC", "CE", "BH", "FT",
            "UV", "VY");
    /**
     * Alike in capitals only: the rounds of O, U, D, Q and C, G; the bowls of B, E, F, P, R. In lower case they differ
     * (o and u, b and e), so a word in lower case keeps them: the Italian "Forniture" is no "Furniture" misread.
     */
    private static final Set<String> CONFUSABLE_IN_CAPITALS = Set.of("OU", "OD", "OQ", "CG", "BE", "BR", "EF", "FP", "PR");
    /** Vowels alike in lower case only: a capital A is not an E ("MONT KIERA" is printed so). */
    private static final Set<String> CONFUSABLE_IN_LOWER_CASE = Set.of("AE", "AO", "EO");
    /** Digits OCR reads for letters of like shape: "10T" is LOT, "5EKSYEN" SEKSYEN. */
    private static final Map<Character, String> DIGIT_LETTERS = Map.of('0', "O", '1', "LI", '5', "S", '8', "B", '2', "Z", '6', "G");

    /** The vocabulary's words of five letters or more, folded, to each as the labels file writes it (capitals, accents). */
    private final Map<String, String> words;
    /** Every vocabulary word of three letters or more, folded, to its written form: what a word with digits may be. */
    private final Map<String, String> allWords;
    /** Words read as printed though one letter from a vocabulary word, folded. */
    private final Set<String> kept;
    /** A word with one letter replaced by {@link #WILDCARD}, to the words it stands for. */
    private final Map<String, Set<String>> oneLetterReplaced;
    /** A word with one letter removed, neither its first nor its last, to the words it was. */
    private final Map<String, Set<String>> oneLetterRemoved;

    private Spelling(Map<String, String> words, Map<String, String> allWords, Set<String> kept) {
        this.words = Map.copyOf(words);
        this.allWords = Map.copyOf(allWords);
        this.kept = Set.copyOf(kept);
        Map<String, Set<String>> replaced = new HashMap<>();
        Map<String, Set<String>> removed = new HashMap<>();
        for (String word : words.keySet()) {
            for (int at = 0; at < word.length(); at++) {
                replaced.computeIfAbsent(word.substring(0, at) + WILDCARD + word.substring(at + 1), key -> new HashSet<>()).add(word);
                if (word.length() - 1 >= MIN_LETTERS_FOR_LENGTH_CHANGE && at > 0 && at < word.length() - 1) {
                    removed.computeIfAbsent(word.substring(0, at) + word.substring(at + 1), key -> new HashSet<>()).add(word);
                }
            }
        }
        this.oneLetterReplaced = Map.copyOf(replaced);
        this.oneLetterRemoved = Map.copyOf(removed);
    }

    /** The vocabulary of names and addresses in {@code labels}: their single words of letters, folded. */
    static Spelling of(Labels labels) {
        Map<String, String> words = new HashMap<>();
        Set<String> kept = new HashSet<>();
        Map<String, String> allWords = new HashMap<>();
        for (Labels.Kind kind : List.of(Labels.Kind.ADDRESS, Labels.Kind.LEGAL_FORM, Labels.Kind.BUSINESS, Labels.Kind.WORD)) {
            for (String phrase : labels.phrases(kind)) {
                Matcher word = WORD.matcher(phrase);
                while (word.find()) {
                    if (word.group().length() >= 3) {
                        allWords.putIfAbsent(Labels.fold(word.group()), word.group().toUpperCase(Locale.ROOT));
                    }
                    if (word.group().length() >= MIN_LETTERS) {
                        // fold keeps one character for one, so the folded word and the written one have the same length
                        words.putIfAbsent(Labels.fold(word.group()), word.group().toUpperCase(Locale.ROOT));
                        kept.add(transliterated(word.group()));
                    }
                }
            }
        }
        for (String phrase : labels.phrases(Labels.Kind.KEEP)) {
            Matcher word = WORD.matcher(Labels.fold(phrase));
            while (word.find()) {
                kept.add(word.group());
            }
        }
        return new Spelling(words, allWords, kept);
    }

    /** A word as written without its umlauts and ß, the German way: "BÄCKEREI" → "BAECKEREI", "STRAßE" → "STRASSE". */
    private static String transliterated(String word) {
        return Labels.fold(word.toUpperCase(Locale.ROOT).replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE").replace("ß", "SS"));
    }

    /** {@code text} with each word OCR misread respelt as the listed word it was, in the case it is printed in. */
    String respell(String text) {
        if (text == null || words.isEmpty()) {
            return text;
        }
        String digitsRead = MIXED_WORD.matcher(text).replaceAll(mixed -> Matcher.quoteReplacement(spelt(mixed.group())));
        return WORD.matcher(digitsRead).replaceAll(word -> {
            String meant = meant(word.group());
            return Matcher.quoteReplacement(meant == null ? word.group() : inCaseOf(words.get(meant), word.group()));
        });
    }

    /**
     * A word that mixes letters and digits as the one listed word its digits spell when read as the letters of like
     * shape ("10T" → "LOT"); as printed when they spell no listed word or more than one ("U13", "SS15").
     */
    private String spelt(String mixed) {
        Set<String> readings = new HashSet<>();
        spellings(Labels.fold(mixed), 0, new StringBuilder(), readings);
        readings.retainAll(allWords.keySet());
        return readings.size() == 1 ? inCaseOf(allWords.get(readings.iterator().next()), mixed) : mixed;
    }

    /** Every letters-only reading of {@code folded} from {@code at} on, each digit read as a letter of its shape. */
    private static void spellings(String folded, int at, StringBuilder prefix, Set<String> out) {
        if (at == folded.length()) {
            out.add(prefix.toString());
            return;
        }
        char c = folded.charAt(at);
        String letters = Character.isDigit(c) ? DIGIT_LETTERS.get(c) : String.valueOf(c);
        if (letters == null) {
            return; // a digit like no letter: not a misread word
        }
        for (char letter : letters.toCharArray()) {
            prefix.append(letter);
            spellings(folded, at + 1, prefix, out);
            prefix.setLength(prefix.length() - 1);
        }
    }

    /** The one vocabulary word {@code printed} is a misreading of, folded; null when none or more than one. */
    private String meant(String printed) {
        String folded = Labels.fold(printed);
        if (folded.length() < MIN_LETTERS || words.containsKey(folded) || kept.contains(folded)) {
            return null;
        }
        Set<String> candidates = new HashSet<>();
        for (int at = 0; at < folded.length(); at++) {
            for (String word : oneLetterReplaced.getOrDefault(folded.substring(0, at) + WILDCARD + folded.substring(at + 1), Set.of())) {
                if (confusable(printed.charAt(at), word.charAt(at))) {
                    candidates.add(word);
                }
            }
        }
        if (folded.length() >= MIN_LETTERS_FOR_LENGTH_CHANGE - 1) {
            // a letter dropped inside the word: the printed word is a vocabulary word with one inner letter removed
            candidates.addAll(oneLetterRemoved.getOrDefault(folded, Set.of()));
        }
        if (folded.length() - 1 >= MIN_LETTERS_FOR_LENGTH_CHANGE) {
            // a letter added inside the word: removing it gives a vocabulary word
            for (int at = 1; at < folded.length() - 1; at++) {
                String shorter = folded.substring(0, at) + folded.substring(at + 1);
                if (words.containsKey(shorter)) {
                    candidates.add(shorter);
                }
            }
        }
        return candidates.size() == 1 ? candidates.iterator().next() : null;
    }

    /** Whether OCR reads {@code meant} (folded) as {@code printed} (as printed): a pair of like shapes. */
    private static boolean confusable(char printed, char meant) {
        char folded = Labels.fold(String.valueOf(printed)).charAt(0);
        return pair(CONFUSABLE, folded, meant)
                || (Character.isLowerCase(printed) ? pair(CONFUSABLE_IN_LOWER_CASE, folded, meant) : pair(CONFUSABLE_IN_CAPITALS, folded, meant));
    }

    private static boolean pair(Set<String> pairs, char one, char other) {
        return pairs.contains("" + one + other) || pairs.contains("" + other + one);
    }

    /** {@code word} written as {@code printed} is: lower case, capitalised, or capitals. */
    private static String inCaseOf(String word, String printed) {
        long lower = printed.chars().filter(Character::isLowerCase).count();
        if (lower == 0) {
            return word;
        }
        String low = word.toLowerCase(Locale.ROOT);
        // a digit first stands for a letter whose case it does not show: "5eksyen" is capitalised like most such words
        boolean capital = Character.isUpperCase(printed.charAt(0)) || Character.isDigit(printed.charAt(0));
        return capital ? Character.toUpperCase(low.charAt(0)) + low.substring(1) : low;
    }
}
