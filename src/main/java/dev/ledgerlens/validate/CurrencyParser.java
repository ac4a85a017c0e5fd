package dev.ledgerlens.validate;

import java.text.Normalizer;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a printed currency (symbol, code or local abbreviation) into an ISO-4217 code.
 * Symbols shared by several currencies ("$", "kr", "¥") are settled by the surrounding text
 * (a code or a specific symbol printed elsewhere on the document) or by the configured
 * default currency; failing that "$" is presumed to be USD (noted, not flagged), "¥" is read as JPY and flagged,
 * and "kr" stays undecided and flagged. Immutable and thread-safe.
 */
public final class CurrencyParser {

    /** Symbols and local abbreviations that name exactly one currency. Keys are upper-cased. */
    private static final Map<String, String> UNIQUE = Map.ofEntries(
            Map.entry("€", "EUR"), Map.entry("£", "GBP"), Map.entry("₹", "INR"), Map.entry("RS", "INR"),
            Map.entry("RS.", "INR"), Map.entry("RM", "MYR"), Map.entry("S$", "SGD"), Map.entry("SG$", "SGD"),
            Map.entry("A$", "AUD"), Map.entry("AU$", "AUD"), Map.entry("C$", "CAD"), Map.entry("CA$", "CAD"),
            Map.entry("NZ$", "NZD"), Map.entry("HK$", "HKD"), Map.entry("US$", "USD"), Map.entry("R$", "BRL"),
            Map.entry("MX$", "MXN"), Map.entry("₩", "KRW"), Map.entry("₽", "RUB"), Map.entry("₺", "TRY"),
            Map.entry("฿", "THB"), Map.entry("₫", "VND"), Map.entry("₱", "PHP"), Map.entry("₪", "ILS"),
            Map.entry("ZŁ", "PLN"), Map.entry("RP", "IDR"), Map.entry("FR.", "CHF"), Map.entry("円", "JPY"),
            Map.entry("元", "CNY"), Map.entry("RMB", "CNY"), Map.entry("KČ", "CZK"), Map.entry("FT", "HUF"),
            Map.entry("LEI", "RON"), Map.entry("₦", "NGN"), Map.entry("₴", "UAH"), Map.entry("DHS", "AED"),
            Map.entry("R", "ZAR"), Map.entry("TL", "TRY"),
            // Names a model may write instead of a code.
            Map.entry("EURO", "EUR"), Map.entry("EUROS", "EUR"), Map.entry("POUND", "GBP"), Map.entry("POUNDS", "GBP"),
            Map.entry("STERLING", "GBP"), Map.entry("RINGGIT", "MYR"), Map.entry("YEN", "JPY"), Map.entry("YUAN", "CNY"),
            Map.entry("RENMINBI", "CNY"), Map.entry("RUPEE", "INR"), Map.entry("RUPEES", "INR"),
            Map.entry("USDOLLAR", "USD"), Map.entry("USDOLLARS", "USD"), Map.entry("SWISSFRANC", "CHF"),
            Map.entry("SWISSFRANCS", "CHF"));

    /** Shared symbols: the currencies they may mean, the first being the fallback (null: no fallback). */
    private static final Map<String, List<String>> SHARED = Map.of(
            "$", List.of("USD", "AUD", "CAD", "SGD", "NZD", "HKD", "MXN", "TWD"),
            "DOLLAR", List.of("USD", "AUD", "CAD", "SGD", "NZD", "HKD", "MXN", "TWD"),
            "DOLLARS", List.of("USD", "AUD", "CAD", "SGD", "NZD", "HKD", "MXN", "TWD"),
            "¥", List.of("JPY", "CNY"),
            "KR", List.of("", "SEK", "NOK", "DKK", "ISK"),
            "KR.", List.of("", "SEK", "NOK", "DKK", "ISK"));

    private static final Pattern CODE = Pattern.compile("\\b([A-Z]{3})\\b");
    private static final Set<String> ISO_CODES;

