package dev.ledgerlens.validate;

import java.math.BigDecimal;
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
 *   <li>{@value #TAX_LINES_SUM_TO_TAX}: Σ tax line amounts = tax.</li>
 * </ul>
 * A discount is subtracted whatever its printed sign ("-2.00" and "2.00" both mean two off).
 * Immutable and thread-safe.
 */
public final class Reconciler {
    public static final String ITEMS_SUM_TO_SUBTOTAL = "items_sum_to_subtotal";
    public static final String TOTAL_EQUALS_PARTS = "total_equals_parts";
    public static final String LINE_QTY_TIMES_UNIT_PRICE = "line_qty_times_unit_price";
    public static final String TAX_LINES_SUM_TO_TAX = "tax_lines_sum_to_tax";

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
                .subtract(orZero(record.discount()).abs());
        BigDecimal difference = parts.subtract(record.total()).abs();
        if (difference.compareTo(totalTolerance) > 0) {
            reasons.add(new ReviewReason(TOTAL_EQUALS_PARTS, "subtotal " + plain(record.subtotal())
                    + " + tax " + plain(orZero(record.tax())) + " + tip " + plain(orZero(record.tip()))
                    + " − discount " + plain(orZero(record.discount()).abs()) + " = " + plain(parts)
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

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
