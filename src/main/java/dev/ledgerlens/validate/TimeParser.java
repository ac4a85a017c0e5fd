package dev.ledgerlens.validate;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads times of day as printed: "14:32", "14:32:05", "2:32 PM", "2.32pm", "14h32".
 * Stateless and thread-safe.
 */
public final class TimeParser {
    private static final Pattern TIME = Pattern.compile(
            "(?i)(\\d{1,2})\\s*[:.h]\\s*(\\d{2})(?:\\s*:\\s*(\\d{2}))?\\s*([ap])?\\.?\\s*(m\\.?)?");

    /** The time, or empty when the text is not a time; throws nothing. */
    public Optional<LocalTime> parse(String printed) {
        if (printed == null) {
            return Optional.empty();
        }
        Matcher matcher = TIME.matcher(printed.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(matcher.group(1));
        int minute = Integer.parseInt(matcher.group(2));
        int second = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        String half = matcher.group(4);
        if (half != null && hour <= 12) {
            if (hour == 0) {
                return Optional.empty();
            }
            hour = hour % 12 + (half.equals("p") ? 12 : 0);
        }
        // "14:32 PM" happens on till receipts: the 24-hour clock already says it, the suffix adds nothing.
        try {
            return Optional.of(LocalTime.of(hour, minute, second));
        } catch (DateTimeException e) {
            return Optional.empty(); // 25:61 is not a time
        }
    }
}