    static {
        Set<String> codes = new LinkedHashSet<>();
        for (Currency currency : Currency.getAvailableCurrencies()) {
            codes.add(currency.getCurrencyCode());
        }
        ISO_CODES = Set.copyOf(codes);
    }

    /** Codes trusted as currency markers in running text; excludes codes that are also words (ALL, TOP, CUP…). */
    private static final Pattern TEXT_CODE = Pattern.compile("(?<![A-Za-z])(USD|EUR|GBP|MYR|SGD|AUD|CAD|NZD|HKD|JPY|"
            + "CNY|RMB|INR|CHF|SEK|NOK|DKK|PLN|CZK|HUF|IDR|THB|PHP|VND|KRW|TWD|BRL|MXN|ZAR|AED|SAR|KWD|BHD|OMR|JOD|"
            + "TRY|ILS)(?![A-Za-z])");
    /** Symbols trusted in running text; "RM" only as a word of its own or stuck to a number ("RM9.00"). */
    private static final Pattern TEXT_SYMBOL = Pattern.compile(
            "[€£₹₩₽₺฿₫₱₪]|(?<![A-Za-z])(?:RM|S\\$|A\\$|C\\$|NZ\\$|HK\\$|US\\$|R\\$)(?![A-Za-z])|\\$");

    private final String defaultCurrency;

    /** @param defaultCurrency the configured currency for documents that print none, or null */
    public CurrencyParser(String defaultCurrency) {
        this.defaultCurrency = defaultCurrency == null || defaultCurrency.isBlank()
                ? null : defaultCurrency.trim().toUpperCase(Locale.ROOT);
    }

    /** True for a known ISO-4217 code. */
    public static boolean isIsoCode(String text) {
        return text != null && ISO_CODES.contains(text);
    }

    /**
     * The number of decimals the currency is printed with (2 for EUR, 0 for JPY, 3 for KWD), or -1 when unknown.
     */
    public static int minorUnits(String code) {
        if (!isIsoCode(code)) {
            return -1;
        }
        return Currency.getInstance(code).getDefaultFractionDigits();
    }

    /** Whether the text is a currency we know, without resolving shared symbols. */
    static boolean isCurrencyText(String text) {
        String key = key(text);
        return isIsoCode(key) || UNIQUE.containsKey(key) || SHARED.containsKey(key);
    }

    /**
     * Resolves a printed currency.
     *
     * @param printed the currency as printed, may be null
     * @param context other text of the document (page text, other fields) used to settle shared symbols; may be null
     */
    public CurrencyReading resolve(String printed, String context) {
        if (printed == null || printed.isBlank()) {
            return new CurrencyReading(printed, null, ParseOutcome.ABSENT, null);
        }
        String key = key(printed);
        if (isIsoCode(key)) {
            return new CurrencyReading(printed, key, ParseOutcome.PARSED, null);
        }
        String unique = UNIQUE.get(key);
        if (unique != null) {
            return new CurrencyReading(printed, unique, ParseOutcome.PARSED, null);
        }
        List<String> candidates = SHARED.get(key);
        if (candidates == null) {
            return new CurrencyReading(printed, null, ParseOutcome.UNPARSEABLE,
                    "'" + printed + "' is not a currency symbol or ISO-4217 code");
        }
        Optional<String> settled = settle(candidates, context);
        if (settled.isPresent()) {
            return new CurrencyReading(printed, settled.get(), ParseOutcome.PARSED, null);
        }
        String fallback = candidates.get(0);
        if (fallback.isEmpty()) {
            return new CurrencyReading(printed, null, ParseOutcome.AMBIGUOUS,
                    "'" + printed + "' may be any of " + candidates.subList(1, candidates.size())
                            + " and nothing on the document says which");
        }
        String note = "'" + printed + "' read as " + fallback + " because nothing on the document names another of "
                + candidates.subList(1, candidates.size());
        // A bare "$" is the US dollar on the great majority of documents: presumed without review, but noted.
        // "¥" is split between yen and yuan too evenly to presume.
        ParseOutcome outcome = fallback.equals("USD") ? ParseOutcome.PARSED : ParseOutcome.AMBIGUOUS;
        return new CurrencyReading(printed, fallback, outcome, note);
    }

