package dev.ledgerlens.cli;

import dev.ledgerlens.app.RunTracker;
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
        if (summary.valid() + summary.needsReview() > 0) {
            out.printf(Locale.ROOT, "%-16s %7.1f%%   (of the records valid or needing review)%n", "share valid",
                    summary.shareValid() * 100);
        }
        row(out, "needs review", summary.needsReview(), summary.reviewReasons().entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        row(out, "dead-lettered", summary.deadLettered(), summary.deadLetterReasons().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        row(out, "already known", summary.alreadyKnown(), "");
        if (summary.submitted() > 0) {
            row(out, "submitted", summary.submitted(), String.format(Locale.ROOT,
                    "in OpenAI batches; ~%,d input tokens, at most $%s at batch prices", summary.batchTokens(),
                    summary.batchWorstCostUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString()));
        }
        if (summary.requeued() > 0) {
            row(out, "re-ask queued", summary.requeued(), "their re-asks go into the next batch");
        }
        if (summary.leftQueued() > 0) {
            row(out, "left queued", summary.leftQueued(), "the run stopped; the next run takes them up");
        }
        if (summary.tokens() > 0) {
            out.printf(Locale.ROOT, "%-16s %8s   (%,d tokens)%n", "model cost $",
                    summary.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(), summary.tokens());
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

    /** One line per OpenAI batch the run submitted, polled or collected, saying what to do next. */
    static void printBatches(java.util.List<RunTracker.BatchNote> notes, PrintStream out) {
        for (RunTracker.BatchNote note : notes) {
            out.println(describe(note));
        }
        if (notes.stream().anyMatch(note -> note.event() == RunTracker.BatchEvent.SUBMITTED
                || note.event() == RunTracker.BatchEvent.WAITING)) {
            out.println("Collect the answers with 'ledgerlens batch collect' or the next 'ledgerlens run --once'"
                    + " (OpenAI answers within 24 hours, often much sooner).");
        }
    }

    static String describe(RunTracker.BatchNote note) {
        String due = note.dueBy() == null ? "" : ", answers due by " + DUE.format(note.dueBy());
        return switch (note.event()) {
            case SUBMITTED -> String.format(Locale.ROOT, "Submitted batch %s: %d document(s)%s.", note.batch(),
                    note.requests(), due);
            case WAITING -> note.status() == null ? String.format(Locale.ROOT,
                    "Batch %s could not be polled now (%s); it is polled again next time.", note.batch(), note.message())
                    : String.format(Locale.ROOT, "Batch %s is %s: %d of %d answered so far%s.", note.batch(),
                    note.status(), note.answered(), note.requests(), due);
            case FAILED -> String.format(Locale.ROOT, "Batch %s failed: %s; its %d document(s) are back in the queue.",
                    note.batch(), note.message(), note.requeued());
            case COLLECTED, COLLECTING -> String.format(Locale.ROOT, "Collected batch %s (%s): %d answer(s), %d failed"
                    + " line(s) dead-lettered, %d document(s) back in the queue%s.", note.batch(), note.status(),
                    note.answered(), note.failed(), note.requeued(),
                    note.event() == RunTracker.BatchEvent.COLLECTED ? "" : "; the rest next time");
        };
    }

    private static final java.time.format.DateTimeFormatter DUE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static void row(PrintStream out, String label, long value, String detail) {
        out.printf(Locale.ROOT, "%-16s %8d%s%n", label, value, detail.isEmpty() ? "" : "   (" + detail + ")");
    }
}
