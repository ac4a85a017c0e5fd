package dev.ledgerlens.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The export formats the CLI offers ({@code ledgerlens export --format quickbooks}). */
public enum ExportFormat {
    /** One row per document, every field; items as a count and a JSON array. */
    CSV("csv"),
    /** One JSON object per line and document, items nested, amounts as exact decimal strings. */
    JSONL("jsonl"),
    /** QuickBooks Online bill import: one row per line item. */
    QUICKBOOKS("csv"),
    /** Xero bills (purchases) import template: one row per line item. */
    XERO("csv");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The name on the command line ({@code quickbooks}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format for a command-line name, case-insensitive; {@code qbo} is accepted for QuickBooks. */
    public static ExportFormat fromName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("qbo")) {
            return QUICKBOOKS;
        }
        return Arrays.stream(values()).filter(format -> format.label().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown export format '" + name + "'; choose one of "
                        + Arrays.stream(values()).map(ExportFormat::label).collect(Collectors.joining(", "))));
    }

    /**
     * Whether the format books lines to ledger accounts and so needs {@code config/accounts.yaml}; the CLI
     * loads the mapping only then, so a csv or jsonl export works without one.
     */
    public boolean usesAccounts() {
        return this == QUICKBOOKS || this == XERO;
    }

    /** A writer for this format; {@code accounts} may be null when {@link #usesAccounts()} is false. */
    public Exporter exporter(ExportSettings settings, AccountMapper accounts) {
        return switch (this) {
            case CSV -> new CsvExporter();
            case JSONL -> new JsonlExporter();
            case QUICKBOOKS -> new QuickBooksExporter(settings, java.util.Objects.requireNonNull(accounts, "accounts"));
            case XERO -> new XeroExporter(settings, java.util.Objects.requireNonNull(accounts, "accounts"));
        };
    }
}
