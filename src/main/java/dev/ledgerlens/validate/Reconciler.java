package dev.ledgerlens.validate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The arithmetic checks of a record. Each rule is named, skips when its inputs are absent and,
 * when it fails, yields a {@link ReviewReason} quoting the numbers. Nothing is ever corrected: a
 * record that does not add up is stored as it was read and sent to review.
 *
 * <p>Rules (difference ≤ tolerance passes):
 * <ul>
 *   <li>{@value #ITEMS_SUM_TO_SUBTOTAL}: Σ item prices = subtotal; without a subtotal, Σ items = total − tax − tip
 *       + discount, or = total − tip + discount (prices that include the tax, as on most European till receipts);</li>
 *   <li>{@value #TOTAL_EQUALS_PARTS}: subtotal + tax + tip − discount = total (strict: a total that equals the
 *       subtotal while a tax is printed is what a swapped or invented total looks like);</li>
 *   <li>{@value #LINE_QTY_TIMES_UNIT_PRICE}: qty × unit price = price, per line, with the line tolerance;</li>
 *   <li>{@value #TAX_LINES_SUM_TO_TAX}: Σ tax line amounts = tax;</li>
 *   <li>{@value #NET_TOTAL_EQUALS_PARTS}: subtotal − discount + charges = net total (EN 16931 BR-CO-13);</li>
 *   <li>{@value #TOTAL_EQUALS_NET_PLUS_TAX}: net total + tax + tip = total (BR-CO-15);</li>
 *   <li>{@value #TAX_LINE_BASE_TIMES_RATE}: per tax line with a base, base × rate / 100 = amount, rounded to cents,
 *       with the line tolerance (BR-CO-17);</li>
 *   <li>{@value #TAX_LINE_BASES_SUM_TO_NET_TOTAL}: when every tax line states its base, Σ bases = net total.</li>
 * </ul>
 * One more rule, {@link #implausible}, is for values read from a page, not stated in an invoice's XML:
 * {@value #TAX_SHARE_OF_TOTAL}, the tax is at most a third of the total (a tax of half the net amount). It is the one
 * check of the tax on a till slip whose prices include it.
 * Charges (freight, packing) count with the subtotal in {@value #TOTAL_EQUALS_PARTS} too. The last four rules need
 * fields that e-invoices always state and printed documents rarely do; like every rule, each skips without its inputs.
 * A discount is subtracted whatever its printed sign ("-2.00" and "2.00" both mean two off).
 * Immutable and thread-safe.
 */
public final class Reconciler {
    public static final String ITEMS_SUM_TO_SUBTOTAL = "items_sum_to_subtotal";
    public static final String TOTAL_EQUALS_PARTS = "total_equals_parts";
    public static final String LINE_QTY_TIMES_UNIT_PRICE = "line_qty_times_unit_price";
    public static final String TAX_LINES_SUM_TO_TAX = "tax_lines_sum_to_tax";
    public static final String NET_TOTAL_EQUALS_PARTS = "net_total_equals_parts";
    public static final String TOTAL_EQUALS_NET_PLUS_TAX = "total_equals_net_plus_tax";
    public static final String TAX_LINE_BASE_TIMES_RATE = "tax_line_base_times_rate";
    public static final String TAX_LINE_BASES_SUM_TO_NET_TOTAL = "tax_line_bases_sum_to_net_total";
    public static final String TAX_SHARE_OF_TOTAL = "tax_share_of_total";

    /**
     * A total is at least this many times its tax: a tax of half the net amount is a third of the total. The highest
     * standard VAT rate (27 %) is 21 % of the gross and sales taxes are lower; a tax above a third of the total is
     * another amount read as the tax (the net or the gross of a rate row), or a total read short. The offline engine
     * holds the same line and leaves such a tax out itself (its rules' {@code AmountRules.tooLargeForTax}, below this
     * package, which it may not import).
     */
    private static final BigDecimal TOTAL_PER_TAX = BigDecimal.valueOf(3);

    private final BigDecimal lineTolerance;
    private final BigDecimal totalTolerance;

    public Reconciler(ValidationSettings settings) {
        this.lineTolerance = settings.lineTolerance();
        this.totalTolerance = settings.totalTolerance();
    }

    /** The failed rules of one record; empty when everything adds up or nothing could be checked. */
    public List<ReviewReason> check(DocumentRecord record) {
        List<ReviewReason> reasons = new ArrayList<>();
        itemsSumToSubtotal(record, reasons);
        totalEqualsParts(record, reasons);
        lineQtyTimesUnitPrice(record, reasons);
        taxLinesSumToTax(record, reasons);
        netTotalEqualsParts(record, reasons);
        totalEqualsNetPlusTax(record, reasons);
        taxLineBaseTimesRate(record, reasons);
        taxLineBasesSumToNetTotal(record, reasons);
        return reasons;
    }

    private void itemsSumToSubtotal(DocumentRecord record, List<ReviewReason> reasons) {
        List<BigDecimal> prices = record.items().stream().map(DocumentRecord.LineItem::price)
                .filter(Objects::nonNull).toList();
        if (prices.isEmpty()) {
            return;
        }
        BigDecimal sum = prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (record.subtotal() != null) {
            BigDecimal difference = sum.subtract(record.subtotal()).abs();
            if (difference.compareTo(totalTolerance) > 0) {
                reasons.add(new ReviewReason(ITEMS_SUM_TO_SUBTOTAL, "the " + prices.size() + " item prices add up to "
                        + plain(sum) + " but the subtotal is " + plain(record.subtotal())
                        + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
            }
            return;
        }
        if (record.total() == null) {
            return;
        }
        BigDecimal beforeTax = record.total().subtract(orZero(record.tip())).add(orZero(record.discount()).abs());
        BigDecimal taxExcluded = beforeTax.subtract(orZero(record.tax()));
        BigDecimal difference = sum.subtract(taxExcluded).abs();
        BigDecimal inclusiveDifference = sum.subtract(beforeTax).abs();
        if (difference.compareTo(totalTolerance) > 0 && inclusiveDifference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(ITEMS_SUM_TO_SUBTOTAL, "there is no subtotal and the " + prices.size()
                    + " item prices add up to " + plain(sum) + ", but total − tax − tip + discount is "
                    + plain(taxExcluded) + (record.tax() == null ? "" : " (" + plain(beforeTax) + " with the tax included)")
                    + " (difference " + plain(difference.min(inclusiveDifference)) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    private void totalEqualsParts(DocumentRecord record, List<ReviewReason> reasons) {
        if (record.subtotal() == null || record.total() == null) {
            return;
        }
        BigDecimal parts = record.subtotal().add(orZero(record.tax())).add(orZero(record.tip()))
                .subtract(orZero(record.discount()).abs()).add(orZero(record.charges()));
        BigDecimal difference = parts.subtract(record.total()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(TOTAL_EQUALS_PARTS, "subtotal " + plain(record.subtotal())
                    + " + tax " + plain(orZero(record.tax())) + " + tip " + plain(orZero(record.tip()))
                    + " − discount " + plain(orZero(record.discount()).abs())
                    + (record.charges() == null ? "" : " + charges " + plain(record.charges())) + " = " + plain(parts)
                    + " but the total is " + plain(record.total())
                    + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    private void lineQtyTimesUnitPrice(DocumentRecord record, List<ReviewReason> reasons) {
        for (int i = 0; i < record.items().size(); i++) {
            DocumentRecord.LineItem item = record.items().get(i);
            if (item.qty() == null || item.unitPrice() == null || item.price() == null) {
                continue;
            }
            BigDecimal product = item.qty().multiply(item.unitPrice());
            BigDecimal difference = product.subtract(item.price()).abs();
            if (difference.compareTo(lineTolerance) > 0) {
                reasons.add(new ReviewReason(LINE_QTY_TIMES_UNIT_PRICE, "items[" + i + "]: qty " + plain(item.qty())
                        + " × unit price " + plain(item.unitPrice()) + " = " + plain(product) + " but the price is "
                        + plain(item.price()) + " (difference " + plain(difference) + ", tolerance " + plain(lineTolerance) + ")"));
            }
        }
    }

    private void taxLinesSumToTax(DocumentRecord record, List<ReviewReason> reasons) {
        List<BigDecimal> amounts = record.taxLines().stream().map(DocumentRecord.TaxLine::amount)
                .filter(Objects::nonNull).toList();
        if (record.tax() == null || amounts.isEmpty()) {
            return;
        }
        BigDecimal sum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal difference = sum.subtract(record.tax()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(TAX_LINES_SUM_TO_TAX, "the " + amounts.size() + " tax lines add up to "
                    + plain(sum) + " but the tax is " + plain(record.tax())
                    + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    private void netTotalEqualsParts(DocumentRecord record, List<ReviewReason> reasons) {
        if (record.netTotal() == null || record.subtotal() == null) {
            return;
        }
        BigDecimal parts = record.subtotal().subtract(orZero(record.discount()).abs()).add(orZero(record.charges()));
        BigDecimal difference = parts.subtract(record.netTotal()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(NET_TOTAL_EQUALS_PARTS, "subtotal " + plain(record.subtotal()) + " − discount "
                    + plain(orZero(record.discount()).abs()) + " + charges " + plain(orZero(record.charges())) + " = "
                    + plain(parts) + " but the net total is " + plain(record.netTotal())
                    + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    private void totalEqualsNetPlusTax(DocumentRecord record, List<ReviewReason> reasons) {
        if (record.netTotal() == null || record.total() == null) {
            return;
        }
        BigDecimal sum = record.netTotal().add(orZero(record.tax())).add(orZero(record.tip()));
        BigDecimal difference = sum.subtract(record.total()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(TOTAL_EQUALS_NET_PLUS_TAX, "net total " + plain(record.netTotal()) + " + tax "
                    + plain(orZero(record.tax())) + (record.tip() == null ? "" : " + tip " + plain(record.tip()))
                    + " = " + plain(sum) + " but the total is " + plain(record.total())
                    + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    private void taxLineBaseTimesRate(DocumentRecord record, List<ReviewReason> reasons) {
        for (int i = 0; i < record.taxLines().size(); i++) {
            DocumentRecord.TaxLine line = record.taxLines().get(i);
            if (line.base() == null || line.rate() == null || line.amount() == null) {
                continue;
            }
            BigDecimal expected = line.base().multiply(line.rate()).movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
            BigDecimal difference = expected.subtract(line.amount()).abs();
            if (difference.compareTo(lineTolerance) > 0) {
                reasons.add(new ReviewReason(TAX_LINE_BASE_TIMES_RATE, "tax_lines[" + i + "]"
                        + (line.category() == null ? "" : " (category " + line.category() + ")") + ": base "
                        + plain(line.base()) + " × " + plain(line.rate()) + "% = " + plain(expected) + " but the tax is "
                        + plain(line.amount()) + " (difference " + plain(difference) + ", tolerance "
                        + plain(lineTolerance) + ")"));
            }
        }
    }

    private void taxLineBasesSumToNetTotal(DocumentRecord record, List<ReviewReason> reasons) {
        if (record.netTotal() == null || record.taxLines().isEmpty()
                || record.taxLines().stream().anyMatch(line -> line.base() == null)) {
            return;
        }
        BigDecimal sum = record.taxLines().stream().map(DocumentRecord.TaxLine::base).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal difference = sum.subtract(record.netTotal()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(TAX_LINE_BASES_SUM_TO_NET_TOTAL, "the " + record.taxLines().size()
                    + " tax lines' bases add up to " + plain(sum) + " but the net total is " + plain(record.netTotal())
                    + " (difference " + plain(difference) + ", tolerance " + plain(totalTolerance) + ")"));
        }
    }

    /**
     * The rules that only a misreading breaks, for values read from a page: {@value #TAX_SHARE_OF_TOTAL}. An
     * e-invoice's XML states its amounts; an odd one (a tax correction) is what its issuer meant.
     */
    public List<ReviewReason> implausible(DocumentRecord record) {
        if (record.tax() == null || record.total() == null || record.total().signum() == 0) {
            return List.of();
        }
        if (record.tax().abs().multiply(TOTAL_PER_TAX).compareTo(record.total().abs()) <= 0) {
            return List.of();
        }
        return List.of(new ReviewReason(TAX_SHARE_OF_TOTAL, "the tax " + plain(record.tax()) + " is more than a third of the total "
                + plain(record.total()) + ": no sales tax or VAT is half the net amount, so one of them was misread"));
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
