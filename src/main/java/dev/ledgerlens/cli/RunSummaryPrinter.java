package dev.ledgerlens.cli;

import dev.ledgerlens.app.RunTracker.Summary;
import dev.ledgerlens.failure.Stage;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a run's summary table. */
final class RunSummaryPrinter {
    private RunSummaryPrinter() {
    }

    static void print(Summary summary, PrintStream out) {
        out.println();
        out.println("Ledgerlens run summary");
        out.println("──────────────────────────────────────");
        row(out, "documents", summary.documents(), "");
        row(out, "pages", summary.pages(), "");
        row(out, "stored", summary.stored(), String.format("valid %d, needs review %d, duplicate %d",
                summary.valid(), summary.needsReview(), summary.duplicates()));
        row(out, "needs review", summary.needsReview(), "");
        row(out, "dead-lettered", summary.deadLettered(), summary.deadLetterReasons().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        row(out, "already known", summary.alreadyKnown(), "");
        if (summary.leftQueued() > 0) {
            row(out, "left queued", summary.leftQueued(), "the run stopped; the next run takes them up");
        }
        out.printf(Locale.ROOT, "%-16s %8.1f%n", "seconds", summary.elapsed().toMillis() / 1000.0);
        out.println("──────────────────────────────────────");
        out.println("stage time (summed over documents): " + java.util.Arrays.stream(Stage.values())
                .map(stage -> String.format(Locale.ROOT, "%s %.1f s", stage.label(),
                        summary.stageTimes().get(stage).toMillis() / 1000.0))
                .collect(Collectors.joining(", ")));
        if (summary.documents() > 0 && summary.alreadyKnown() == summary.documents()) {
            out.println("Nothing new: all " + summary.documents() + " documents were already known.");
        }
    }

    private static void row(PrintStream out, String label, long value, String detail) {
        out.printf(Locale.ROOT, "%-16s %8d%s%n", label, value, detail.isEmpty() ? "" : "   (" + detail + ")");
    }
}
