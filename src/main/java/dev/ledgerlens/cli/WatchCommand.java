package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.Pipeline;
import dev.ledgerlens.app.PipelineSteps;
import dev.ledgerlens.app.RunLifecycle;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.app.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ledgerlens watch [--input DIR]}: a drop-folder service. Files are moved to done/ or failed/
 * next to the folder by default. Ctrl-C or SIGTERM stops taking files, finishes those in flight
 * (up to ledgerlens.shutdown-timeout) and exits; abandoned ones are taken up by the next start.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Keeps watching the input folder and processes each file dropped in it, until stopped.")
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--input", paramLabel = "DIR", description = "The folder to watch (default: ledgerlens.input).")
    Path input;

    @Option(names = "--after", paramLabel = "keep|move|delete",
            description = "What to do with files afterwards (default move: to done/ or failed/ next to the folder).")
    Settings.After after;

    @Override
    public Integer call() throws Exception {
        Application application = common.open();
        RunLifecycle lifecycle = new RunLifecycle(application);
        RunTracker tracker = new RunTracker();
        try {
            Settings settings = application.settings();
            Path folder = input != null ? input : settings.input();
            Files.createDirectories(folder);
            Settings.After disposition = after != null ? after : settings.after() != null ? settings.after() : Settings.After.MOVE;
            PipelineSteps steps = application.steps(folder, disposition, tracker);
            String exclude = application.config().getString("ledgerlens.input.exclude", null);
            Duration poll = application.config().getDuration("ledgerlens.watch.poll", Duration.ofSeconds(1));
            Pipeline pipeline = application.start(Pipeline.Source.folder(folder, Pipeline.Mode.WATCH, exclude, poll),
                    steps, tracker);
            lifecycle.attach(pipeline);
            System.err.println("ledgerlens: watching " + folder.toAbsolutePath() + " (Ctrl-C to stop)");
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
