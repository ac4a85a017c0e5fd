package dev.ledgerlens.export;

import dev.ledgerlens.config.ConfigSource;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * The export stage's settings, from the {@code exports} section of {@code config/application.properties}.
 *
 * @param accountsFile         the vendor → account code mapping ({@code config/accounts.yaml})
 * @param quickBooksDateFormat date pattern QuickBooks Online expects (its company setting; US default MM/dd/yyyy)
 * @param quickBooksTaxCode    the "Line Tax Code" written on each line (empty: none, QBO US computes sales tax itself)
 * @param xeroDateFormat       date pattern the Xero organisation's region expects (dd/MM/yyyy for UK/AU/NZ)
 * @param xeroTaxType          the Xero tax rate name written as *TaxType (must match a rate in the organisation)
 */
public record ExportSettings(Path accountsFile, String quickBooksDateFormat, String quickBooksTaxCode,
                             String xeroDateFormat, String xeroTaxType) {

    public ExportSettings {
        formatter(quickBooksDateFormat);
        formatter(xeroDateFormat);
        quickBooksTaxCode = quickBooksTaxCode == null ? "" : quickBooksTaxCode;
    }

    /** The defaults listed in {@code config/application.properties}. */
    public static ExportSettings defaults() {
        return new ExportSettings(Path.of("config/accounts.yaml"), "MM/dd/yyyy", "", "dd/MM/yyyy", "Tax on Purchases");
    }

    /** Reads {@code ledgerlens.export.*}; a bad date pattern fails naming the key. */
    public static ExportSettings from(ConfigSource config) {
        ExportSettings defaults = defaults();
        String quickBooksDates = config.getString("ledgerlens.export.quickbooks.date-format", defaults.quickBooksDateFormat());
        String xeroDates = config.getString("ledgerlens.export.xero.date-format", defaults.xeroDateFormat());
        checkPattern("ledgerlens.export.quickbooks.date-format", quickBooksDates);
        checkPattern("ledgerlens.export.xero.date-format", xeroDates);
        return new ExportSettings(
                Path.of(config.getString("ledgerlens.export.accounts-file", defaults.accountsFile().toString())),
                quickBooksDates,
                config.getString("ledgerlens.export.quickbooks.tax-code", defaults.quickBooksTaxCode()),
                xeroDates,
                config.getString("ledgerlens.export.xero.tax-type", defaults.xeroTaxType()));
    }

    static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(pattern);
    }

    private static void checkPattern(String key, String pattern) {
        try {
            formatter(pattern);
        } catch (IllegalArgumentException e) {
            throw ConfigSource.invalid(key, pattern, "a date pattern such as dd/MM/yyyy");
        }
    }
}
