package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How OCR may print one legal form ("Sdn. Bhd.", "GmbH", "S/B"), derived from the phrase as a label file writes it:
 * each letter as itself or as what OCR confuses it with (O/0/D, I/1/L, B/8/H, S/5/$, H/N, H read as two strokes "I-I",
 * m as "rn" …), a word split by a space ("Gmb H"), and {@link #repair} to put the phrase back. Conservative, because
 * it runs on every row: whole words only, only where a legal form stands (at the end of the row, or before a company
 * number), a few confusions at most, and never a short one-word form misread as other letters alone ("BED" is a word,
 * "BH0" is no word). Immutable and thread-safe.
 *
 * @param pattern  the phrase's readings; one group per letter, per gap inside a word, per separator between words
 * @param parts    what each group is, in group order
 * @param letters  how many letters the phrase has
 * @param oneWord  whether the phrase is one word
 */
record LegalFormReading(Pattern pattern, List<Part> parts, int letters, boolean oneWord) {

    /** What OCR prints for a letter besides the letter itself; letters without an entry are read as themselves only. */
    private static final Map<Character, String> LOOKALIKES = Map.ofEntries(
            Map.entry('A', "4|@"),
            Map.entry('B', "8|H"),
            Map.entry('D', "O|0|Q|U"),
            Map.entry('G', "6|C"),
            // H's two strokes read apart ("I-I", "|-|", "IL"; not as a dotted i) or as other letters ("BEED", "BELD", "BND")
            Map.entry('H', "[NEAL]{1,2}|(?-i:[I1lL|]-?[I1lL|])"),
            Map.entry('I', "1|L|\\||!"),
            Map.entry('L', "1|I|\\|"),
            Map.entry('M', "RN"),
            Map.entry('N', "H"),
            Map.entry('O', "0|D|Q"),
            Map.entry('S', "5|\\$"),
            Map.entry('T', "7"),
            Map.entry('Z', "2"));
    /** A word of a legal form as written. */
    private static final Pattern LETTERS = Pattern.compile("\\p{L}+");
    /** A company number after the legal form: "(519537-X)", "{549S37-X)", "273500-U". */
    private static final Pattern REGISTRATION_AFTER = Pattern.compile(
            "^[\\s.,;:|]*(?:[({\\[]\\s*[\\p{L}$]{0,3}\\d{3,}|\\d{4,}\\s*-\\s*\\p{L}(?!\\p{L}))");
    private static final Pattern BRACKETED = Pattern.compile("[({\\[][^)}\\]]*[)}\\]]?");
    /** After a legal form a row holds no word and no price: "SDN BHD (123456-K)", not "SUN BED 120.00" nor "SON BHO LINE". */
    private static final Pattern NOT_A_NAME_END = Pattern.compile("\\p{L}{3,}|\\d[.,]\\d{2}(?!\\d)");

    /** A group of the pattern. */
    enum Kind { LETTER, GAP, SEPARATOR }

    /**
     * One group of the pattern.
     *
     * @param kind    a letter of the phrase, a gap inside a word (a space OCR put there), or what separates two words
     * @param written for a letter, the letter as the phrase writes it
     * @param word    the word of the phrase the group belongs to, from 0
     */
    record Part(Kind kind, char written, int word) {
    }

    /** The readings of {@code phrase}, or null when it is too short to repair safely (two letters without a separator, "AG"). */
    static LegalFormReading of(String phrase) {
        if (phrase.contains("&")) {
            return null; // "GmbH & Co. KG": its parts are phrases of their own
        }
        List<String> words = new ArrayList<>();
        List<String> separators = new ArrayList<>();
        Matcher word = LETTERS.matcher(phrase);
        int previousEnd = -1;
        while (word.find()) {
            if (previousEnd >= 0) {
                separators.add(phrase.substring(previousEnd, word.start()).strip());
            }
            words.add(word.group());
            previousEnd = word.end();
        }
        int letters = words.stream().mapToInt(String::length).sum();
        boolean initials = words.size() > 1 && words.stream().allMatch(w -> w.length() == 1);
        // "S/B", "B.V.": the written separator is evidence enough for two letters; "AG", "KG" alone are not
        boolean separated = initials && separators.stream().noneMatch(String::isEmpty);
        if (words.isEmpty() || letters < 3 && !separated || phrase.matches(".*\\d.*")) {
            return null;
        }
        // not the end of a word ("Domino's. |" is no "S.L.")
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}'’])");
        List<Part> parts = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            if (w > 0) {
                String separator = separators.get(w - 1);
                // initials keep their own separator as written ("S/B": the slash); words may lose theirs ("SDNBHD")
                regex.append(initials ? "(" + Pattern.quote(separator) + ")" : "([.,]{0,2}\\s{0,2})");
                parts.add(new Part(Kind.SEPARATOR, ' ', w));
            }
            String text = words.get(w);
            for (int at = 0; at < text.length(); at++) {
                if (at > 0) {
                    regex.append("( ?)");
                    parts.add(new Part(Kind.GAP, ' ', w));
                }
                char letter = text.charAt(at);
                String lookalikes = LOOKALIKES.get(Character.toUpperCase(letter));
                regex.append('(').append(Pattern.quote(String.valueOf(letter)));
                if (lookalikes != null) {
                    regex.append('|').append(lookalikes);
                }
                regex.append(')');
                parts.add(new Part(Kind.LETTER, letter, w));
            }
        }
        regex.append("(?![\\p{L}\\p{N}])");
        return new LegalFormReading(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                List.copyOf(parts), letters, words.size() == 1);
    }

    /** {@code text} with each misreading of this legal form where one stands put back as the phrase; the rest as printed. */
    String repair(String text) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            String repaired = repaired(matcher, text.substring(matcher.end()));
            if (repaired == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, matcher.start()).append(repaired);
            copied = matcher.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The match as the phrase, or null when it is the phrase already or not surely a misreading of it. */
    private String repaired(Matcher match, String after) {
        int confusions = 0;
        boolean shapes = false; // a digit, symbol or split: no word of other letters reads that way
        for (int group = 1; group <= parts.size(); group++) {
            String printed = match.group(group);
            Part part = parts.get(group - 1);
            if (part.kind() == Kind.GAP && !printed.isEmpty()) {
                confusions++;
                shapes = true;
            } else if (part.kind() == Kind.LETTER && !printed.equalsIgnoreCase(String.valueOf(part.written()))) {
                confusions++;
                shapes |= !printed.chars().allMatch(Character::isLetter);
            }
        }
        boolean registration = REGISTRATION_AFTER.matcher(after).find();
        int allowed = Math.max(1, letters / 3) + (registration ? 1 : 0);
        if (confusions == 0 || confusions > allowed || oneWord && letters < 5 && !shapes
                || NOT_A_NAME_END.matcher(BRACKETED.matcher(after).replaceAll(" ")).find()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int group = 1; group <= parts.size(); group++) {
            String printed = match.group(group);
            Part part = parts.get(group - 1);
            switch (part.kind()) {
                case SEPARATOR -> out.append(printed);
                case GAP -> { } // "Gmb H": the word is one
                case LETTER -> out.append(printed.equalsIgnoreCase(String.valueOf(part.written())) ? printed
                        : letterFor(part, match));
            }
        }
        return out.toString();
    }

    /** A repaired letter: upper case in a word printed in capitals ("S0N" → "SDN"), else as the phrase writes it ("Bh0" → "Bhd"). */
    private String letterFor(Part part, Matcher match) {
        boolean lowerCase = false;
        for (int group = 1; group <= parts.size(); group++) {
            if (parts.get(group - 1).word() == part.word() && parts.get(group - 1).kind() == Kind.LETTER) {
                lowerCase |= match.group(group).chars().anyMatch(Character::isLowerCase);
            }
        }
        String letter = String.valueOf(part.written());
        return lowerCase ? letter : letter.toUpperCase(Locale.ROOT);
    }
}
