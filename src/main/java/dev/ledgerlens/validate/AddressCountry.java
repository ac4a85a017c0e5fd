package dev.ledgerlens.validate;

import dev.ledgerlens.extract.offline.rules.UsAddresses;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The day/month order the country of a printed address writes dates in: the United States month first, the countries
 * that name themselves on an address otherwise day first. Only what the address itself says counts: a country name at
 * its end ("…, 81200 Johor Bahru, Malaysia", "…, USA") or a US state and ZIP code ("Springfield, IL 62704";
 * "SPRINGFIELD IL 62704" at the end).
 * Countries where both orders are common (Canada, the Philippines) decide nothing. Stateless and thread-safe.
 */
final class AddressCountry {
    /** English country names (the JDK's ISO 3166 list) and the forms addresses print them in, upper case. */
    private static final Set<String> DAY_FIRST = countries();
    private static final Set<String> MONTH_FIRST = Set.of("USA", "U.S.A", "U.S.A.", "US", "U.S.", "UNITED STATES",
            "UNITED STATES OF AMERICA");
    /** Both orders in common use: no decision from the address. */
    private static final Set<String> EITHER = Set.of("CANADA", "PHILIPPINES");
    private AddressCountry() {
    }

    /** The order the address's country writes dates in, when the address names one that decides. */
    static Optional<DateOrder> dateOrder(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String upper = address.toUpperCase(Locale.ROOT).replaceAll("[\\s.,;:]+$", "");
        if (UsAddresses.hasStateAndZip(upper)) {
            return Optional.of(DateOrder.MONTH_FIRST);
        }
        for (String country : MONTH_FIRST) {
            if (endsWithWord(upper, country)) {
                return Optional.of(DateOrder.MONTH_FIRST);
            }
        }
        for (String country : EITHER) {
            if (endsWithWord(upper, country)) {
                return Optional.empty();
            }
        }
        for (String country : DAY_FIRST) {
            if (endsWithWord(upper, country)) {
                return Optional.of(DateOrder.DAY_FIRST);
            }
        }
        return Optional.empty();
    }

    private static boolean endsWithWord(String text, String word) {
        if (!text.endsWith(word)) {
            return false;
        }
        int before = text.length() - word.length() - 1;
        return before < 0 || !Character.isLetterOrDigit(text.charAt(before));
    }

    private static Set<String> countries() {
        Set<String> names = new HashSet<>();
        for (String code : Locale.getISOCountries()) {
            names.add(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT));
        }
        names.addAll(List.of("UK", "U.K", "GREAT BRITAIN", "ENGLAND", "SCOTLAND", "WALES", "NORTHERN IRELAND", "DEUTSCHLAND",
                "ÖSTERREICH", "SCHWEIZ", "SUISSE", "SVIZZERA", "ESPAÑA", "ITALIA", "NEDERLAND", "BELGIQUE", "BELGIË", "POLSKA",
                "ČESKO", "SVERIGE", "NORGE", "DANMARK", "SUOMI", "PORTUGAL"));
        // also a US state, or a common place or person name: a row ending with them says nothing of the country
        names.removeAll(List.of("GEORGIA", "JERSEY", "JORDAN", "CHAD", "UNITED STATES", "CANADA", "PHILIPPINES"));
        return Set.copyOf(names);
    }
}
