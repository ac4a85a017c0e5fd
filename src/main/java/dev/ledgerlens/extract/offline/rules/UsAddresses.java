package dev.ledgerlens.extract.offline.rules;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The state and ZIP code that end a US address ("Springfield, IL 62704", "SPRINGFIELD IL 62704-1234"): where the
 * offline engine's address ends and what tells the validate stage that dates are written month first. Stateless and
 * thread-safe.
 */
public final class UsAddresses {
    private static final String STATES = "(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|"
            + "ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)";
    /** A state code and ZIP code ending the text, with or without the comma before the state. */
    private static final String AT_END = "(?<![\\p{L}\\d])" + STATES + "\\.?\\s+\\d{5}(?:-\\d{4})?$";
    private static final Pattern ENDS_WITH_STATE_ZIP = Pattern.compile(AT_END);
    /**
     * A state code and a ZIP code after a comma, anywhere ("…, IL 62704, USA"); or, with the comma not printed or not
     * read, ending the text: elsewhere a postcode comes before the town, not after a two-letter word.
     */
    private static final Pattern STATE_ZIP = Pattern.compile(",\\s*" + STATES + "\\.?\\s+\\d{5}(?:-\\d{4})?\\b|" + AT_END);

    private UsAddresses() {
    }

    /** Whether the address holds a US state and ZIP code (after a comma, or at its end). */
    public static boolean hasStateAndZip(String address) {
        return STATE_ZIP.matcher(upperTrimmed(address)).find();
    }

    /** Whether the row ends with a US state and ZIP code: an address's last row ("Rogers AR 72756"). */
    public static boolean endsWithStateAndZip(String row) {
        return ENDS_WITH_STATE_ZIP.matcher(upperTrimmed(row)).find();
    }

    private static String upperTrimmed(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[\\s.,;:]+$", "");
    }
}
