package dev.ledgerlens.validate;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.Violation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns fields as printed ({@link RawFields}) into a {@link DocumentRecord}: decimals, ISO dates,
 * ISO-4217 currency. The same for every engine.
 *
 * <p>Decisions a reader of the record must be able to trust:
 * <ul>
 *   <li>a field that is printed but unreadable is a {@link Violation} quoting the text, never a silent null;</li>
 *   <li>the currency comes from the currency field, else from the symbol printed with an amount, else from
 *       the page text when it shows exactly one currency, else from the configured default; a shared symbol
 *       is settled by codes printed elsewhere on the document;</li>
 *   <li>the decimal separator the document uses on its unambiguous amounts ("27,80") settles its ambiguous
 *       ones ("1.234");</li>
 *   <li>the day/month order of a numeric date comes from, in order: the configured order; another date on
 *       the document that proves it (a due date 13/11/2026 is day first); the country the shop's address names
 *       ("…, Malaysia" day first; "…, USA" or a US state and ZIP code month first); the currency (USD month first,
 *       any other day first), but only when the document shows it: its code, or a symbol of its own, or "$" next
 *       to an amount in cents. Proof from the document beats the currency's presumption because US-dollar
 *       invoices are also issued by day-first countries; and a lone "$" that OCR made of an S ("Doc No.
 *       $000046284") is no currency at all. When none of these decides, the date is stored day first and a
 *       {@code date_ambiguous} reason sends the record to review.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class Normaliser {
    private static final Pattern NUMERIC_DATE = Pattern.compile("\\b\\d{1,2}[./\\-]\\d{1,2}[./\\-]\\d{2,4}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d.,' \\u00A0\\u202F]*\\d|\\d");
    private static final Pattern COLLAPSE = Pattern.compile("\\s+");
    /** Control characters other than whitespace: a NUL cannot be stored in PostgreSQL text, none can be printed. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0E-\\x1F\\x7F]");

    private final AmountParser amounts;
    private final DateParser dates = new DateParser();
    private final TimeParser times = new TimeParser();
    private final CurrencyParser currencies;
    private final DateOrder configuredOrder;
    private final BigDecimal lineTolerance;

    public Normaliser(ValidationSettings settings) {
        this.currencies = new CurrencyParser(settings.defaultCurrency());
        this.amounts = new AmountParser(currencies);
        this.configuredOrder = settings.dateOrder();
        this.lineTolerance = settings.lineTolerance();
    }

    /**
     * Normalises one document's fields.
     *
     * @param raw          the fields as printed
     * @param documentText all page text of the document (text layers and OCR), used to settle currency
     *                     symbols and date order; may be empty
     */
    public Normalisation normalise(RawFields raw, String documentText) {
        Findings out = new Findings();
        String text = documentText == null ? "" : documentText;

        String documentType = documentType(raw.documentType(), out);
        List<String> printedAmounts = printedAmounts(raw);
        String currency = currency(raw, printedAmounts, text, out);
        AmountHints hints = new AmountHints(currency, decimalSeparator(printedAmounts));
        AmountHints numberHints = new AmountHints(null, hints.decimalSeparator());

        List<DocumentRecord.LineItem> items = new ArrayList<>();
        for (int i = 0; i < raw.items().size(); i++) {
            RawFields.Item item = raw.items().get(i);
            if (item == null) {
                continue;
            }
            String path = "items[" + i + "].";
            BigDecimal unitPrice = amount(path + "unit_price", item.unitPrice(), hints, out);
            BigDecimal price = amount(path + "price", item.price(), hints, out);
            BigDecimal qty = quantity(path + "qty", item.qty(), numberHints, unitPrice, price, out);
            items.add(new DocumentRecord.LineItem(clean(item.name()), qty, unitPrice, price, clean(item.unit()),
                    clean(item.vatCategory()), rate(path + "vat_rate", item.vatRate(), numberHints, out)));
        }
        List<DocumentRecord.TaxLine> taxLines = new ArrayList<>();
        for (int i = 0; i < raw.taxLines().size(); i++) {
            RawFields.TaxLine line = raw.taxLines().get(i);
            if (line == null) {
                continue;
            }
            String path = "tax_lines[" + i + "].";
            taxLines.add(new DocumentRecord.TaxLine(rate(path + "rate", line.rate(), numberHints, out),
                    amount(path + "amount", line.amount(), hints, out), amount(path + "base", line.base(), hints, out),
                    clean(line.category())));
        }

        OrderBasis basis = dateOrder(raw, currency, printedAmounts, text);
        DateOrder order = basis.order();
        LocalDate date = date("date", raw.date(), order, out);
        LocalDate dueDate = date("due_date", raw.dueDate(), order, out);
        DateReading dateReading = dates.parse(raw.date(), null);
        DateBasis dateBasis = dateReading.outcome() == ParseOutcome.PARSED ? DateBasis.PRINTED
                : dateReading.outcome() == ParseOutcome.AMBIGUOUS ? basis.basis() : DateBasis.NONE;

        DocumentRecord record = new DocumentRecord(documentType, clean(raw.storeName()), clean(raw.storeAddress()),
                date, time(raw.time(), out), items,
                amount("subtotal", raw.subtotal(), hints, out),
                amount("tax", raw.tax(), hints, out),
                amount("tip", raw.tip(), hints, out),
                amount("discount", raw.discount(), hints, out),
                amount("total", raw.total(), hints, out),
                currency, clean(raw.paymentMethod()), clean(raw.invoiceNumber()), dueDate,
                clean(raw.vendorTaxId()), clean(raw.billTo()), clean(raw.poNumber()), taxLines,
                clean(raw.vendorVatId()), clean(raw.buyerReference()),
                amount("net_total", raw.netTotal(), hints, out),
                amount("charges", raw.charges(), hints, out),
                amount("amount_due", raw.amountDue(), hints, out),
                clean(raw.iban()), clean(raw.typeCode()));
        return new Normalisation(record, out.violations, out.reasons, dateBasis);
    }

    /** Violations and reasons gathered while normalising one document. */
    private static final class Findings {
        final List<Violation> violations = new ArrayList<>();
        final List<ReviewReason> reasons = new ArrayList<>();
    }

    private static String documentType(String printed, Findings out) {
        if (printed == null || printed.isBlank()) {
            return "receipt"; // the schema's common case; an invoice always prints itself as one
        }
        String type = printed.trim().toLowerCase(Locale.ROOT);
        if (type.equals("receipt") || type.equals("invoice") || type.equals("credit_note")) {
            return type;
        }
        if (type.contains("credit")) {
            return "credit_note"; // "credit note", "credit memo"
        }
        if (type.contains("invoice") || type.equals("bill")) {
            return "invoice";
        }
        if (type.contains("receipt")) {
            return "receipt";
        }
        out.violations.add(new Violation("document_type", "'" + printed + "' is neither receipt, invoice nor credit_note"));
        return null;
    }

    private String currency(RawFields raw, List<String> printedAmounts, String text, Findings out) {
        String code = printedCurrency(raw, printedAmounts, text, out);
        if ("USD".equals(code) && bareDollar(raw, printedAmounts, text)) {
            // a bare "$" is presumed the US dollar; an address in Australia or Canada says which dollar it is
            return AddressCountry.dollarOf(raw.storeAddress()).orElse(code);
        }
        return code;
    }

    /**
     * Whether US dollars were only presumed from a bare "$": neither the currency field nor the text or the amounts
     * name USD ("USD", "US$").
     */
    private static boolean bareDollar(RawFields raw, List<String> printedAmounts, String text) {
        return !(raw.currency() != null && raw.currency().strip().equalsIgnoreCase("USD"))
                && !CurrencyParser.showsOwnSymbol("USD", text + " " + String.join(" ", printedAmounts) + " " + raw.currency());
    }

    private String printedCurrency(RawFields raw, List<String> printedAmounts, String text, Findings out) {
        String context = text + " " + String.join(" ", printedAmounts);
        CurrencyReading reading = currencies.resolve(raw.currency(), context);
        if (reading.outcome() == ParseOutcome.ABSENT) {
            for (String printed : printedAmounts) {
                AmountReading amount = amounts.parse(printed, AmountHints.NONE);
                if (amount.symbol() != null) {
                    reading = currencies.resolve(amount.symbol(), context);
                    break;
                }
            }
        }
        switch (reading.outcome()) {
            case PARSED:
                return reading.code();
            case AMBIGUOUS:
                out.reasons.add(new ReviewReason("currency_ambiguous", reading.note()));
                return reading.code();
            case UNPARSEABLE:
                out.violations.add(new Violation("currency", reading.note()));
                return null;
            default:
                // Nothing in the fields: the page text, when it shows one currency only, else the configured default.
                return currencies.inText(text).or(currencies::defaultCurrency).orElse(null);
        }
    }

    /** The separator the document's unambiguous amounts use as decimal point, if they agree on one. */
    private static Character decimalSeparator(List<String> printedAmounts) {
        Set<Character> seen = new LinkedHashSet<>();
        for (String printed : printedAmounts) {
            Matcher number = NUMBER.matcher(printed);
            if (!number.find()) {
                continue;
            }
            String body = number.group();
            int dot = body.lastIndexOf('.');
            int comma = body.lastIndexOf(',');
            if (dot >= 0 && comma >= 0) {
                seen.add(dot > comma ? '.' : ',');
            } else if (body.matches("[^.,]*[.,]\\d{1,2}")) {
                seen.add(dot >= 0 ? '.' : ',');
            }
        }
        return seen.size() == 1 ? seen.iterator().next() : null;
    }

    private static List<String> printedAmounts(RawFields raw) {
        List<String> printed = new ArrayList<>();
        for (String amount : new String[]{raw.total(), raw.subtotal(), raw.tax(), raw.tip(), raw.discount(),
                raw.netTotal(), raw.charges(), raw.amountDue()}) {
            if (amount != null && !amount.isBlank()) {
                printed.add(amount);
            }
        }
        for (RawFields.Item item : raw.items()) {
            if (item != null) {
                if (item.price() != null) {
                    printed.add(item.price());
                }
                if (item.unitPrice() != null) {
                    printed.add(item.unitPrice());
                }
            }
        }
        for (RawFields.TaxLine line : raw.taxLines()) {
            if (line != null && line.amount() != null) {
                printed.add(line.amount());
            }
        }
        return printed;
    }

    private BigDecimal amount(String field, String printed, AmountHints hints, Findings out) {
        return settled(field, amounts.parse(printed, hints), out);
    }

    /** An amount reading as a value: unparseable is a violation, ambiguous a review reason with its best value. */
    private static BigDecimal settled(String field, AmountReading reading, Findings out) {
        switch (reading.outcome()) {
            case UNPARSEABLE:
                out.violations.add(new Violation(field, reading.note()));
                return null;
            case AMBIGUOUS:
                out.reasons.add(new ReviewReason(field + "_ambiguous", reading.note()));
                return reading.value();
            default:
                return reading.value();
        }
    }

    /**
     * A quantity; "2x", "x 2", "3 pcs", "1.5 kg" lose their unit. A quantity like "1.000" (one, printed with
     * three decimals, or a thousand?) is settled by the line's own arithmetic when unit price and price are known.
     */
    private BigDecimal quantity(String field, String printed, AmountHints hints, BigDecimal unitPrice, BigDecimal price,
                                Findings out) {
        if (printed == null) {
            return null;
        }
        String bare = printed.trim()
                .replaceAll("^[xX×*@]\\s*|\\s*[xX×*@]$", "")
                .replaceAll("(?i)\\s*(pcs?|pc|ea|each|units?|kg|g|l|lbs?|oz|qty)\\.?$", "")
                .replaceAll("(?i)^qty\\s*", "");
        AmountReading reading = amounts.parse(bare.isEmpty() ? printed : bare, hints);
        if (reading.outcome() == ParseOutcome.AMBIGUOUS && unitPrice != null && price != null) {
            BigDecimal thousands = reading.value();
            BigDecimal decimals = thousands.movePointLeft(3);
            boolean thousandsFits = thousands.multiply(unitPrice).subtract(price).abs().compareTo(lineTolerance) <= 0;
            boolean decimalsFits = decimals.multiply(unitPrice).subtract(price).abs().compareTo(lineTolerance) <= 0;
            if (thousandsFits != decimalsFits) {
                return thousandsFits ? thousands : decimals;
            }
        }
        return settled(field, reading, out);
    }

    /** A tax rate as a percentage: "8%", "8 %", "8,5%", "VAT 20%" and the fraction "0.08" are all read as 8 (or 8.5, 20). */
    private BigDecimal rate(String field, String printed, AmountHints hints, Findings out) {
        if (printed == null || printed.isBlank()) {
            return null;
        }
        boolean percent = printed.contains("%");
        Matcher number = Pattern.compile("\\d+(?:[.,]\\d+)?").matcher(printed);
        if (!number.find()) {
            out.violations.add(new Violation(field, "'" + printed + "' is not a tax rate"));
            return null;
        }
        String digits = number.group();
        if (number.find()) {
            out.violations.add(new Violation(field, "'" + printed + "' holds more than one number"));
            return null;
        }
        BigDecimal value = new BigDecimal(digits.replace(',', '.'));
        if (!percent && value.compareTo(BigDecimal.ONE) < 0) {
            value = value.movePointRight(2); // a fraction: 0.08 is 8 %
        }
        return value;
    }

    /** The day/month order for ambiguous numeric dates, and what decided it (null order: nothing did). */
    private record OrderBasis(DateOrder order, DateBasis basis) {
    }

    private OrderBasis dateOrder(RawFields raw, String currency, List<String> printedAmounts, String text) {
        if (configuredOrder != null) {
            return new OrderBasis(configuredOrder, DateBasis.CONFIGURED);
        }
        Set<DateOrder> proven = new LinkedHashSet<>();
        dates.provenOrder(raw.date()).ifPresent(proven::add);
        dates.provenOrder(raw.dueDate()).ifPresent(proven::add);
        Matcher inText = NUMERIC_DATE.matcher(text);
        while (inText.find()) {
            dates.provenOrder(inText.group()).ifPresent(proven::add);
        }
        if (proven.size() == 1) {
            return new OrderBasis(proven.iterator().next(), DateBasis.PROVEN);
        }
        Optional<DateOrder> country = AddressCountry.dateOrder(raw.storeAddress());
        if (country.isPresent()) {
            return new OrderBasis(country.get(), DateBasis.COUNTRY);
        }
        if (AddressCountry.eitherOrder(raw.storeAddress())) {
            // Canada writes dates both ways: neither its dollar nor its phone numbers decide
            return new OrderBasis(null, DateBasis.NONE);
        }
        Optional<String> shown = shownCurrency(currency, printedAmounts, text);
        if (shown.isEmpty()) {
            // "TOTAAL 6,56": the countries that print a decimal comma write the day first; the US never prints one
            if (raw.total() != null && DECIMAL_COMMA.matcher(raw.total().strip()).matches()) {
                return new OrderBasis(DateOrder.DAY_FIRST, DateBasis.DECIMALS);
            }
            // "(714) 555-0142": a North American number (the US writes dates month first, Canada either way)
            return NORTH_AMERICAN_PHONE.matcher(text).find()
                    ? new OrderBasis(DateOrder.MONTH_FIRST, DateBasis.PHONE) : new OrderBasis(null, DateBasis.NONE);
        }
        if (shown.get().equals("USD") && bareDollar(raw, printedAmounts, text) && !NORTH_AMERICAN_PHONE.matcher(text).find()) {
            // a bare "$" and nothing else of the US (no state and ZIP, no US phone number): New Zealand, Singapore and
            // Hong Kong print it too and write the day first, so it presumes no order
            return new OrderBasis(null, DateBasis.NONE);
        }
        return new OrderBasis(shown.get().equals("USD") ? DateOrder.MONTH_FIRST : DateOrder.DAY_FIRST, DateBasis.CURRENCY);
    }

    /**
     * A North American phone number: "(714) 555-0142", "714-555-0142", "714.555.0142". Area code and exchange never
     * start with 0 or 1, which every other country's numbers written so do ("012-345-6789", "(03) 8736-1234").
     */
    private static final Pattern NORTH_AMERICAN_PHONE =
            Pattern.compile("(?<![\\d.-])(?:\\([2-9]\\d{2}\\)\\s?[2-9]\\d{2}-|[2-9]\\d{2}-[2-9]\\d{2}-|[2-9]\\d{2}\\.[2-9]\\d{2}\\.)\\d{4}(?![\\d.-])");

    /** An amount with a decimal comma: "6,56", "1.234,56", "1 234,56 €" (not "1,440": three digits group thousands). */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[^\\d]*\\d{1,3}(?:[. \\u00A0]\\d{3})*,\\d{2}[^\\d]*");

    /**
     * "$12.00", "$ 1,234.50", "12,00 $": a dollar sign before an amount in cents, or after one with a decimal comma
     * (French Canada). "12.00 $" is not one: a tax code ("S", "SR") printed after each amount is what OCR reads so.
     */
    private static final Pattern DOLLAR_AMOUNT = Pattern.compile("\\$[ \\u00A0]?\\d[\\d,]*[.,]\\d{2}(?!\\d)|(?<![\\d.,])\\d[\\d \\u00A0.]*,\\d{2}[ \\u00A0]?\\$");

    /**
     * The currency the document itself shows, which may presume a date order: the record's currency when the document
     * shows its code, a symbol only it uses or, for a dollar, "$" next to an amount in cents (in the printed amounts or
     * the page text); else the one currency the page text shows by code or symbol; else none. A reading with no page
     * text (a vision model's answer without OCR) is taken at its word.
     */
    private Optional<String> shownCurrency(String currency, List<String> printedAmounts, String text) {
        if (text.isBlank() || currency != null && currency.equals(currencies.defaultCurrency().orElse(null))) {
            return Optional.ofNullable(currency); // the user's configured currency is their statement, not a guess
        }
        String all = text + "\n" + String.join("\n", printedAmounts); // one per line: no "$" runs into the next amount
        if (currency != null && (CurrencyParser.isDollar(currency) ? showsDollar(currency, text, all) : shows(currency, all))) {
            return Optional.of(currency);
        }
        // the page's own currency, unless all it shows is a "$" (which is what a misread S looks like)
        return currencies.inText(all).filter(onPage -> !CurrencyParser.isDollar(onPage) || showsDollar(onPage, text, all));
    }

    /**
     * Whether the document shows dollar {@code code}: as {@link #shows} in {@code all} (the page text and the printed
     * amounts), and where the page was read more than once (the offline engine's OCR passes, {@link PageText#readings}),
     * in two readings of {@code text} at least. A "$" is what one pass makes of an S or of "RM" on thermal print; a
     * dollar the page really prints, the other readings see too.
     */
    private static boolean showsDollar(String code, String text, String all) {
        List<String> readings = PageText.readings(text);
        if (readings.size() < 2) {
            return shows(code, all);
        }
        return readings.stream().filter(reading -> shows(code, reading)).limit(2).count() == 2;
    }

    /** Whether {@code text} shows currency {@code code}: its code, a symbol only it uses, or for a dollar "$" next to cents. */
    private static boolean shows(String code, String text) {
        return Pattern.compile("(?<![A-Za-z])" + Pattern.quote(code) + "(?![A-Za-z])").matcher(text).find()
                || CurrencyParser.showsOwnSymbol(code, text)
                || CurrencyParser.isDollar(code) && DOLLAR_AMOUNT.matcher(text).find();
    }

    private LocalDate date(String field, String printed, DateOrder order, Findings out) {
        DateReading reading = dates.parse(printed, order);
        switch (reading.outcome()) {
            case UNPARSEABLE:
                out.violations.add(new Violation(field, reading.note()));
                return null;
            case AMBIGUOUS:
                if (reading.value() != null) {
                    return reading.value(); // settled by configuration, another date or the currency
                }
                LocalDate dayFirst = reading.candidates().get(0);
                out.reasons.add(new ReviewReason(field + "_ambiguous", reading.note()
                        + "; nothing on the document settles the order, stored as " + dayFirst
                        + " (set ledgerlens.validation.date-order to decide)"));
                return dayFirst;
            default:
                return reading.value();
        }
    }

    private LocalTime time(String printed, Findings out) {
        if (printed == null || printed.isBlank()) {
            return null;
        }
        Optional<LocalTime> time = times.parse(printed);
        if (time.isEmpty()) {
            out.violations.add(new Violation("time", "'" + printed + "' is not a time of day"));
            return null;
        }
        return time.get();
    }

    private static String clean(String printed) {
        if (printed == null) {
            return null;
        }
        String collapsed = COLLAPSE.matcher(CONTROL.matcher(printed).replaceAll("")).replaceAll(" ").trim();
        return collapsed.isEmpty() ? null : collapsed;
    }
}
