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
    /** QuickBooks Online bill import: one row per bill line; vendor credits in a file of their own. */
    QUICKBOOKS("csv"),
    /** Xero bills (purchases) import template: one row per bill line, one file per "amounts are" kind. */
    XERO("csv");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The name on the command line ({@code quickbooks}), also the format in the export ledger. */
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
     * Whether this format makes bills for an accounting system: it needs its {@code config/exports/<target>.yaml},
     * writes files named after {@code --output}, and keeps the export ledger so that each bill is imported once.
     */
    public boolean makesBills() {
        return this == QUICKBOOKS || this == XERO;
    }

    /** A writer for this format; the bill formats read their configuration file now and fail if it is wrong. */
    public Exporter exporter(ExportSettings settings) {
        return switch (this) {
            case CSV -> new CsvExporter();
            case JSONL -> new JsonlExporter();
            case QUICKBOOKS -> new QuickBooksExporter(settings, BillSettings.load(settings.quickBooksConfigFile(), "QuickBooks"));
            case XERO -> new XeroExporter(settings, BillSettings.load(settings.xeroConfigFile(), "Xero"));
        };
    }
}
