package dev.ledgerlens.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How a bill line is taxed, independent of any accounting system: at a printed rate (0 for zero-rated), exempt (a
 * tax line the document prints without a rate and without tax), not taxed at all (tips, rounding, documents that show
 * no tax), or taxed at a rate the document does not print. {@link TaxCodes} turns it into a target's tax code.
 *
 * @param kind which of the four
 * @param rate the percentage for {@link Kind#RATE} (20 for 20%), normalised so that 20, 20.0 and 20.00 are equal;
 *             null otherwise
 */
public record TaxTreatment(Kind kind, BigDecimal rate) {

    /** The four treatments. */
    public enum Kind {
        /** A printed rate; 0 is zero-rated. */
        RATE,
        /** Printed as exempt: a tax line without a rate and without tax. */
        EXEMPT,
        /** Outside tax: tips, rounding, and documents that print no tax at all. */
        NO_TAX,
        /** Tax is printed but no rate is, and no configured rate explains the amounts. */
        RATE_NOT_PRINTED
    }

    public static final TaxTreatment EXEMPT = new TaxTreatment(Kind.EXEMPT, null);
    public static final TaxTreatment NO_TAX = new TaxTreatment(Kind.NO_TAX, null);
    public static final TaxTreatment RATE_NOT_PRINTED = new TaxTreatment(Kind.RATE_NOT_PRINTED, null);

    public TaxTreatment {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.RATE) {
            rate = normalise(Objects.requireNonNull(rate, "rate"));
        } else if (rate != null) {
            throw new IllegalArgumentException(kind + " has no rate");
        }
    }

    /** Taxed at {@code percent} (20 for 20%). */
    public static TaxTreatment rate(BigDecimal percent) {
        return new TaxTreatment(Kind.RATE, percent);
    }

    /** 20.00 → 20, 5.50 → 5.5, 1E+1 → 10: one spelling per rate, for equality and for messages. */
    static BigDecimal normalise(BigDecimal percent) {
        BigDecimal plain = percent.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0, RoundingMode.UNNECESSARY) : plain;
    }

    /** For people: "20%", "0% (zero-rated)", "exempt", "no tax", "rate not printed". */
    public String label() {
        return switch (kind) {
            case RATE -> rate.signum() == 0 ? "0% (zero-rated)" : rate.toPlainString() + "%";
            case EXEMPT -> "exempt";
            case NO_TAX -> "no tax";
            case RATE_NOT_PRINTED -> "rate not printed";
        };
    }
}
