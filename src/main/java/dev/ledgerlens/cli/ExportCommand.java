package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.export.AccountMapper;
import dev.ledgerlens.export.ExportFormat;
import dev.ledgerlens.export.ExportSettings;
import dev.ledgerlens.export.Exporter;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ledgerlens export --format csv|jsonl|quickbooks|xero}: stored records as a file an
 * accounting system imports. Valid and approved records by default; duplicates only when asked.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes stored records as CSV, JSONL, or a QuickBooks Online / Xero bill import file.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--format", required = true, paramLabel = "csv|jsonl|quickbooks|xero")
    String format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to write (replaced atomically). Default: standard output.")
    Path output;

    @Option(names = "--since", paramLabel = "DATE", description = "Documents dated on or after (YYYY-MM-DD).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Documents dated on or before (YYYY-MM-DD).")
    String until;

    @Option(names = "--status", paramLabel = "STATUS[,STATUS…]|all", split = ",",
            description = "Which review states (default valid,approved; 'all' for every stored record).")
    List<String> statuses;

    @Override
    public Integer call() throws IOException {
        ExportFormat exportFormat;
        List<RecordStatus> wanted;
        LocalDate from;
        LocalDate to;
        try {
            exportFormat = ExportFormat.fromName(format);
            wanted = statuses(statuses);
            from = date("--since", since);
            to = date("--until", until);
        } catch (IllegalArgumentException e) {
            System.err.println("ledgerlens: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (Application application = common.open()) {
            List<StoredDocument> documents = application.storedRecords().find(new StoredRecords.Query(wanted, from, to));
            ExportSettings settings = ExportSettings.from(application.config());
            AccountMapper accounts = exportFormat.usesAccounts() ? AccountMapper.load(settings.accountsFile()) : null;
            Exporter exporter = exportFormat.exporter(settings, accounts);
            if (output != null) {
                exporter.export(documents, output);
                System.err.println("ledgerlens: exported " + documents.size() + " documents to " + output);
            } else {
                Path temporary = Files.createTempFile("ledgerlens-export-", "." + exportFormat.extension());
                try {
                    exporter.export(documents, temporary);
                    Files.copy(temporary, System.out);
                    System.out.flush();
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return ExitCodes.OK;
        }
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
}
