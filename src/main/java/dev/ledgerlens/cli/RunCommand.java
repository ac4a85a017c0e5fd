package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.app.RunLifecycle;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.app.SourceKind;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.ingest.S3Settings;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code ledgerlens run --once [--input DIR]}: process every document in a folder, then exit. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Processes every document in the input folder once, then exits (for cron, systemd timers, CronJobs).",
        footer = {"", "Exit codes: 0 every document stored or already known; 2 some dead-lettered; 1 fatal error; 64 usage."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--once", description = "Process what is in the folder now, then exit (required; use 'watch' for a service).")
    boolean once;

    @Option(names = "--input", paramLabel = "DIR", description = "The folder to read (default: ledgerlens.input, sample-inputs/).")
    Path input;

    @Option(names = "--after", paramLabel = "keep|move|delete",
            description = "What to do with input files afterwards (default keep: the database remembers them).")
    InputDisposition.After after;

    @Option(names = "--source", paramLabel = "file|s3",
            description = "Read a folder or an S3 bucket prefix (default: ledgerlens.source, file).")
    SourceKind source;

    @Option(names = "--batch", description = "Write new documents into OpenAI batches (half the price, answers within"
            + " 24 hours) instead of asking the model now; a later run or 'ledgerlens batch collect' stores the answers"
            + " (default: ledgerlens.openai.batch).")
    boolean batch;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar on a terminal (default on).")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        if (!once) {
            System.err.println("run needs --once (for a long-running drop-folder service use 'ledgerlens watch')");
            return ExitCodes.USAGE;
        }
        Application application = common.open();
        RunLifecycle lifecycle = new RunLifecycle(application);
        RunTracker tracker = new RunTracker();
        try {
            if ((source != null ? source : SourceKind.from(application.config())) == SourceKind.S3) {
                new BatchRun(application).runBucket(S3Settings.from(application.config()), tracker, lifecycle, batch);
                return report(tracker);
            }
            Path folder = input != null ? input : application.settings().input();
            if (!Files.isDirectory(folder)) {
                System.err.println("ledgerlens: the input folder " + folder.toAbsolutePath() + " does not exist");
                return ExitCodes.USAGE;
            }
            try (ProgressBar bar = progressBar(folder, application.config().getString("ledgerlens.input.exclude", null))) {
                if (bar != null) {
                    tracker.onChange(() -> bar.stepTo(tracker.summary().finished()));
                }
                new BatchRun(application).run(folder, after, tracker, lifecycle, batch);
                tracker.onChange(() -> { });
            }
        } finally {
            lifecycle.close();
        }
        return report(tracker);
    }

    private int report(RunTracker tracker) throws java.io.IOException {
        tracker.fatalFailure().ifPresent(fatal ->
                System.err.println("ledgerlens: " + fatal.reason() + ": " + fatal.getMessage()));
        RunTracker.Summary summary = tracker.summary();
        if (json) {
            Map<String, Object> object = toJson(summary);
            object.put("batches", BatchCommand.notesJson(tracker.batchNotes()));
            System.out.println(BatchCommand.JSON.writeValueAsString(object));
        } else {
            RunSummaryPrinter.print(summary, System.out);
            RunSummaryPrinter.printBatches(tracker.batchNotes(), System.out);
        }
        return exitCode(tracker);
    }

    static int exitCode(RunTracker tracker) {
        if (tracker.fatalFailure().isPresent()) {
            return ExitCodes.FATAL;
        }
        return tracker.summary().deadLettered() > 0 ? ExitCodes.DEAD_LETTERED : ExitCodes.OK;
    }

    static Map<String, Object> toJson(RunTracker.Summary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("documents", summary.documents());
        json.put("pages", summary.pages());
        json.put("stored", summary.stored());
        json.put("valid", summary.valid());
        json.put("needs_review", summary.needsReview());
        json.put("duplicate", summary.duplicates());
        json.put("dead_lettered", summary.deadLettered());
        json.put("already_known", summary.alreadyKnown());
        json.put("left_queued", summary.leftQueued());
        json.put("submitted", summary.submitted());
        json.put("requeued", summary.requeued());
        json.put("tokens", summary.tokens());
        json.put("cost_usd", summary.costUsd());
        json.put("batch_estimated_tokens", summary.batchTokens());
        json.put("batch_max_cost_usd", summary.batchWorstCostUsd());
        json.put("dead_letter_reasons", summary.deadLetterReasons());
        Map<String, Double> stages = new LinkedHashMap<>();
        summary.stageTimes().forEach((stage, time) -> stages.put(stage.label(), time.toMillis() / 1000.0));
        json.put("stage_seconds", stages);
        json.put("seconds", summary.elapsed().toMillis() / 1000.0);
        return json;
    }

    private ProgressBar progressBar(Path folder, String exclude) throws IOException {
        if (!progress || System.console() == null) {
            return null;
        }
        Pattern excluded = exclude == null ? null : Pattern.compile(exclude);
        long total;
        try (Stream<Path> files = Files.walk(folder)) {
            total = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> excluded == null || !excluded.matcher(p.getFileName().toString()).matches())
                    .count();
        }
        return new ProgressBarBuilder().setTaskName("Documents").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build();
    }
}
