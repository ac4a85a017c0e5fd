package dev.ledgerlens.export;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target's tax codes (Xero tax rate names, QuickBooks tax codes) for each {@link TaxTreatment}, from
 * {@code config/exports/<target>.yaml}. A rate the file does not map is an error naming the rate, the bill and the
 * file to edit: a wrong tax code imports silently and is found in the tax return. Immutable and thread-safe.
 */
public final class TaxCodes {
    private final Path file;
    private final String target;
    private final Map<BigDecimal, String> rates;
    private final String zeroRated;
    private final String exempt;
    private final String noTax;
    private final String rateNotPrinted;

    /**
     * @param file           the configuration file, named in errors
     * @param target         "Xero" or "QuickBooks", named in errors
     * @param rates          percent → code
     * @param zeroRated      the code for 0% when {@code rates} has no "0"
     * @param exempt         the code for a tax line printed without a rate and without tax
     * @param noTax          the code for tips, rounding and documents without tax
     * @param rateNotPrinted the code for tax printed without a rate that no mapped rate explains
     */
    public TaxCodes(Path file, String target, Map<BigDecimal, String> rates, String zeroRated, String exempt, String noTax,
                    String rateNotPrinted) {
        this.file = file;
        this.target = target;
        this.rates = new TreeMap<>();
        rates.forEach((rate, code) -> this.rates.put(TaxTreatment.normalise(rate), code));
        this.zeroRated = zeroRated;
        this.exempt = exempt;
        this.noTax = noTax;
        this.rateNotPrinted = rateNotPrinted;
    }

    /** The mapped rates, for a tax printed without its rate. */
    public List<BigDecimal> rates() {
        return List.copyOf(rates.keySet());
    }

    /** The code for a line of {@code bill} taxed as {@code treatment}. */
    public String codeFor(TaxTreatment treatment, Bill bill) {
        return codeFor(treatment, "bill " + bill.name());
    }

    /** The code for {@code treatment}; {@code what} names the bill in the error for a rate without a code. */
    public String codeFor(TaxTreatment treatment, String what) {
        return switch (treatment.kind()) {
            case RATE -> {
                String code = rates.get(treatment.rate());
                if (code == null && treatment.rate().signum() == 0) {
                    code = zeroRated;
                }
                if (code == null) {
                    throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, what
                            + " has tax at " + treatment.rate().toPlainString() + "%, which " + file
                            + " does not map to a " + target + " tax code; add a line under tax-rates: \""
                            + treatment.rate().toPlainString() + "\": \"<the " + target + " tax code for "
                            + treatment.rate().toPlainString() + "%>\"");
                }
                yield code;
            }
            case EXEMPT -> exempt;
            case NO_TAX -> noTax;
            case RATE_NOT_PRINTED -> rateNotPrinted;
        };
    }

    /** What a code stands for, for the import check: the percent of a mapped rate, else null. */
    public BigDecimal rateOf(String code) {
        return rates.entrySet().stream().filter(entry -> entry.getValue().equals(code)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
