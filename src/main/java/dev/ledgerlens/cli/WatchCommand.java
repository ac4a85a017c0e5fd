package dev.ledgerlens.cli;

import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.RunLifecycle;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.app.Settings;
import dev.ledgerlens.app.SourceKind;
import dev.ledgerlens.app.WatchRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ledgerlens watch [--input DIR] [--source file|s3]}: a drop-folder (or bucket) service, polling
 * continuously or on the cron schedule {@code ledgerlens.schedule}, with {@code /health} and {@code /metrics}
 * on {@code ledgerlens.http.port}. Files are moved to done/ or failed/ next to the folder by default.
 * Ctrl-C or SIGTERM stops taking files, finishes those in flight (up to ledgerlens.shutdown-timeout) and
 * exits; abandoned ones are taken up by the next start.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Keeps watching the input folder (or S3 prefix) and processes each document dropped in it, until stopped.")
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--input", paramLabel = "DIR", description = "The folder to watch (default: ledgerlens.input).")
    Path input;

    @Option(names = "--after", paramLabel = "keep|move|delete",
            description = "What to do with files afterwards (default move: to done/ or failed/ next to the folder).")
    InputDisposition.After after;

    @Option(names = "--source", paramLabel = "file|s3",
            description = "Watch a folder or an S3 bucket prefix (default: ledgerlens.source, file).")
    SourceKind source;

    @Override
    public Integer call() throws Exception {
        Application application = common.open();
        RunLifecycle lifecycle = new RunLifecycle(application);
        RunTracker tracker = new RunTracker();
        try {
            Settings settings = application.settings();
            Path folder = input != null ? input : settings.input();
            InputDisposition.After disposition = after != null ? after : settings.after() != null ? settings.after() : InputDisposition.After.MOVE;
            SourceKind kind = source != null ? source : SourceKind.from(application.config());
            WatchRun watch = WatchRun.start(application, kind, folder, disposition, tracker);
            lifecycle.attach(watch);
            System.err.println("ledgerlens: watching " + watch.description()
                    + watch.httpPort().stream().mapToObj(port -> "; health and metrics on port " + port).findFirst().orElse("")
                    + " (Ctrl-C to stop)");
            while (tracker.fatalFailure().isEmpty() && !lifecycle.interrupted()) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        } finally {
            lifecycle.close();
        }
        tracker.fatalFailure().ifPresent(fatal ->
                System.err.println("ledgerlens: " + fatal.reason() + ": " + fatal.getMessage()));
        return RunCommand.exitCode(tracker);
    }
}