    /**
     * The currency a document's page text shows, when it shows exactly one (codes like EUR, unique symbols
     * like € or RM; a lone "$" is resolved as {@link #resolve} does). Empty when none or several are shown.
     */
    public Optional<String> inText(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Set<String> codes = new LinkedHashSet<>();
        Matcher code = TEXT_CODE.matcher(text);
        while (code.find()) {
            codes.add(code.group(1).equals("RMB") ? "CNY" : code.group(1));
        }
        boolean dollar = false;
        Matcher symbol = TEXT_SYMBOL.matcher(text);
        while (symbol.find()) {
            String found = symbol.group();
            if (found.equals("$")) {
                dollar = true;
            } else {
                codes.add(UNIQUE.get(key(found)));
            }
        }
        if (codes.isEmpty() && dollar) {
            return Optional.ofNullable(resolve("$", text).code());
        }
        return codes.size() == 1 ? Optional.of(codes.iterator().next()) : Optional.empty();
    }

    /**
     * Whether the text shows a symbol that names {@code code} and no other currency ("RM" for MYR, "€", "US$"),
     * as {@link #inText} finds symbols in running text; the shared "$" does not count.
     */
    public static boolean showsOwnSymbol(String code, String text) {
        if (code == null || text == null) {
            return false;
        }
        Matcher symbol = TEXT_SYMBOL.matcher(text);
        while (symbol.find()) {
            if (code.equals(UNIQUE.get(key(symbol.group())))) {
                return true;
            }
        }
        return false;
    }

    /** Whether "$" may stand for {@code code}. */
    public static boolean isDollar(String code) {
        return SHARED.get("$").contains(code);
    }

    /** The configured currency for documents that print none, if any. */
    public Optional<String> defaultCurrency() {
        return Optional.ofNullable(defaultCurrency);
    }

    /** A code, or a symbol that names one currency, printed in the context; or the default currency when it is a candidate. */
    private Optional<String> settle(List<String> candidates, String context) {
        Set<String> named = new LinkedHashSet<>();
        if (context != null) {
            Matcher codes = CODE.matcher(context.toUpperCase(Locale.ROOT));
            while (codes.find()) {
                if (candidates.contains(codes.group(1))) {
                    named.add(codes.group(1));
                }
            }
            String upper = context.toUpperCase(Locale.ROOT);
            for (Map.Entry<String, String> symbol : specificSymbols().entrySet()) {
                // "(?<![A-Z])" keeps the S$ inside US$ from counting as a Singapore dollar.
                boolean printed = Pattern.compile("(?<![A-Z])" + Pattern.quote(symbol.getKey())).matcher(upper).find();
                if (printed && candidates.contains(symbol.getValue())) {
                    named.add(symbol.getValue());
                }
            }
        }
        if (named.size() == 1) {
            return Optional.of(named.iterator().next());
        }
        if (named.isEmpty() && defaultCurrency != null && candidates.contains(defaultCurrency)) {
            return Optional.of(defaultCurrency);
        }
        return Optional.empty();
    }

    /** Multi-character symbols safe to look for inside running text (single letters would match words). */
    private static Map<String, String> specificSymbols() {
        Map<String, String> symbols = new LinkedHashMap<>();
        UNIQUE.forEach((symbol, code) -> {
            if (symbol.contains("$") || symbol.equals("RMB") || symbol.equals("元") || symbol.equals("円")) {
                symbols.put(symbol, code);
            }
        });
        return symbols;
    }

    private static String key(String text) {
        String trimmed = Normalizer.normalize(text.trim(), Normalizer.Form.NFC).replaceAll("\\s+", "");
        return trimmed.toUpperCase(Locale.ROOT);
    }
}
