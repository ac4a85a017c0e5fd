package dev.ledgerlens.validate;

import dev.ledgerlens.extract.offline.rules.UsAddresses;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The day/month order the country of a printed address writes dates in: the United States month first, the countries
 * that name themselves on an address otherwise day first. Only what the address itself says counts: a country name at
 * its end ("…, 81200 Johor Bahru, Malaysia", "…, USA") or a US state and ZIP code ("Springfield, IL 62704";
 * "SPRINGFIELD IL 62704" at the end).
 * Countries where both orders are common (Canada, the Philippines) decide nothing. Stateless and thread-safe.
 */
final class AddressCountry {
    private static final Set<String> MONTH_FIRST = Set.of("USA", "U.S.A", "U.S.A.", "US", "U.S.", "UNITED STATES",
            "UNITED STATES OF AMERICA");
    /** Countries where both orders are in common use: no decision from the address. */
    private static final Set<String> EITHER = Set.of("CA", "PH");
    private AddressCountry() {
    }

    /** An Australian state and postcode at the end ("Sydney NSW 2000"). */
    private static final Pattern AUSTRALIAN = Pattern.compile("(?<![\\p{L}\\d])(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\\.?\\s+\\d{4}$");
    /** A Canadian province and postal code at the end ("Toronto ON M5V 2T6"). */
    private static final Pattern CANADIAN = Pattern.compile(
            "(?<![\\p{L}\\d])(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\\.?,?\\s+[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d$");
    /** A UK postcode at the end ("Bristol BS1 2AW", "London WC1X 8HB"). */
    private static final Pattern BRITISH = Pattern.compile("(?<![\\p{L}\\d])[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}$");

    /**
     * The country the address names, as an ISO 3166 code: by a country name at its end, a US state and ZIP code, an
     * Australian state and postcode, a Canadian province and postal code, or a UK postcode. Empty when it names none.
     */
    static Optional<String> country(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String upper = address.toUpperCase(Locale.ROOT).replaceAll("[\\s.,;:]+$", "");
        if (UsAddresses.hasStateAndZip(upper) || MONTH_FIRST.stream().anyMatch(name -> endsWithWord(upper, name))) {
            return Optional.of("US");
        }
        if (AUSTRALIAN.matcher(upper).find()) {
            return Optional.of("AU");
        }
        if (CANADIAN.matcher(upper).find()) {
            return Optional.of("CA");
        }
        if (BRITISH.matcher(upper).find()) {
            return Optional.of("GB");
        }
        for (Map.Entry<String, String> country : CODES.entrySet()) {
            if (endsWithWord(upper, country.getKey())) {
                return Optional.of(country.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The dollar of the country the address names, when that country's currency is one a bare "$" may stand for
     * (AUD for "Sydney NSW 2000", CAD for "Toronto ON M5V 2T6"); empty for the US, an unnamed country, or one whose
     * currency is no dollar.
     */
    static Optional<String> dollarOf(String address) {
        return country(address).filter(code -> !code.equals("US")).map(code -> {
            java.util.Currency currency = java.util.Currency.getInstance(new Locale("", code));
            return currency == null ? null : currency.getCurrencyCode();
        }).filter(CurrencyParser::isDollar);
    }

    /** The order the address's country writes dates in, when the address names one that decides. */
    static Optional<DateOrder> dateOrder(String address) {
        return country(address).filter(code -> !EITHER.contains(code))
                .map(code -> code.equals("US") ? DateOrder.MONTH_FIRST : DateOrder.DAY_FIRST);
    }

    private static boolean endsWithWord(String text, String word) {
        if (!text.endsWith(word)) {
            return false;
        }
        int before = text.length() - word.length() - 1;
        return before < 0 || !Character.isLetterOrDigit(text.charAt(before));
    }

    /** Whether the address names a country where both date orders are common (Canada, the Philippines). */
    static boolean eitherOrder(String address) {
        return country(address).filter(EITHER::contains).isPresent();
    }

    /**
     * Country names as addresses print them, upper case, to ISO 3166 codes: the JDK's English names and the native
     * forms. Longest first, so that "…, American Samoa" is not Samoa.
     */
    private static final Map<String, String> CODES = codes();

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            codes.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), code);
        }
        codes.putAll(Map.of("UK", "GB", "U.K", "GB", "GREAT BRITAIN", "GB", "ENGLAND", "GB", "SCOTLAND", "GB", "WALES", "GB",
                "NORTHERN IRELAND", "GB", "DEUTSCHLAND", "DE", "ÖSTERREICH", "AT", "SCHWEIZ", "CH"));
        codes.putAll(Map.of("SUISSE", "CH", "SVIZZERA", "CH", "ESPAÑA", "ES", "ITALIA", "IT", "NEDERLAND", "NL",
                "BELGIQUE", "BE", "BELGIË", "BE", "POLSKA", "PL", "ČESKO", "CZ", "SVERIGE", "SE"));
        codes.putAll(Map.of("NORGE", "NO", "DANMARK", "DK", "SUOMI", "FI"));
        // a US state, or a common place or person name, at an address's end says nothing of the country
        List.of("GEORGIA", "JERSEY", "JORDAN", "CHAD", "UNITED STATES").forEach(codes::remove);
        Map<String, String> longestFirst = new java.util.LinkedHashMap<>();
        codes.entrySet().stream().sorted(Map.Entry.<String, String>comparingByKey(java.util.Comparator.comparingInt(String::length)).reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(entry -> longestFirst.put(entry.getKey(), entry.getValue()));
        return java.util.Collections.unmodifiableMap(longestFirst);
    }
}
