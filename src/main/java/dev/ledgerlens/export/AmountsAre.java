package dev.ledgerlens.export;

/**
 * Whether a bill's line amounts include its tax: the choice Xero asks for once per import file ("Amounts are") and
 * QuickBooks Online takes per bill. A document keeps the kind it was printed in, so its lines match the paper.
 */
public enum AmountsAre {
    /** Lines are net; the tax is added on top (most invoices). */
    TAX_EXCLUSIVE("tax-exclusive", "Tax Exclusive", "TaxExcluded"),
    /** Lines include their tax (most till receipts in VAT and GST countries). */
    TAX_INCLUSIVE("tax-inclusive", "Tax Inclusive", "TaxInclusive");

    private final String fileLabel;
    private final String xeroSetting;
    private final String quickBooksValue;

    AmountsAre(String fileLabel, String xeroSetting, String quickBooksValue) {
        this.fileLabel = fileLabel;
        this.xeroSetting = xeroSetting;
        this.quickBooksValue = quickBooksValue;
    }

    /** The part of a file name that says it: {@code bills-tax-inclusive.csv}. */
    public String fileLabel() {
        return fileLabel;
    }

    /** The option to pick on Xero's import screen. */
    public String xeroSetting() {
        return xeroSetting;
    }

    /** The value of QuickBooks Online's per-bill "Global Tax Calculation". */
    public String quickBooksValue() {
        return quickBooksValue;
    }
}
