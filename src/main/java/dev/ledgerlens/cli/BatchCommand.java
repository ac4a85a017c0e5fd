package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchOperator;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.extract.openai.OpenAiBatches;
import dev.ledgerlens.store.BatchRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ledgerlens batch list|show|cancel|collect}: documents waiting in OpenAI batches. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Lists, shows, cancels and collects OpenAI batches (run --once --batch submits them).",
        subcommands = {BatchCommand.List.class, BatchCommand.Show.class, BatchCommand.Cancel.class,
                BatchCommand.Collect.class})
public final class BatchCommand {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A run's batch notes as JSON objects. */
    static java.util.List<Map<String, Object>> notesJson(java.util.List<RunTracker.BatchNote> notes) {
        return notes.stream().map(note -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("batch", note.batch());
            json.put("event", note.event().name().toLowerCase(java.util.Locale.ROOT));
            json.put("status", note.status());
            json.put("requests", note.requests());
            json.put("answered", note.answered());
            json.put("requeued", note.requeued());
            json.put("failed", note.failed());
            json.put("due_by", note.dueBy() == null ? null : note.dueBy().toString());
            json.put("message", note.message());
            return json;
        }).toList();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every batch, newest first.")
    static final class List implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                java.util.List<BatchRepository.Batch> batches = application.batches().all();
                if (json) {
                    for (BatchRepository.Batch batch : batches) {
                        System.out.println(JSON.writeValueAsString(batch));
                    }
                    return ExitCodes.OK;
                }
                if (batches.isEmpty()) {
                    System.out.println("No OpenAI batches yet ('ledgerlens run --once --batch' submits one).");
                    return ExitCodes.OK;
                }
                System.out.printf("%-5s %-34s %-10s %-12s %8s %9s %s%n", "#", "BATCH", "STATE", "STATUS", "REQUESTS",
                        "ANSWERED", "SUBMITTED / DUE BY");
                for (BatchRepository.Batch batch : batches) {
                    System.out.printf("%-5d %-34s %-10s %-12s %8d %9d %s / %s%n", batch.id(),
                            batch.batchId() == null ? "(" + batch.fileName() + ")" : batch.batchId(), batch.state(),
                            batch.remoteStatus() == null ? "-" : batch.remoteStatus(), batch.requestCount(),
                            batch.completed(), batch.submittedAt() == null ? "-" : batch.submittedAt(),
                            batch.expiresAt() == null ? "-" : batch.expiresAt());
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One batch and the documents in it.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID", description = "Our batch number (#) or OpenAI's batch id.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                var batch = application.batches().find(id);
                if (batch.isEmpty()) {
                    System.err.println("no batch " + id);
                    return ExitCodes.USAGE;
                }
                Map<String, Object> shown = new LinkedHashMap<>();
                shown.put("batch", batch.get());
                shown.put("requests", application.batches().requests(batch.get().id()));
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels an open batch; the next collect stores what it answered and queues the rest again.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID", description = "Our batch number (#) or OpenAI's batch id.")
        String id;

        @Override
        public Integer call() {
            try (Application application = common.open()) {
                OpenAiBatches.RemoteBatch remote = new BatchOperator(application).cancel(id);
                System.out.println("Batch " + remote.id() + " is " + remote.status()
                        + ": the next 'ledgerlens batch collect' or 'run --once' stores what it answered and queues the"
                        + " rest again.");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
            description = "Polls the open batches and stores the answers of those that ended (run --once does this first).")
    static final class Collect implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--json", description = "Print the summary as one JSON object instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                RunTracker tracker = new RunTracker();
                RunTracker.Summary summary = new BatchOperator(application).collect(tracker);
                tracker.fatalFailure().ifPresent(fatal ->
                        System.err.println("ledgerlens: " + fatal.reason() + ": " + fatal.getMessage()));
                if (json) {
                    Map<String, Object> object = RunCommand.toJson(summary);
                    object.put("batches", notesJson(tracker.batchNotes()));
                    System.out.println(JSON.writeValueAsString(object));
                } else {
                    if (tracker.batchNotes().isEmpty()) {
                        System.out.println("No open OpenAI batches.");
                    } else {
                        RunSummaryPrinter.print(summary, System.out);
                        RunSummaryPrinter.printBatches(tracker.batchNotes(), System.out);
                    }
                }
                return RunCommand.exitCode(tracker);
            }
        }
    }
}
