package dev.ledgerlens.extract.offline.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words documents print next to their fields, in the languages loaded: total, subtotal and tax labels, invoice
 * number and date labels, customer-block labels, item-table column headers, document titles and month names; and the
 * vocabulary of a country's names and addresses: street, building and area words, legal forms, business words. Read
 * from {@code config/labels/<language>.txt} by {@link LabelLoader}; the field rules match them against a row's
 * {@linkplain #fold(String) folded} text, so case, accents and the punctuation between words do not matter
 * ("Rechnungs-Nr." matches "RECHNUNGS NR", "Échéance" matches "ECHEANCE"). Two forms are read specially: a phrase
 * that starts with a hyphen matches the end of a longer word ("-straße" finds "Königstraße"), and a legal form
 * written with a final dot ("Ltd.") takes a printed final dot with it, so that a name cut after it keeps the dot.
 *
 * <p>Immutable and thread-safe.
 */
public final class Labels {
    /** What a label says the value next to it is. */
    public enum Kind {
        TITLE("title"), TOTAL("total"), SUBTOTAL("subtotal"), TAX("tax"), INVOICE_NUMBER("invoice_number"), DATE("date"),
        DUE_DATE("due_date"), OTHER_DATE("other_date"), CUSTOMER("customer"), CUSTOMER_NUMBER("customer_number"),
        TAX_ID("tax_id"), DESCRIPTION("column.description"), QUANTITY("column.quantity"), UNIT_PRICE("column.unit_price"),
        AMOUNT("column.amount"), TAX_RATE("column.tax_rate"), POSITION("column.position"),
        /** Street, building and area words of addresses ("Street", "Jalan", "Straße", "rue"): what makes a row read as an address. */
        ADDRESS("address"),
        /** Legal forms that end a business name ("Ltd.", "Sdn. Bhd.", "GmbH", "S.A."): the name row, and a closed vocabulary OCR misreadings of which are repaired. */
        LEGAL_FORM("legal_form"),
        /** Words of business names ("Enterprise", "Trading", "Restoran", "Boulangerie"): a name row without a legal form. */
        BUSINESS("business"),
        /**
         * Other words names and addresses print, neither labels nor legal forms: towns and regions, trade words
         * ("Selangor", "Kembangan", "Confectionery"). With the address, legal-form and business words they are the
         * spelling list by which a word OCR misread by one letter is read as printed ({@link Spelling}).
         */
        WORD("word"),
        /**
         * Real words one like-shaped letter from a {@link #WORD spelling-list word} ("Black", "Lower"): read as
         * printed, never respelt.
         */
        KEEP("keep"),
        /** Titles that make a document an invoice, a bill paid later ("Invoice", "Rechnung", "Facture"), not a till receipt. */
        INVOICE_TITLE("invoice_title"),
        /** Charges added to the bill below its subtotal ("Shipping", "Freight", "Versandkosten", "Frais de port"). */
        CHARGES("charges"),
        /** Titles of a document that credits rather than bills ("Credit note", "Gutschrift", "Avoir", "Nota de crédito"). */
        CREDIT_NOTE_TITLE("credit_note_title");

        final String section;

        Kind(String section) {
            this.section = section;
        }

        /** The kind a file's {@code [section]} names, or null. */
        static Kind ofSection(String section) {
            for (Kind kind : values()) {
                if (kind.section.equals(section)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Matches nothing: a kind no loaded language has words for. */
    private static final Pattern NOTHING = Pattern.compile("(?!)");
    /** Between the words of a label: spaces, dots, hyphens, slashes, °, º, apostrophes, or nothing ("RECHNUNGSNR"). */
    private static final String BETWEEN_WORDS = "[^\\p{L}\\p{N}]{0,3}";
    /** Between an initial of a legal form and the next word: a dot, slash or space at least ("S.A.", "S/B", "S. Coop."). */
    private static final String INITIAL_SEPARATOR = "[^\\p{L}\\p{N}]{1,3}";
    /** A word of a phrase: letters and digits, or an ampersand. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+|&");

    private final List<String> languages;
    private final Map<Kind, Pattern> patterns;
    private final Map<Kind, List<String>> phrases;
    private final Map<String, Integer> months;

    Labels(List<String> languages, Map<Kind, List<String>> phrases, Map<String, Integer> months) {
        this.languages = List.copyOf(languages);
        Map<Kind, Pattern> compiled = new EnumMap<>(Kind.class);
        Map<Kind, List<String>> copied = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<String> list = phrases.getOrDefault(kind, List.of());
            copied.put(kind, List.copyOf(list));
            compiled.put(kind, compile(list, kind));
        }
        this.patterns = compiled;
        this.phrases = copied;
        this.months = Map.copyOf(months);
    }

    /** No labels at all: the engine's built-in English patterns alone. */
    public static Labels none() {
        return new Labels(List.of(), Map.of(), Map.of());
    }

    /** The labels of {@code languages} ("en", "de", …) from the shipped {@code config/labels/} files. */
    public static Labels of(List<String> languages) {
        return languages.equals(LabelLoader.SHIPPED) ? LabelLoader.shipped() : LabelLoader.load(languages);
    }

    /** Every shipped language's labels. */
    public static Labels shipped() {
        return LabelLoader.shipped();
    }

    public List<String> languages() {
        return languages;
    }

    /** The pattern of a kind's labels over folded text; it matches whole words only. */
    public Pattern pattern(Kind kind) {
        return patterns.get(kind);
    }

    /** Whether {@code folded} (see {@link #fold(String)}) holds a label of {@code kind}. */
    public boolean has(Kind kind, String folded) {
        return patterns.get(kind).matcher(folded).find();
    }

    /**
     * Where a label of {@code kind} that opens {@code folded} (a folded, stripped cell) ends, when the cell starts with
     * one and no letter follows it ("RECHNUNG", "FACTURE N° 12"; not "RECHNUNGSADRESSE"); else -1.
     */
    int opening(Kind kind, String folded) {
        Matcher label = patterns.get(kind).matcher(folded);
        if (!label.lookingAt() || label.end() < folded.length() && Character.isLetter(folded.charAt(label.end()))) {
            return -1;
        }
        return label.end();
    }

    /** The first label of {@code kind} in {@code folded}, or null. */
    public Matcher find(Kind kind, String folded) {
        Matcher matcher = patterns.get(kind).matcher(folded);
        return matcher.find() ? matcher : null;
    }

    /** Month names (folded, upper case) to month numbers, of every loaded language. */
    public Map<String, Integer> months() {
        return months;
    }

    /** The phrases of a kind, as written in the files. */
    List<String> phrases(Kind kind) {
        return phrases.get(kind);
    }

    /**
     * Upper case without accents, one character for one ("Fällig am" → "FALLIG AM", "Straße" → "STRASE"), so that an
     * index into the folded text is the same index into the text as printed.
     */
    public static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                folded.append(Character.toUpperCase(c));
                continue;
            }
            char base = switch (c) {
                case 'ß' -> 'S';
                case 'œ', 'Œ' -> 'O';
                case 'æ', 'Æ' -> 'A';
                case 'ø', 'Ø' -> 'O';
                case 'ł', 'Ł' -> 'L';
                case 'º' -> 'O';
                default -> {
                    String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                    yield decomposed.isEmpty() ? c : decomposed.charAt(0);
                }
            };
            folded.append(Character.toUpperCase(base));
        }
        return folded.toString();
    }

    /**
     * The words of a phrase, folded: runs of letters and digits, and ampersands ("& Co.", "& fils"), which name a
     * business where other punctuation only separates words.
     */
    private static List<String> words(String phrase) {
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(fold(phrase));
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }

    private static Pattern compile(List<String> phrases, Kind kind) {
        // a street or business word may follow a number without a space, as OCR runs them together ("12JALAN")
        String wordStart = kind == Kind.ADDRESS || kind == Kind.BUSINESS ? "(?<!\\p{L})" : "(?<![\\p{L}\\p{N}])";
        // per way of starting (a word, or the end of a compound): each phrase with its length, to try the longest first
        Map<String, Map<String, Integer>> byStart = new LinkedHashMap<>();
        for (String phrase : phrases) {
            List<String> words = words(phrase);
            if (words.isEmpty()) {
                continue;
            }
            StringBuilder joined = new StringBuilder(Pattern.quote(words.get(0)));
            for (int at = 1; at < words.size(); at++) {
                // a legal form's initial keeps its dot or slash ("S.A.", "S/B"): run together, "SA" and "SCOOP" are words
                boolean initial = words.get(at - 1).length() == 1 || words.get(at).length() == 1;
                joined.append(kind == Kind.LEGAL_FORM && initial ? INITIAL_SEPARATOR : BETWEEN_WORDS).append(Pattern.quote(words.get(at)));
            }
            String core = joined.toString();
            // "-straße": the end of a compound ("Königstraße"); any other phrase starts a word
            String start = phrase.strip().startsWith("-") ? "(?<=\\p{L})" : wordStart;
            String end = kind == Kind.LEGAL_FORM && phrase.strip().endsWith(".") ? "(?:\\.(?!\\p{L}))?" : "";
            byStart.computeIfAbsent(start, key -> new LinkedHashMap<>()).merge(core + end, core.length(), Math::max);
        }
        if (byStart.isEmpty()) {
            return NOTHING;
        }
        List<String> groups = new ArrayList<>();
        byStart.forEach((start, alternatives) -> {
            // Longest first: "TOTAL TTC" before "TOTAL", so that the label found is the most specific one.
            List<String> ordered = new ArrayList<>(alternatives.keySet());
            ordered.sort(Comparator.comparing((String alternative) -> alternatives.get(alternative)).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            groups.add(start + "(?:" + String.join("|", ordered) + ")");
        });
        // a street word may run on into its number ("LOT1851"); a legal form ends the name ("UG1" is a floor, not a company)
        return Pattern.compile("(?:" + String.join("|", groups) + ")" + (kind == Kind.LEGAL_FORM ? "(?![\\p{L}\\p{N}])" : "(?![\\p{L}])"));
    }

    @Override
    public String toString() {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        phrases.forEach((kind, list) -> counts.put(kind, list.size()));
        return "Labels" + languages + counts;
    }
}
