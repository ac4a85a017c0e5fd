package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.ReviewReason;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a stored document into a {@link Bill} whose lines book exactly what the document says: the bill's total is
 * the document's total to the cent, and its tax per rate is the document's tax per rate. How (the worked examples
 * are in docs/exports.md):
 * <ol>
 *   <li>A credit note (negative total, or a credit-note document type) is composed like a bill and negated.</li>
 *   <li>The lines are the priced items (or one line for the subtotal when there are none), a discount line, a tip
 *       line. They are tax-exclusive when lines + tip − discount + tax = total, tax-inclusive when
 *       lines + tip − discount = total; a difference of up to two cents becomes a "Rounding" line.</li>
 *   <li>Each taxable line (item, discount) gets a rate: the only printed rate when there is one; the rate its
 *       description prints ("5.5%"); else the one assignment of lines to rates under which every rate's lines give
 *       its printed tax ({@link RateAssigner}). A tax printed without a rate takes the one configured rate that
 *       explains it, else it stays "rate not printed".</li>
 *   <li>Each rate's tax is spread over its lines by the largest-remainder method ({@link TaxSpreader}).</li>
 *   <li>When the lines do not add up, their rates cannot be known, or validation noted the items as misread
 *       ({@code items_unsure}), the document goes out as one line per rate
 *       (the rate's printed base, else its tax ÷ rate, the rest on the rate without one) and the bill says why.</li>
 * </ol>
 * Tips, rounding and documents without tax are {@link TaxTreatment#NO_TAX}. Immutable and thread-safe.
 */
final class BillComposer {
    /** Two rounded numbers may each be half a cent off: the validator's default total tolerance. */
    static final BigDecimal TOLERANCE = new BigDecimal("0.02");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal HALF_CENT = new BigDecimal("0.005");
    private static final Pattern PRINTED_RATE = Pattern.compile("(?<![\\d.,])(\\d{1,2}(?:[.,]\\d{1,2})?)\\s?%");

    private final List<BigDecimal> configuredRates;

    /** @param configuredRates the target's mapped rates, the candidates for a tax printed without its rate */
    BillComposer(List<BigDecimal> configuredRates) {
        this.configuredRates = configuredRates.stream().filter(rate -> rate.signum() > 0).map(TaxTreatment::normalise)
                .sorted().toList();
    }

    /** A line before its tax is known. */
    private record Part(String description, BigDecimal quantity, BigDecimal unitAmount, BigDecimal amount,
                        BigDecimal printedRate) {
    }

    /** A printed rate with its tax and, when printed, its base; the rate is null when the document prints none. */
    private record TaxGroup(BigDecimal rate, BigDecimal tax, BigDecimal base) {
        TaxTreatment treatment() {
            if (rate != null) {
                return TaxTreatment.rate(rate);
            }
            return tax.signum() == 0 ? TaxTreatment.EXEMPT : TaxTreatment.RATE_NOT_PRINTED;
        }
    }

    Bill compose(StoredDocument document) {
        DocumentRecord record = document.record();
        boolean negative = record.total().signum() < 0;
        boolean credit = negative || isCreditNote(record.documentType());
        // composed as a bill with positive amounts, then negated when it is a credit note
        BigDecimal sign = negative ? BigDecimal.ONE.negate() : BigDecimal.ONE;
        List<String> notes = new ArrayList<>();

        List<TaxGroup> groups = taxGroups(record, sign);
        BigDecimal tax = groups.stream().map(TaxGroup::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal printedTax = times(record.tax(), sign);
        if (groups.isEmpty() && printedTax != null && printedTax.signum() != 0) {
            tax = printedTax;
            groups.add(new TaxGroup(null, printedTax, null));
        } else if (!groups.isEmpty() && printedTax != null && printedTax.compareTo(tax) != 0) {
            notes.add("its tax lines add up to " + tax.toPlainString() + " but it prints a tax of "
                    + printedTax.toPlainString() + "; the tax lines are booked");
        }
        BigDecimal tip = orZero(times(record.tip(), sign));
        BigDecimal discount = record.discount() == null ? BigDecimal.ZERO : record.discount().abs();
        BigDecimal total = record.total().multiply(sign);

        List<Part> parts = items(record, sign);
        BigDecimal lines;
        if (!parts.isEmpty()) {
            lines = sum(parts.stream().map(Part::amount).toList());
        } else {
            // no priced items: one line, the subtotal, or what is left of the total once tax, tip and discount are out
            lines = record.subtotal() != null ? record.subtotal().multiply(sign)
                    : total.subtract(tax).subtract(tip).add(discount);
            String description = record.storeName() != null ? record.storeName() : record.documentType();
            parts.add(new Part(description, BigDecimal.ONE, lines, lines, null));
        }

        BigDecimal exclusiveGap = total.subtract(lines.add(tip).subtract(discount).add(tax));
        BigDecimal inclusiveGap = total.subtract(lines.add(tip).subtract(discount));
        AmountsAre amountsAre;
        BigDecimal gap;
        if (tax.signum() == 0 || exclusiveGap.abs().compareTo(TOLERANCE) <= 0
                && exclusiveGap.abs().compareTo(inclusiveGap.abs()) <= 0) {
            amountsAre = AmountsAre.TAX_EXCLUSIVE;
            gap = exclusiveGap;
        } else if (inclusiveGap.abs().compareTo(TOLERANCE) <= 0) {
            amountsAre = AmountsAre.TAX_INCLUSIVE;
            gap = inclusiveGap;
        } else {
            amountsAre = AmountsAre.TAX_EXCLUSIVE;
            gap = null;
        }
        if (gap != null && gap.abs().compareTo(TOLERANCE) > 0) {
            gap = null; // a document without tax whose lines do not add up either
        }

        List<BillLine> billLines = null;
        String perRateReason;
        if (document.reasons().stream().anyMatch(reason -> ReviewReason.ITEMS_UNSURE.equals(reason.rule()))) {
            // validation found the items misread (the total closes without them): their amounts are not to be booked
            perRateReason = "its line items were misread (" + ReviewReason.ITEMS_UNSURE + "); its total closes without them";
        } else if (gap == null) {
            perRateReason = "its lines (" + lines.toPlainString() + ") with tip, discount and tax do not add up to its total ("
                    + total.toPlainString() + ")";
        } else {
            List<Part> taxable = new ArrayList<>(parts);
            if (discount.signum() != 0) {
                taxable.add(new Part("Discount", BigDecimal.ONE, discount.negate(), discount.negate(), null));
            }
            Assigned assigned = assign(taxable, groups, amountsAre, notes);
            perRateReason = assigned.unknownBecause();
            if (perRateReason == null) {
                billLines = new ArrayList<>(assigned.lines());
                if (tip.signum() != 0) {
                    billLines.add(untaxed("Tip", tip));
                }
                if (gap.signum() != 0) {
                    billLines.add(untaxed("Rounding", gap));
                    notes.add("a rounding line of " + gap.toPlainString() + " makes its lines add up to its total");
                }
            }
        }
        boolean perRate = billLines == null;
        if (perRate) {
            amountsAre = AmountsAre.TAX_EXCLUSIVE;
            billLines = perRate(groups, total, tax, tip);
            notes.add("one line per rate: " + perRateReason);
        }
        if (credit) {
            billLines = billLines.stream().map(BillLine::negated).toList();
            total = total.negate();
        }
        return new Bill(document, Bill.number(record.invoiceNumber(), document.sha256()), credit, amountsAre, billLines,
                total, perRate, notes);
    }

    /** The lines with their taxes, or why their rates cannot be known. */
    private record Assigned(List<BillLine> lines, String unknownBecause) {
    }

    private Assigned assign(List<Part> parts, List<TaxGroup> groups, AmountsAre amountsAre, List<String> notes) {
        List<BigDecimal> amounts = parts.stream().map(Part::amount).toList();
        if (groups.isEmpty()) {
            return new Assigned(parts.stream().map(part -> line(part, TaxTreatment.NO_TAX, BigDecimal.ZERO)).toList(), null);
        }
        int[] assignment = new int[parts.size()];
        List<TaxGroup> used = groups;
        int untaxed = -1; // the group added for lines no printed rate explains, if one was
        if (groups.size() == 1) {
            TaxGroup only = groups.get(0);
            if (only.rate() == null && only.tax().signum() != 0) {
                BigDecimal inferred = inferRate(sum(amounts), only.tax(), parts.size(), amountsAre);
                if (inferred != null) {
                    used = List.of(new TaxGroup(inferred, only.tax(), null));
                    notes.add("its tax is printed without a rate; " + inferred.toPlainString()
                            + "% is the only configured rate that gives it");
                }
            }
        }
        if (used.size() > 1 || used.get(0).rate() != null) {
            for (TaxGroup group : used) {
                if (group.rate() == null && group.tax().signum() != 0) {
                    return new Assigned(null, "a tax of " + group.tax().toPlainString()
                            + " is printed without its rate next to other rates");
                }
            }
            int[] fixed = new int[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                fixed[i] = groupOf(parts.get(i).printedRate(), used);
            }
            List<RateAssigner.Group> candidates = used.stream()
                    .map(group -> new RateAssigner.Group(group.rate(), group.tax(), group.base())).toList();
            RateAssigner.Outcome outcome = RateAssigner.assign(amounts, fixed, candidates, amountsAre);
            if (outcome.assignment() == null && outcome.fits() == 0 && !outcome.tooMany()) {
                // perhaps some lines are not taxed at all and the document prints no 0% line for them
                List<RateAssigner.Group> withUntaxed = new ArrayList<>(candidates);
                withUntaxed.add(new RateAssigner.Group(BigDecimal.ZERO, BigDecimal.ZERO, null));
                RateAssigner.Outcome second = RateAssigner.assign(amounts, fixed, withUntaxed, amountsAre);
                if (second.assignment() != null) {
                    outcome = second;
                    List<TaxGroup> extended = new ArrayList<>(used);
                    extended.add(new TaxGroup(null, BigDecimal.ZERO, null));
                    untaxed = used.size();
                    used = extended;
                    notes.add("lines that no printed rate explains are booked as not taxed");
                }
            }
            if (outcome.assignment() == null) {
                String why = outcome.tooMany() ? "too many lines to find their rates from the arithmetic"
                        : outcome.fits() == 0 ? "no assignment of its lines to its rates gives its tax per rate"
                        : "more than one assignment of its lines to its rates gives its tax per rate";
                return new Assigned(null, "the lines' rates are not printed and " + why);
            }
            assignment = outcome.assignment();
        }
        BillLine[] lines = new BillLine[parts.size()];
        for (int g = 0; g < used.size(); g++) {
            TaxGroup group = used.get(g);
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (assignment[i] == g) {
                    members.add(i);
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            List<BigDecimal> shares;
            try {
                shares = TaxSpreader.spread(group.tax(), members.stream().map(amounts::get).toList());
            } catch (IllegalArgumentException e) {
                return new Assigned(null, "at " + group.treatment().label() + ", " + e.getMessage());
            }
            TaxTreatment treatment = g == untaxed ? TaxTreatment.NO_TAX : group.treatment();
            for (int k = 0; k < members.size(); k++) {
                int i = members.get(k);
                lines[i] = line(parts.get(i), treatment, shares.get(k));
            }
        }
        return new Assigned(List.of(lines), null);
    }

    /** The one configured rate under which these lines give this tax, or null. */
    private BigDecimal inferRate(BigDecimal amount, BigDecimal tax, int lines, AmountsAre amountsAre) {
        BigDecimal tolerance = HALF_CENT.multiply(BigDecimal.valueOf(Math.max(1, lines)));
        List<BigDecimal> fitting = configuredRates.stream().filter(rate -> {
            BigDecimal divisor = amountsAre == AmountsAre.TAX_INCLUSIVE ? HUNDRED.add(rate) : HUNDRED;
            BigDecimal expected = amount.multiply(rate).divide(divisor, MathContext.DECIMAL128);
            return expected.subtract(tax).abs().compareTo(tolerance) <= 0;
        }).toList();
        return fitting.size() == 1 ? fitting.get(0) : null;
    }

    private static int groupOf(BigDecimal printedRate, List<TaxGroup> groups) {
        if (printedRate == null) {
            return -1;
        }
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).rate() != null && groups.get(g).rate().compareTo(printedRate) == 0) {
                return g;
            }
        }
        return -1; // "20% off" is no tax rate: the arithmetic decides
    }

    /**
     * One line per rate: the rate's printed base, else its tax ÷ rate; what is left of the net total goes to the one
     * rate whose base cannot be derived (0% or no rate), else to a line not taxed; then the tip.
     */
    private static List<BillLine> perRate(List<TaxGroup> groups, BigDecimal total, BigDecimal tax, BigDecimal tip) {
        BigDecimal net = total.subtract(tax).subtract(tip); // after the discount, like a printed base
        int scale = Math.max(2, net.stripTrailingZeros().scale());
        Map<Integer, BigDecimal> bases = new LinkedHashMap<>();
        List<Integer> unknown = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            TaxGroup group = groups.get(g);
            if (group.base() != null) {
                bases.put(g, group.base());
            } else if (group.rate() != null && group.rate().signum() > 0) {
                bases.put(g, group.tax().multiply(HUNDRED).divide(group.rate(), scale, RoundingMode.HALF_EVEN));
            } else {
                unknown.add(g);
            }
        }
        BigDecimal rest = net.subtract(sum(List.copyOf(bases.values())));
        BigDecimal untaxed = BigDecimal.ZERO;
        if (!unknown.isEmpty()) {
            bases.put(unknown.get(0), rest);
            for (int g : unknown.subList(1, unknown.size())) {
                bases.put(g, BigDecimal.ZERO);
            }
        } else if (rest.signum() != 0) {
            boolean derivedOnly = groups.stream().allMatch(group -> group.base() == null);
            if (derivedOnly && rest.abs().compareTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(groups.size()))) <= 0) {
                // tax ÷ rate is itself rounded: the cent goes to the largest base
                int largest = bases.entrySet().stream().max(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .map(Map.Entry::getKey).orElseThrow();
                bases.put(largest, bases.get(largest).add(rest));
            } else {
                untaxed = rest;
            }
        }
        List<BillLine> lines = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            TaxGroup group = groups.get(g);
            BigDecimal base = bases.get(g);
            if (base.signum() == 0 && group.tax().signum() == 0) {
                continue;
            }
            lines.add(new BillLine("Net at " + group.treatment().label(), BigDecimal.ONE, base, base, group.treatment(),
                    group.tax()));
        }
        if (groups.isEmpty() || untaxed.signum() != 0) {
            BigDecimal amount = groups.isEmpty() ? net : untaxed;
            lines.add(untaxed("Not taxed on the document", amount));
        }
        if (tip.signum() != 0) {
            lines.add(untaxed("Tip", tip));
        }
        return lines;
    }

    private static BillLine line(Part part, TaxTreatment treatment, BigDecimal tax) {
        return new BillLine(part.description(), part.quantity(), part.unitAmount(), part.amount(), treatment, tax);
    }

    private static BillLine untaxed(String description, BigDecimal amount) {
        return new BillLine(description, BigDecimal.ONE, amount, amount, TaxTreatment.NO_TAX,
                BigDecimal.ZERO.setScale(2));
    }

    /** Priced items, in positive amounts; quantity and unit price only when they give the line amount exactly. */
    private static List<Part> items(DocumentRecord record, BigDecimal sign) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < record.items().size(); i++) {
            DocumentRecord.LineItem item = record.items().get(i);
            if (item.price() == null) {
                continue; // a line without a price (a comment, a weight) is nothing to book
            }
            BigDecimal amount = item.price().multiply(sign);
            String name = item.name() == null || item.name().isBlank() ? "Item " + (i + 1) : item.name();
            BigDecimal unit = times(item.unitPrice(), sign);
            boolean exact = item.qty() != null && item.qty().signum() > 0 && unit != null
                    && item.qty().multiply(unit).compareTo(amount) == 0;
            parts.add(new Part(name, exact ? item.qty() : BigDecimal.ONE, exact ? unit : amount, amount,
                    printedRate(item.name())));
        }
        return parts;
    }

    /** A rate printed in a line's description ("Croissants 5,5 %"), or null. */
    static BigDecimal printedRate(String description) {
        if (description == null) {
            return null;
        }
        Matcher matcher = PRINTED_RATE.matcher(description);
        BigDecimal rate = null;
        while (matcher.find()) {
            if (rate != null) {
                return null; // two percentages: not a rate the line is at
            }
            rate = new BigDecimal(matcher.group(1).replace(',', '.'));
        }
        return rate;
    }

    /** Tax lines merged by rate, in positive amounts. */
    private static List<TaxGroup> taxGroups(DocumentRecord record, BigDecimal sign) {
        Map<String, TaxGroup> byRate = new LinkedHashMap<>();
        for (DocumentRecord.TaxLine line : record.taxLines()) {
            if (line.amount() == null) {
                continue;
            }
            BigDecimal rate = line.rate() == null ? null : TaxTreatment.normalise(line.rate());
            String key = rate == null ? (line.amount().signum() == 0 ? "exempt" : "none") : rate.toPlainString();
            BigDecimal amount = line.amount().multiply(sign);
            BigDecimal base = times(line.base(), sign);
            TaxGroup earlier = byRate.get(key);
            if (earlier != null) {
                amount = earlier.tax().add(amount);
                base = earlier.base() == null || base == null ? null : earlier.base().add(base);
            }
            byRate.put(key, new TaxGroup(rate, amount, base));
        }
        return new ArrayList<>(byRate.values());
    }

    /** A credit note by its type: "credit_note", "Credit note", "credit-note", "refund". */
    static boolean isCreditNote(String documentType) {
        if (documentType == null) {
            return false;
        }
        String letters = documentType.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return letters.startsWith("credit") || letters.equals("refund");
    }

    private static BigDecimal times(BigDecimal value, BigDecimal sign) {
        return value == null ? null : value.multiply(sign);
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
