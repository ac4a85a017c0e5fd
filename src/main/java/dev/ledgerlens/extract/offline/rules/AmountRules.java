package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The amounts of a document: the total (labelled rows, strongest label first, weighed by agreement with the amount
 * paid and with subtotal + tax), subtotal, tax and tax lines, tip and discount. Amounts keep their printed form.
 * Stateless and thread-safe.
 */
final class AmountRules {
    /** "TOTAL" as OCR prints it on thermal paper: O read as 0, L as 1 or I. */
    static final String TOTAL = "T[O0Q]T[A4]L|TOTAI|TOTA1";
    /** The word TOTAL (or JUMLAH) on its own: a total row, which ends an address and is no tax id. */
    static final Pattern TOTAL_WORD = Pattern.compile("(?<!\\p{L})(?:" + TOTAL + ")(?!\\p{L})|JUMLAH");
    /** Total labels, strongest first: the amount actually paid beats an intermediate total. */
    private static final List<Map.Entry<Pattern, Double>> TOTAL_LABELS = List.of(
            Map.entry(Pattern.compile("ROUND(?:ED|ING)?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:AFTER\\s*)?ROUND(?:ED|ING)?"), 0.97),
            Map.entry(Pattern.compile("^\\W*ROUND(?:ED|ING)?\\s*(?:\\(?RM\\)?|AMOUNT|AMT)?\\s*:?\\s*(?:\\(?RM\\)?\\s*)?[\\d.,\\s]*$"), 0.9),
            Map.entry(Pattern.compile("^\\W*(?:AMOUNT\\s*)?DUE\\b|GRAND\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*PAYABLE|AMOUNT\\s*PAYABLE|AMOUNT\\s*DUE|BALANCE\\s*DUE|(?:" + TOTAL + ")\\s*DUE"), 0.95),
            Map.entry(Pattern.compile("NET+\\s*(?:" + TOTAL + ")|NET+\\s*AMOUNT|NET+\\s*AMT|^NET+\\b"), 0.9),
            Map.entry(Pattern.compile("(?:" + TOTAL + ")\\s*(?:AMOUNT|AMT|SALES?|INCL|INCLUSIVE|\\(?RM|\\(?MYR|\\(?EUR|\\(?USD|\\(?GBP)"), 0.88),
            Map.entry(Pattern.compile("(?:" + TOTAL + ")|JUMLAH|(?:AMT|AMOUNT)\\s*PAID"), 0.85),
            Map.entry(Pattern.compile("^(?:AMOUNT|AMT)\\b|\\bTO PAY\\b|\\bPAYABLE\\b"), 0.6));
    /** Rows that say TOTAL but are not the document total. */
    private static final Pattern NOT_TOTAL = Pattern.compile(
            "SUB\\s*-?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:QTY|QUANTITY|ITEMS?|PCS|UNITS?|NO|DISC|DISCOUNT|SAVINGS?|GST|TAX|VAT|SST|EXCL)"
                    + "|EXCL|EXCLUDING|BEFORE|W/O|WITHOUT|SAVING|QTY|QUANTITY|NO\\.? OF ITEMS|POINTS?\\b|TOTAL\\s*TAX|GST SUMMARY|CHANGE|(?<!AFTER\\s{0,2})ADJ"
                    + "|^\\W*(?:GST|VAT|SST|TAX)\\b|INCLUDED\\s*(?:GST|VAT|TAX|SST)|(?:GST|VAT|TAX|SST)\\s*(?:@\\s*[\\d.]+\\s*%\\s*)?INCLUDED");
    /** A row with the money handed over: "CASH", "TENDERED", "PAID", "Pay", "Payment". */
    private static final Pattern TENDERED = Pattern.compile("(?<!\\p{L})(?:CASH|TUNAI|TENDER(?:ED)?|PAID|PAY(?:MENT)?)(?!\\p{L})");
    /** A row with the change given back ("CHANGE", Malay "BAKI"). */
    private static final Pattern CHANGE_GIVEN = Pattern.compile("(?<!\\p{L})(?:CHANGE|BAKI)(?!\\p{L})");
    /** A cash rounding adjustment row ("Rounding Adjustment", "RND ADJ", "Adj. for rounding"). */
    private static final Pattern ROUNDING_ADJUSTMENT = Pattern.compile("(?:ROUND\\w*|RND)\\s*\\.?\\s*ADJ|ADJ\\w*\\.?\\s*(?:FOR\\s*)?ROUND");
    /** Twentieths: a total rounded to the nearest 0.05 is a whole number of them. */
    private static final BigDecimal TWENTY = BigDecimal.valueOf(20);
    /** A number at a row's end whose decimal point OCR turned into a space or a dash, or followed by a space. */
    private static final Pattern SPOILT_AMOUNT = Pattern.compile("(?<![\\d.,/:-])(\\d{1,4})(?:\\. |-| )(\\d{2})\\s*$");
    /** Cash rounding adjustments and tax lines are cents; a bill below this is rare. */
    private static final BigDecimal SMALL = new BigDecimal("0.10");
    private static final Pattern SUMMARY = Pattern.compile("(?:GST|VAT|TAX|SST)\\s*(?:SUMMARY|ANALYSIS|BREAKDOWN)|^\\W*SUMMARY\\W*$");
    private static final Pattern SUBTOTAL_LABEL = Pattern.compile(
            "SUB\\s*-?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:SALES?\\s*)?\\(?\\s*EXCL|(?:" + TOTAL + ")\\s*BEFORE|NET\\s*AMOUNT\\s*\\(?EXCL|AMOUNT\\s*EXCL");
    private static final Pattern TAX_LABEL = Pattern.compile("(?<!\\p{L})(?:GST|VAT|SST|TAX|MWST|UST|TVA|IVA|SALES TAX|SERVICE TAX|SERVICE CHARGE)(?!\\p{L})");
    /** {@link #TAX_LABEL} in the row's text as printed, whose positions are the amounts' positions. */
    private static final Pattern TAX_LABEL_AS_PRINTED = Pattern.compile(TAX_LABEL.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    /** A dash set apart from the amount after it, after a label's colon or space ("Total Payable: - 51.88"). */
    private static final Pattern LEADER = Pattern.compile("[\\p{L}:.]\\s*-\\s+(?:RM|\\$|€|£)?\\s*$");
    private static final Pattern NOT_TAX = Pattern.compile(
            "(?:GST|VAT|SST|TAX)\\s*(?:ID|REG|NO|NUMBER|#|INVOICE)|REG\\.?\\s*NO|INCL|INCLUSIVE|EXCL|EXCLUDING|TAX\\s*INVOICE|(?:" + TOTAL + ")\\s*(?:SALES|AMOUNT)|GST SUMMARY");
    /** A tax rate; a dot or comma before the sign is OCR dust ("5,5. %"). */
    private static final Pattern RATE = Pattern.compile("(\\d{1,2}(?:[.,]\\d{1,2})?)[.,]?\\s?%");
    private static final Pattern DISCOUNT_LABEL = Pattern.compile("^(?:TOTAL\\s*)?(?:DISCOUNT|DISC\\b|SAVINGS?|PROMO|COUPON|VOUCHER)");
    private static final Pattern TIP_LABEL = Pattern.compile("(?<!\\p{L})(?:TIP|TIPS|GRATUITY)(?!\\p{L})");
    /** A total-like word right before a tax's name: the total of the tax ("TOTAL TVA", "SUMME MWST"), not the bill. */
    private static final String TOTAL_OF = "(?<!\\p{L})(?:TOTAL|TOTAAL|TOTALE|SUMME|GESAMT|IMPORTE|MONTANT)[^\\p{L}\\d]{0,3}";
    /** Label strength of a total label from the loaded vocabularies: above a bare TOTAL, below AMOUNT DUE. */
    private static final double VOCABULARY_TOTAL = 0.92;
    /** Label strength of a one-word total label ("Totaal", "Summe"): that of the built-in bare TOTAL. */
    private static final double BARE_TOTAL = 0.85;

    private final Labels labels;
    private final Pattern totalOfTax;

    AmountRules(Labels labels) {
        this.labels = labels;
        this.totalOfTax = Pattern.compile(TOTAL_OF + "(?:" + labels.pattern(Labels.Kind.TAX).pattern() + ")");
    }

    /** A subtotal row: the built-in English labels or a loaded language's ("Zwischensumme", "Total HT", "Base imponible"). */
    boolean isSubtotal(Row row) {
        return SUBTOTAL_LABEL.matcher(row.upper()).find() || labels.has(Labels.Kind.SUBTOTAL, row.folded());
    }

    /** A row naming a tax (GST, VAT, MwSt, TVA, BTW, IVA…) that is not a tax id, an "incl." note, a subtotal or a total. */
    boolean isTaxRow(Row row) {
        boolean named = TAX_LABEL.matcher(row.upper()).find() || labels.has(Labels.Kind.TAX, row.folded());
        if (!named || NOT_TAX.matcher(row.upper()).find() || labels.has(Labels.Kind.TAX_ID, row.folded())
                || labels.has(Labels.Kind.SUBTOTAL, row.folded())) {
            return false;
        }
        // "Totaal incl. BTW", "Total con IVA": a total that names its tax; "Total TVA": the tax's own total
        return !labels.has(Labels.Kind.TOTAL, row.folded()) || totalOfTax.matcher(row.folded()).find();
    }

    /** A total row in any loaded language, for the rules that stop at it. */
    boolean isTotal(Row row) {
        return TOTAL_WORD.matcher(row.upper()).find() || labels.has(Labels.Kind.TOTAL, row.folded());
    }

    /** Whether a total label says more than "total": two words or more ("Amount due"), or a compound ("Gesamtbetrag"). */
    private static boolean specific(String label) {
        return label.strip().matches(".*\\p{L}[^\\p{L}]+\\p{L}.*") || label.strip().length() >= 9;
    }

    Field<PrintedAmount> subtotal(List<Row> rows) {
        for (Row row : rows) {
            if (isSubtotal(row)) {
                PrintedAmount amount = row.lastPositiveOrAny();
                if (amount != null) {
                    return new Field<>(amount, row.index(), row.line().confidence() * 0.9);
                }
            }
        }
        return null;
    }

    /** Whether {@code candidate}'s amount and {@code part} (may be null) come to {@code value}. */
    private static boolean adds(Candidate candidate, Field<PrintedAmount> part, BigDecimal value) {
        return part != null && part.value().value().signum() > 0 && candidate.amount().value().add(part.value().value()).compareTo(value) == 0;
    }

    /**
     * With no subtotal label read, the amount before tax: the nearest amount above the tax row that the tax brings to
     * the total ("Net 1,440.00" / "VAT @ 20% 288.00" / "Gross 1,728.00"); null when none does.
     */
    Field<PrintedAmount> subtotalBefore(List<Row> rows, Field<PrintedAmount> tax, Field<PrintedAmount> total) {
        if (tax == null || total == null || tax.row() >= total.row()) {
            return null;
        }
        BigDecimal before = total.value().value().subtract(tax.value().value());
        for (int index = tax.row() - 1; index >= 0; index--) {
            PrintedAmount amount = rows.get(index).lastPositive();
            if (amount != null) {
                return amount.value().compareTo(before) == 0
                        ? new Field<>(amount, index, rows.get(index).line().confidence() * 0.8) : null;
            }
        }
        return null;
    }

    Field<PrintedAmount> tip(List<Row> rows) {
        return labelledAmount(rows, TIP_LABEL, 0.8);
    }

    /**
     * A discount on the bill: printed below the subtotal ({@code subtotal} may be null). "COUPON YOGURT -1.00" among
     * the items above it is one of the lines the subtotal adds up, already taken off.
     */
    Field<PrintedAmount> discount(List<Row> rows, Field<PrintedAmount> subtotal) {
        List<Row> below = subtotal == null ? rows : rows.stream().filter(row -> row.index() > subtotal.row()).toList();
        return labelledAmount(below, DISCOUNT_LABEL, 0.8);
    }

    /**
     * Charges on the bill, printed below the subtotal: shipping, freight, delivery, handling in any loaded language
     * ({@code [charges]} of {@code config/labels/}), summed when there are several. Null with no subtotal read: above
     * the items' sum nothing tells a charge from an item.
     */
    Field<PrintedAmount> charges(List<Row> rows, Field<PrintedAmount> subtotal) {
        if (subtotal == null) {
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        Field<PrintedAmount> first = null;
        for (Row row : rows.subList(subtotal.row() + 1, rows.size())) {
            if (isTotal(row) || isTaxRow(row) || !labels.has(Labels.Kind.CHARGES, row.folded())) {
                continue;
            }
            PrintedAmount amount = row.lastPositive();
            if (amount != null) {
                sum = sum.add(amount.value());
                first = first == null ? new Field<>(amount, row.index(), row.line().confidence() * 0.8) : first;
            }
        }
        if (first == null || sum.compareTo(first.value().value()) == 0) {
            return first;
        }
        return new Field<>(writtenLike(sum, first.value().printed()), first.row(), first.confidence() * 0.9);
    }

    /**
     * The net amount and the tax of a totals row that prints them before the total ("Totals 1,950.00 390.00 2,340.00"
     * under a Net / VAT / Gross table): a row of a loaded total label whose last three amounts add up (net + tax =
     * gross) to {@code total}. Null when no row does.
     */
    Parts totalsRow(List<Row> rows, Field<PrintedAmount> total) {
        if (total == null) {
            return null;
        }
        for (Row row : rows) {
            List<PrintedAmount> amounts = row.amounts();
            if (amounts.size() < 3 || !isTotal(row) || amounts.stream().anyMatch(PrintedAmount::negative)) {
                continue;
            }
            PrintedAmount net = amounts.get(amounts.size() - 3);
            PrintedAmount tax = amounts.get(amounts.size() - 2);
            PrintedAmount gross = amounts.get(amounts.size() - 1);
            if (gross.value().compareTo(total.value().value()) == 0 && tax.value().signum() > 0
                    && net.value().add(tax.value()).compareTo(gross.value()) == 0) {
                double confidence = row.line().confidence() * 0.8;
                return new Parts(new Field<>(net, row.index(), confidence), new Field<>(tax, row.index(), confidence), null, null, null);
            }
        }
        return null;
    }

    /**
     * Whether the document credits rather than bills: two rows besides {@code total} print only negative amounts
     * (its lines, its subtotal), discounts, rounding and change aside. A dash before one total ("Total Payable: -
     * 51.88") is a leader, not a refund.
     */
    private static boolean credits(List<Row> rows, Row total) {
        long negativeRows = rows.stream().filter(row -> row != total && !row.amounts().isEmpty() && row.lastPositive() == null
                        && !DISCOUNT_LABEL.matcher(row.upper().strip()).find() && !ROUNDING_ADJUSTMENT.matcher(row.upper()).find()
                        && !CHANGE_GIVEN.matcher(row.upper()).find() && !row.upper().contains("ROUND"))
                .count();
        return negativeRows >= 2;
    }

    /**
     * The parts a bill adds up from, each null when not read: what the total is checked against.
     */
    record Parts(Field<PrintedAmount> subtotal, Field<PrintedAmount> tax, Field<PrintedAmount> tip,
                 Field<PrintedAmount> discount, Field<PrintedAmount> charges) {

        /**
         * What the bill comes to: subtotal + tax, with the tip and charges and less the discount printed below the
         * subtotal ("Total 8.66" / "Discount -0.50" / "Amount Paid 8.16"); null without a subtotal and a tax. A tax
         * printed on {@code totalRow} (a total that names its tax) is in it already.
         */
        BigDecimal comesTo(int totalRow) {
            if (subtotal == null || tax == null) {
                return null;
            }
            BigDecimal sum = subtotal.value().value();
            if (tax.row() != totalRow) {
                sum = sum.add(tax.value().value());
            }
            for (Field<PrintedAmount> added : java.util.Arrays.asList(tip, charges)) {
                sum = added == null ? sum : sum.add(added.value().value());
            }
            return discount == null ? sum : sum.subtract(discount.value().value().abs());
        }
    }

    /**
     * The amount the document asks for or says was paid; {@code subtotal} and {@code tax} (may be null), with
     * {@code tip} and less {@code discount} (each may be null), back a candidate that adds up, and so does
     * {@code payment} ({@link #payment}, may be null): tendered less change. With no subtotal, a candidate that the
     * tax or the tip brings another to is backed the same way.
     */
    Field<PrintedAmount> total(List<Row> rows, Parts parts, Payment payment) {
        Field<PrintedAmount> subtotal = parts.subtotal();
        Field<PrintedAmount> tax = parts.tax();
        Field<PrintedAmount> tip = parts.tip();
        List<Candidate> candidates = new ArrayList<>();
        boolean inSummary = false;
        for (Row row : rows) {
            if (SUMMARY.matcher(row.upper()).find()) {
                // Below a tax summary table, "TOTAL" sums the table's columns, not the bill.
                inSummary = true;
                continue;
            }
            if (NOT_TOTAL.matcher(row.upper()).find() || labels.has(Labels.Kind.SUBTOTAL, row.folded())
                    || totalOfTax.matcher(row.folded()).find()) {
                continue;
            }
            double strength = 0;
            for (Map.Entry<Pattern, Double> label : TOTAL_LABELS) {
                if (label.getKey().matcher(row.upper()).find()) {
                    strength = label.getValue();
                    break;
                }
            }
            Matcher vocabulary = labels.find(Labels.Kind.TOTAL, row.folded());
            if (vocabulary != null) {
                // a bare word ("Total", "Totaal", "Summe") is as weak as the built-in TOTAL: every "Total 0% supplies" has it
                strength = Math.max(strength, specific(vocabulary.group()) ? VOCABULARY_TOTAL : BARE_TOTAL);
            }
            if (strength == 0) {
                continue;
            }
            Row source = row;
            PrintedAmount amount = row.lastPositive();
            if (amount == null && !row.amounts().isEmpty()) {
                PrintedAmount last = row.amounts().get(row.amounts().size() - 1);
                if (credits(rows, row)) {
                    // a refund or a credit note prints its total negative ("Total -$80.00"), and its lines too
                    amount = last;
                } else if (LEADER.matcher(row.line().text().substring(0, last.start())).find()) {
                    // "Total Payable: - 51.88": a dash set apart before the one amount of a bill is a leader
                    amount = new PrintedAmount(last.printed(), last.value(), last.start(), last.end(), false);
                }
            }
            if (amount == null) {
                amount = spoiltAmount(row);
                if (amount != null) {
                    strength *= 0.9;
                }
            }
            if (amount == null) {
                // The amount is often printed, or OCR'd, on the row below its label.
                for (int next = row.index() + 1; next < rows.size() && next <= row.index() + 2; next++) {
                    Row below = rows.get(next);
                    if (!below.amounts().isEmpty() && Row.letters(below.upper().replaceAll("RM|MYR|USD|EUR|GBP", "")) <= 3) {
                        amount = below.lastPositive();
                        source = below;
                        break;
                    }
                }
                strength *= 0.9;
            }
            if (amount == null) {
                continue;
            }
            if (row.amounts().size() >= 2) {
                // A table row (tax summary, qty / price / amount) is not where the total is printed.
                strength *= 0.85;
            }
            if (inSummary) {
                strength *= 0.7;
            }
            candidates.add(new Candidate(amount, source, strength));
        }
        BigDecimal expected = parts.comesTo(-1);
        BigDecimal tendered = payment == null ? null : payment.tendered().subtract(payment.change());
        if (tendered != null && tendered.signum() > 0) {
            // Cash minus change is what was paid; where that amount is printed on an unlabelled or garbled row,
            // that row is the total even if OCR lost its label.
            for (Row row : rows) {
                if (TENDERED.matcher(row.upper()).find() || CHANGE_GIVEN.matcher(row.upper()).find()) {
                    continue;
                }
                for (PrintedAmount amount : row.amounts()) {
                    if (amount.value().compareTo(tendered) == 0
                            && candidates.stream().noneMatch(candidate -> candidate.row() == row)) {
                        candidates.add(new Candidate(amount, row, 0.75));
                    }
                }
            }
        }
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : candidates) {
            BigDecimal value = candidate.amount().value();
            // OCR misreads a digit now and then; the total is usually printed more than once (total, rounded
            // total, amount paid) and agrees with the arithmetic, so agreement outweighs a slightly stronger label.
            long support = candidates.stream().filter(other -> other.row() != candidate.row()
                    && other.amount().value().compareTo(value) == 0).count() + paidElsewhere(rows, candidate.row().index(), value);
            // "Net 1,440.00" / "VAT @ 20% 288.00" / "Gross 1,728.00": with no subtotal read, a total candidate above
            // this one that the tax brings to it is the amount before tax; "Net Total 50.00" / "Gratuity 10.00" /
            // "Total Charged 60.00": one that the tip brings to it is the bill before the tip
            boolean addsUpFromAbove = expected == null && candidates.stream().anyMatch(other -> other.row().index() < candidate.row().index()
                    && (adds(other, tax, value) || adds(other, tip, value)));
            double score = candidate.strength()
                    + 0.03 * candidate.row().index() / Math.max(1, rows.size())
                    + (expected != null && expected.compareTo(value) == 0 || addsUpFromAbove ? 0.12 : 0)
                    + (tendered != null && tendered.compareTo(value) == 0 ? 0.08 : 0)
                    + 0.06 * Math.min(2, support)
                    - (value.signum() == 0 ? 0.5 : 0)
                    // Cash rounding adjustments and tax lines are cents; a bill that small is rare.
                    - (value.compareTo(SMALL) < 0 ? 0.3 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        if (best != null) {
            Field<PrintedAmount> paid = roundedAfter(rows, best, bestScore);
            if (paid != null) {
                return paid;
            }
            // Agreement (paid amount, arithmetic) raises the confidence as it raised the score.
            return new Field<>(best.amount(), best.row().index(), best.row().line().confidence() * Math.min(1.0, bestScore));
        }
        if (expected != null) {
            // An unlabelled amount equal to subtotal + tax is the total whose label OCR lost.
            for (Row row : rows.subList(subtotal.row(), rows.size())) {
                for (PrintedAmount amount : row.amounts()) {
                    if (amount.value().compareTo(expected) == 0) {
                        return new Field<>(amount, row.index(), row.line().confidence() * 0.8);
                    }
                }
            }
        }
        if (subtotal != null) {
            // Some tills print only a subtotal (tax included) and the payment.
            return new Field<>(subtotal.value(), subtotal.row(), subtotal.confidence() * 0.7);
        }
        return fallbackTotal(rows, payment);
    }

    /**
     * With no total label: the largest amount in the lower part that is not change given back, nor the cash tendered
     * when change was given.
     */
    private static Field<PrintedAmount> fallbackTotal(List<Row> rows, Payment payment) {
        Row bestRow = null;
        PrintedAmount best = null;
        // the cash handed over is more than the bill whenever change was given back: it is not the total
        int tenderedRow = payment != null && payment.change().signum() > 0 ? payment.tenderedRow() : -1;
        for (Row row : rows.subList(rows.size() / 3, rows.size())) {
            if (row.upper().contains("CHANGE") || row.upper().contains("BAKI") || TAX_LABEL.matcher(row.upper()).find()
                    || row.index() == tenderedRow) {
                continue;
            }
            for (PrintedAmount amount : row.amounts()) {
                if (!amount.negative() && (best == null || amount.value().compareTo(best.value()) > 0)) {
                    best = amount;
                    bestRow = row;
                }
            }
        }
        return best == null ? null : new Field<>(best, bestRow.index(), bestRow.line().confidence() * 0.5);
    }

    /**
     * How many payment rows (cash, card, paid) other than row {@code totalRow} print {@code value}: the amount paid,
     * printed again apart from the total's own digits.
     */
    static int paidElsewhere(List<Row> rows, int totalRow, BigDecimal value) {
        int count = 0;
        for (Row row : rows) {
            if (row.index() != totalRow && !row.upper().contains("CHANGE") && IdentifierRules.isPaymentRow(row)
                    && row.amounts().stream().anyMatch(amount -> amount.value().compareTo(value) == 0)) {
                count++;
            }
        }
        return count;
    }

    /** The amount tendered (its row) and the change given back, when both are printed. */
    record Payment(BigDecimal tendered, int tenderedRow, BigDecimal change) {
    }

    /** The first tendered amount and the last change printed, or null when either is missing. */
    static Payment payment(List<Row> rows) {
        BigDecimal tendered = null;
        int tenderedRow = -1;
        BigDecimal change = null;
        for (Row row : rows) {
            if (CHANGE_GIVEN.matcher(row.upper()).find()) {
                PrintedAmount amount = row.lastPositive();
                if (amount != null) {
                    change = amount.value();
                }
            } else if (TENDERED.matcher(row.upper()).find() && tendered == null) {
                // some tills print the money handed over as a payment out of the bill: "Cash -50.00"
                PrintedAmount amount = row.lastPositiveOrAny();
                if (amount != null) {
                    tendered = amount.value().abs();
                    tenderedRow = row.index();
                }
            }
        }
        return tendered != null && change != null ? new Payment(tendered, tenderedRow, change) : null;
    }

    private static Field<PrintedAmount> labelledAmount(List<Row> rows, Pattern label, double strength) {
        for (Row row : rows) {
            if (label.matcher(row.upper()).find()) {
                PrintedAmount amount = row.lastPositiveOrAny();
                if (amount != null) {
                    return new Field<>(amount, row.index(), row.line().confidence() * strength);
                }
            }
        }
        return null;
    }

    /** The tax: a total-tax row, else the sum of two or more rate rows, else the first tax row. */
    Field<PrintedAmount> tax(List<Row> rows, List<RawFields.TaxLine> taxLines) {
        Field<PrintedAmount> fallback = null;
        int rateRows = 0;
        int unreadRates = 0;
        List<Integer> rateRowIndexes = new ArrayList<>();
        List<Integer> bareLabelIndexes = new ArrayList<>();
        for (Row row : rows) {
            if (!isTaxRow(row)) {
                continue;
            }
            PrintedAmount amount = taxAmount(row);
            if (amount == null) {
                if (RATE.matcher(row.line().text()).find() && Row.letters(row.upper()) <= 12) {
                    unreadRates++;
                } else if (Row.letters(row.upper()) <= 5 && row.line().cells().size() == 1) {
                    bareLabelIndexes.add(row.index());
                }
                continue;
            }
            boolean totalTax = TOTAL_WORD.matcher(row.upper()).find() || totalOfTax.matcher(row.folded()).find();
            Field<PrintedAmount> field = new Field<>(amount, row.index(), row.line().confidence() * (totalTax ? 0.9 : 0.8));
            if (totalTax) {
                return field;
            }
            if (RATE.matcher(row.line().text()).find()) {
                rateRows++;
                rateRowIndexes.add(row.index());
            }
            if (fallback == null) {
                fallback = field;
            }
        }
        if (fallback == null) {
            // no tax row is labelled: a table of rates whose amounts prove themselves ("A 7% 4,77 0,33 5,10")
            Field<PrintedAmount> tabled = tabledTax(rows);
            if (tabled != null) {
                return tabled;
            }
        }
        // a bare "VAT" next to a rate row is another rate whose rate and amount OCR lost
        boolean bareRate = bareLabelIndexes.stream().anyMatch(index -> rateRowIndexes.contains(index - 1) || rateRowIndexes.contains(index + 1));
        if ((unreadRates > 0 || bareRate) && rateRows >= 1) {
            // one rate's amount is read, another's is not ("IVA 22% yi"): the tax is more than what was read
            return null;
        }
        if (rateRows >= 2 && taxLines.size() == rateRows && fallback != null) {
            // Two rates and no total tax printed: the document's tax is their sum, written like the printed amounts.
            BigDecimal sum = BigDecimal.ZERO;
            for (RawFields.TaxLine line : taxLines) {
                sum = sum.add(PrintedAmount.findAll(line.amount()).get(0).value());
            }
            return new Field<>(writtenLike(sum, fallback.value().printed()), fallback.row(), fallback.confidence() * 0.9);
        }
        return fallback;
    }

    /**
     * The tax a tax row prints: the amount right after a tax label when another label follows that amount on the row
     * ("TVA 5,5% HT 3,55 TVA 0,20 TTC 3,75" gives 0,20: the net and the gross share the row), else the row's last
     * amount. Only a rate or a currency code may stand between the label and its amount.
     */
    private static PrintedAmount taxAmount(Row row) {
        PrintedAmount last = row.lastPositiveOrAny();
        if (last == null) {
            return null;
        }
        String text = row.line().text();
        List<PrintedAmount> amounts = row.amounts();
        Matcher label = TAX_LABEL_AS_PRINTED.matcher(text);
        while (label.find()) {
            for (int i = 0; i < amounts.size() - 1; i++) {
                PrintedAmount amount = amounts.get(i);
                if (amount.start() < label.end()) {
                    continue;
                }
                String between = RATE.matcher(text.substring(label.end(), amount.start())).replaceAll(" ").strip();
                boolean next = Row.letters(between) == 0 || currencyCode(between);
                String after = text.substring(amount.end(), amounts.get(i + 1).start());
                if (next && !amount.negative() && Row.letters(after) >= 2) {
                    return amount;
                }
                break;
            }
        }
        return last;
    }

    /** Whether {@code text} is a currency code between signs: an ISO 4217 code, or RM as Malaysian tills print it. */
    private static boolean currencyCode(String text) {
        String code = text.replaceAll("[^\\p{L}]", "");
        return code.equals("RM") || CURRENCY_CODES.contains(code);
    }

    /**
     * Whether a tax read is more than a third of the total read: a tax of half the net amount, which no sales tax or
     * VAT is (the validator's {@code tax_share_of_total} holds the same line).
     */
    static boolean tooLargeForTax(Field<PrintedAmount> tax, Field<PrintedAmount> total) {
        return tax != null && total != null && tooLarge(tax.value().value(), total.value().value());
    }

    /** Whether a tax line's amount is more than a third of the total read. */
    static boolean tooLargeForTax(RawFields.TaxLine line, Field<PrintedAmount> total) {
        List<PrintedAmount> amounts = line.amount() == null ? List.of() : PrintedAmount.findAll(line.amount());
        return total != null && !amounts.isEmpty() && tooLarge(amounts.get(0).value(), total.value().value());
    }

    private static boolean tooLarge(BigDecimal tax, BigDecimal total) {
        return total.signum() != 0 && tax.abs().multiply(BigDecimal.valueOf(3)).compareTo(total.abs()) > 0;
    }

    /**
     * The sum of the tax a table of rates prints, each row proven by its arithmetic ({@link #provenTaxLine}); null when
     * no row is. The sum is written like the printed amounts.
     */
    private static Field<PrintedAmount> tabledTax(List<Row> rows) {
        BigDecimal sum = BigDecimal.ZERO;
        Row first = null;
        String example = null;
        for (Row row : rows) {
            RawFields.TaxLine line = provenTaxLine(row);
            if (line != null) {
                sum = sum.add(PrintedAmount.findAll(line.amount()).get(0).value());
                example = line.amount();
                first = first == null ? row : first;
            }
        }
        if (first == null) {
            return null;
        }
        return new Field<>(writtenLike(sum, example), first.index(), first.line().confidence() * 0.8);
    }

    /** A sum written as {@code example} is: with a decimal comma when it has one and no point. */
    private static PrintedAmount writtenLike(BigDecimal sum, String example) {
        String printed = example.contains(",") && !example.contains(".") ? sum.toPlainString().replace('.', ',') : sum.toPlainString();
        return new PrintedAmount(printed, sum, 0, printed.length(), false);
    }

    /**
     * A row of a table of tax rates that proves itself with no label on it: a rate, then the net amount, the tax and
     * the gross, where net + tax = gross and the tax is the rate of the net, to the cent ("A 7% 4,77 0,33 5,10"). Null
     * for any other row: a rate with two amounts proves too little (Malaysian GST summaries print the gross beside
     * the tax of a net amount).
     */
    private static RawFields.TaxLine provenTaxLine(Row row) {
        Matcher rate = RATE.matcher(row.line().text());
        if (!rate.find()) {
            return null;
        }
        BigDecimal percent = new BigDecimal(rate.group(1).replace(',', '.'));
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(30)) > 0) {
            return null;
        }
        List<PrintedAmount> amounts = row.amounts().stream().filter(amount -> !amount.negative() && amount.start() > rate.end()).toList();
        for (int base = 0; base + 1 < amounts.size(); base++) {
            PrintedAmount net = amounts.get(base);
            PrintedAmount tax = amounts.get(base + 1);
            boolean withGross = base + 2 < amounts.size()
                    && net.value().add(tax.value()).compareTo(amounts.get(base + 2).value()) == 0;
            if (withGross && tax.value().signum() > 0 && within(net.value().multiply(percent).movePointLeft(2), tax.value())) {
                return new RawFields.TaxLine(rate.group(1) + "%", tax.printed(), net.printed(), null);
            }
        }
        return null;
    }

    /** Whether a computed tax is the printed one, to the cent a rounding may cost. */
    private static boolean within(BigDecimal computed, BigDecimal printed) {
        return computed.subtract(printed).abs().compareTo(new BigDecimal("0.011")) <= 0;
    }

    /** One line per tax row that prints a rate and an amount ("VAT 19% 18,96"); with none, the proven rows of a rate table. */
    List<RawFields.TaxLine> taxLines(List<Row> rows) {
        List<RawFields.TaxLine> lines = new ArrayList<>();
        for (Row row : rows) {
            if (!isTaxRow(row) || TOTAL_WORD.matcher(row.upper()).find() || totalOfTax.matcher(row.folded()).find()) {
                continue;
            }
            Matcher rate = RATE.matcher(row.line().text());
            PrintedAmount amount = taxAmount(row);
            if (rate.find() && amount != null) {
                lines.add(new RawFields.TaxLine(rate.group(1) + "%", amount.printed()));
            }
        }
        if (lines.isEmpty()) {
            for (Row row : rows) {
                RawFields.TaxLine proven = provenTaxLine(row);
                if (proven != null) {
                    lines.add(proven);
                }
            }
        }
        return lines;
    }

    /**
     * The amount paid after cash rounding, on the row that prints it, when the chosen total is the amount before it: a
     * rounding adjustment printed below the total, then within three rows an amount that is the total rounded to the
     * nearest 0.05 (the cash rounding of Malaysia, Switzerland, Australia, the Netherlands and others) and differs
     * from it. What was paid is what the books record; the adjustment's own amount is not needed, OCR often garbles
     * it ("RM 01"). Null when nothing was rounded; {@code score} is the total's, as for the total itself.
     */
    private static Field<PrintedAmount> roundedAfter(List<Row> rows, Candidate total, double score) {
        BigDecimal value = total.amount().value();
        BigDecimal rounded = value.multiply(TWENTY).setScale(0, java.math.RoundingMode.HALF_UP)
                .divide(TWENTY, 2, java.math.RoundingMode.UNNECESSARY);
        if (rounded.compareTo(value) == 0) {
            return null;
        }
        for (int index = total.row().index() + 1; index < rows.size() && index <= total.row().index() + 2; index++) {
            if (!ROUNDING_ADJUSTMENT.matcher(rows.get(index).upper()).find()) {
                continue;
            }
            for (Row row : rows.subList(index + 1, Math.min(rows.size(), index + 4))) {
                for (PrintedAmount amount : row.amounts()) {
                    if (!amount.negative() && amount.value().compareTo(rounded) == 0 && !row.upper().contains("CHANGE")) {
                        return new Field<>(amount, row.index(), row.line().confidence() * Math.min(1.0, score));
                    }
                }
            }
            return null;
        }
        return null;
    }

    /**
     * An amount at the end of a total row whose decimal point OCR turned into a space or a dash, or followed by a space
     * ("TOTAL RM 64 13", "TOTAL 78-10", "Total After Rounding 48. 95"): on a row labelled as the total and printing no
     * other amount, the last number with two digits after such a break is the amount. Null when the row ends otherwise.
     */
    private static PrintedAmount spoiltAmount(Row row) {
        String text = row.line().text();
        Matcher matcher = SPOILT_AMOUNT.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        String printed = matcher.group(1) + "." + matcher.group(2);
        return new PrintedAmount(printed, new BigDecimal(printed), matcher.start(1), matcher.end(2), false);
    }

    /** A total candidate: the amount, the row it is printed on and the strength of its label. */
    private record Candidate(PrintedAmount amount, Row row, double strength) {
    }
}
