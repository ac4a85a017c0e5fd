package dev.ledgerlens.export;

import dev.ledgerlens.config.ConfigSource;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * The export stage's settings, from the {@code exports} section of {@code config/application.properties}.
 *
 * @param quickBooksConfigFile tax codes, accounts and vendor aliases for QuickBooks ({@code config/exports/quickbooks.yaml})
 * @param quickBooksDateFormat date pattern QuickBooks Online expects (its company setting; US default MM/dd/yyyy)
 * @param xeroConfigFile       tax rates, accounts and vendor aliases for Xero ({@code config/exports/xero.yaml})
 * @param xeroDateFormat       date pattern the Xero organisation's region expects (dd/MM/yyyy for UK/AU/NZ)
 */
public record ExportSettings(Path quickBooksConfigFile, String quickBooksDateFormat, Path xeroConfigFile,
                             String xeroDateFormat) {

    public ExportSettings {
        formatter(quickBooksDateFormat);
        formatter(xeroDateFormat);
    }

    /** The defaults listed in {@code config/application.properties}. */
    public static ExportSettings defaults() {
        return new ExportSettings(Path.of("config/exports/quickbooks.yaml"), "MM/dd/yyyy",
                Path.of("config/exports/xero.yaml"), "dd/MM/yyyy");
    }

    /** Reads {@code ledgerlens.export.*}; a bad date pattern fails naming the key. */
    public static ExportSettings from(ConfigSource config) {
        ExportSettings defaults = defaults();
        String quickBooksDates = config.getString("ledgerlens.export.quickbooks.date-format", defaults.quickBooksDateFormat());
        String xeroDates = config.getString("ledgerlens.export.xero.date-format", defaults.xeroDateFormat());
        checkPattern("ledgerlens.export.quickbooks.date-format", quickBooksDates);
        checkPattern("ledgerlens.export.xero.date-format", xeroDates);
        return new ExportSettings(
                Path.of(config.getString("ledgerlens.export.quickbooks.config-file",
                        defaults.quickBooksConfigFile().toString())),
                quickBooksDates,
                Path.of(config.getString("ledgerlens.export.xero.config-file", defaults.xeroConfigFile().toString())),
                xeroDates);
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
