package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.DeadLetterReplay;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.store.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ledgerlens dlq list|show|replay|purge}: the dead-letter queue. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Lists, shows, replays and purges dead letters.",
        subcommands = {DlqCommand.List.class, DlqCommand.Show.class, DlqCommand.Replay.class, DlqCommand.Purge.class})
public final class DlqCommand {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static String reasonName(String reason) {
        if (reason == null) {
            return null;
        }
        try {
            return FailureReason.valueOf(reason.toUpperCase(java.util.Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new DlqCommand()),
                    "unknown reason '" + reason + "'; one of " + java.util.Arrays.toString(FailureReason.values()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead letters not yet replayed.")
    static final class List implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--reason", description = "Only this reason, e.g. MODEL_TIMEOUT.")
        String reason;
        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                java.util.List<DeadLetter> letters = application.deadLetters().list(reasonName(reason));
                if (json) {
                    for (DeadLetter letter : letters) {
                        System.out.println(JSON.writeValueAsString(letter));
                    }
                    return ExitCodes.OK;
                }
                if (letters.isEmpty()) {
                    System.out.println("The dead-letter queue is empty.");
                    return ExitCodes.OK;
                }
                System.out.printf("%-6s %-22s %-9s %-8s %-30s %s%n", "ID", "REASON", "STAGE", "ATTEMPTS", "SOURCE", "MESSAGE");
                for (DeadLetter letter : letters) {
                    System.out.printf("%-6d %-22s %-9s %-8d %-30s %s%n", letter.id(), letter.reason(), letter.stage(),
                            letter.attempts(), abbreviate(letter.fileName(), 30), abbreviate(letter.message(), 100));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter in full.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                var letter = application.deadLetters().find(id);
                if (letter.isEmpty()) {
                    System.err.println("no dead letter " + id);
                    return ExitCodes.USAGE;
                }
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(letter.get()));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Sends dead-lettered documents back through the pipeline from their kept originals.")
    static final class Replay implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Dead letter ids.")
        java.util.List<Long> ids = new ArrayList<>();
        @Option(names = "--reason", description = "Every open dead letter with this reason.")
        String reason;
        @Option(names = "--all", description = "Every open dead letter.")
        boolean all;

        @Override
        public Integer call() {
            if (ids.isEmpty() && reason == null && !all) {
                System.err.println("name dead letters: IDs, --reason R or --all");
                return ExitCodes.USAGE;
            }
            try (Application application = common.open()) {
                java.util.List<DeadLetter> selected = new ArrayList<>();
                if (!ids.isEmpty()) {
                    for (long id : ids) {
                        application.deadLetters().find(id).filter(l -> l.replayedAt() == null).ifPresentOrElse(selected::add,
                                () -> System.err.println("no open dead letter " + id));
                    }
                } else {
                    selected.addAll(application.deadLetters().list(all ? null : reasonName(reason)));
                }
                return replay(application, selected);
            }
        }

        private int replay(Application application, java.util.List<DeadLetter> letters) {
            RunTracker tracker = new RunTracker();
            new DeadLetterReplay(application).replay(letters, tracker, System.err::println);
            if (tracker.summary().documents() == 0 && tracker.fatalFailure().isEmpty()) {
                System.out.println("Nothing to replay.");
                return ExitCodes.OK;
            }
            RunSummaryPrinter.print(tracker.summary(), System.out);
            return RunCommand.exitCode(tracker);
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Deletes old dead letters.")
    static final class Purge implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--older-than", required = true, paramLabel = "AGE", description = "e.g. 30d, 12h.")
        String olderThan;

        @Override
        public Integer call() {
            Duration age;
            try {
                age = ConfigSource.parseDuration(olderThan);
            } catch (RuntimeException e) {
                System.err.println("--older-than takes an age like 30d or 12h, not '" + olderThan + "'");
                return ExitCodes.USAGE;
            }
            try (Application application = common.open()) {
                int purged = application.deadLetters().purgeOlderThan(age);
                System.out.println("Purged " + purged + " dead letters older than " + olderThan + ".");
                return ExitCodes.OK;
            }
        }
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

}
