package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.export.ExportFormat;
import dev.ledgerlens.export.ExportRun;
import dev.ledgerlens.export.ExportSettings;
import dev.ledgerlens.export.Exporter;
import dev.ledgerlens.store.ExportLedger;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ledgerlens export --format csv|jsonl|quickbooks|xero}: stored records as files an accounting system imports.
 * Valid and approved records by default; for QuickBooks and Xero only those not yet exported in that format, unless
 * {@code --again}. {@code ledgerlens export list} shows what went out.
 */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = ExportCommand.ListExports.class,
        description = "Writes stored records as CSV, JSONL, or QuickBooks Online / Xero bill import files.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--format", paramLabel = "csv|jsonl|quickbooks|xero")
    String format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to write (replaced atomically). csv, jsonl: the file, default standard output. "
                    + "quickbooks, xero (required): the name their files are named after, e.g. bills.csv → "
                    + "bills-tax-exclusive.csv.")
    Path output;

    @Option(names = "--since", paramLabel = "DATE", description = "Documents dated on or after (YYYY-MM-DD): the date printed on the document.")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Documents dated on or before (YYYY-MM-DD): the date printed on the document.")
    String until;

    @Option(names = "--received-since", paramLabel = "DATE",
            description = "Documents that arrived on or after (YYYY-MM-DD, from local midnight), whatever their date.")
    String receivedSince;

    @Option(names = "--status", paramLabel = "STATUS[,STATUS…]|all", split = ",",
            description = "Which review states (default valid,approved; 'all' for every stored record).")
    List<String> statuses;

    @Option(names = "--again",
            description = "quickbooks, xero: also the records an earlier export in this format carried (a repeat of "
                    + "the same range gives the same bytes). Without it they are left out, so each bill is imported once.")
    boolean again;

    @Override
    public Integer call() throws IOException {
        ExportFormat exportFormat;
        StoredRecords.Query query;
        OffsetDateTime arrivedFrom;
        try {
            if (format == null) {
                throw new IllegalArgumentException("name a format: --format csv|jsonl|quickbooks|xero (or 'export list')");
            }
            exportFormat = ExportFormat.fromName(format);
            query = new StoredRecords.Query(statuses(statuses), date("--since", since), date("--until", until));
            LocalDate arrived = date("--received-since", receivedSince);
            arrivedFrom = arrived == null ? null : arrived.atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime();
            if (exportFormat.makesBills() && output == null) {
                throw new IllegalArgumentException(exportFormat.label() + " writes one file per import setting: name "
                        + "them with --output FILE (e.g. --output bills.csv)");
            }
            if (again && !exportFormat.makesBills()) {
                throw new IllegalArgumentException("--again is for quickbooks and xero; csv and jsonl always export "
                        + "every selected record");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ledgerlens: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (Application application = common.open()) {
            Exporter exporter = exportFormat.exporter(ExportSettings.from(application.config()));
            ExportRun.Result result = new ExportRun(application.storedRecords(), application.exportLedger())
                    .run(exporter, new ExportRun.Request(query, arrivedFrom, again, output));
            if (!exportFormat.makesBills()) {
                if (output == null) {
                    System.out.write(result.files().get(0).file().content());
                    System.out.flush();
                } else {
                    System.err.println("ledgerlens: exported " + result.documents() + " documents to " + output);
                }
                return ExitCodes.OK;
            }
            printSummary(exportFormat, result);
            return ExitCodes.OK;
        }
    }

    private void printSummary(ExportFormat exportFormat, ExportRun.Result result) {
        String name = exportFormat.label();
        if (since != null || until != null) {
            System.err.println("ledgerlens: --since/--until select by the date printed on the document"
                    + (receivedSince != null ? ", --received-since by arrival" : "; --received-since selects by arrival"));
        }
        if (result.files().isEmpty()) {
            System.err.println("ledgerlens: " + name + ": nothing to export"
                    + (result.leftOut() > 0 ? ": the " + result.leftOut() + " selected records went out in an earlier "
                    + name + " export (ledgerlens export list; --again to export them again)" : ""));
            return;
        }
        System.err.println("ledgerlens: " + name + ": " + result.documents() + " bills in " + result.files().size()
                + (result.files().size() == 1 ? " file" : " files") + (again ? " (again)" : ""));
        for (ExportRun.Written written : result.files()) {
            System.err.printf("  export %d  %s  %d bills  import as: %s%s%n", written.exportId(), written.file().path(),
                    written.file().documents().size(), importAs(exportFormat, written.file().importSetting()),
                    written.sameBytesAs() == null ? "" : "  (same bytes as export " + written.sameBytesAs() + ")");
        }
        if (result.leftOut() > 0) {
            System.err.println("  left out: " + result.leftOut() + " records already exported in " + name
                    + " (--again to include them)");
        }
        for (String note : result.notes()) {
            System.err.println("  note: " + note);
        }
    }

    private static String importAs(ExportFormat format, String setting) {
        return format == ExportFormat.XERO ? "Amounts are: " + setting : setting;
    }

    static List<RecordStatus> statuses(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of(RecordStatus.VALID, RecordStatus.APPROVED);
        }
        if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
            return Arrays.asList(RecordStatus.values());
        }
        List<RecordStatus> statuses = new ArrayList<>();
        for (String name : names) {
            try {
                statuses.add(RecordStatus.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown status '" + name + "'; choose from "
                        + Arrays.stream(RecordStatus.values()).map(RecordStatus::label).toList() + " or all");
            }
        }
        return statuses;
    }

    private static LocalDate date(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes a date as YYYY-MM-DD, not '" + value + "'");
        }
    }

    /** {@code ledgerlens export list}: the export ledger, newest first. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Past QuickBooks and Xero exports: file, bills, import setting, SHA-256.")
    static final class ListExports implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--format", paramLabel = "quickbooks|xero", description = "Only this format.")
        String format;

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String only;
            try {
                only = format == null ? null : ExportFormat.fromName(format).label();
            } catch (IllegalArgumentException e) {
                System.err.println("ledgerlens: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (Application application = common.open()) {
                List<ExportLedger.Entry> entries = application.exportLedger().list(only);
                if (json) {
                    for (ExportLedger.Entry entry : entries) {
                        System.out.println(DlqCommand.JSON.writeValueAsString(entry));
                    }
                    return ExitCodes.OK;
                }
                if (entries.isEmpty()) {
                    System.out.println("No QuickBooks or Xero export yet.");
                    return ExitCodes.OK;
                }
                System.out.printf("%-6s %-10s %-25s %-5s %-12s %-50s %s%n", "ID", "FORMAT", "CREATED", "BILLS", "SHA-256",
                        "IMPORT SETTING", "FILE");
                for (ExportLedger.Entry entry : entries) {
                    System.out.printf("%-6d %-10s %-25s %-5d %-12s %-50s %s%n", entry.id(), entry.format(),
                            entry.createdAt().withNano(0), entry.bills(), entry.sha256().substring(0, 12),
                            entry.importSetting() + (entry.repeated() ? " (again)" : ""), entry.fileName());
                }
                return ExitCodes.OK;
            }
        }
    }
}
