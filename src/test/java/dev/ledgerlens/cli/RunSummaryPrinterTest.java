package dev.ledgerlens.cli;

import dev.ledgerlens.app.RunTracker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the run summary tells a user about trust: how many records went straight through, and why the rest wait. */
class RunSummaryPrinterTest {
    @Test
    void showsTheShareValidAndWhatSentRecordsToReview() {
        RunTracker tracker = new RunTracker();
        for (int i = 0; i < 3; i++) {
            tracker.finished(RunTracker.Outcome.VALID);
        }
        tracker.finished(RunTracker.Outcome.NEEDS_REVIEW);
        tracker.reviewed(List.of("total_unsure", "date_ambiguous"));
        tracker.finished(RunTracker.Outcome.NEEDS_REVIEW);
        tracker.reviewed(List.of("total_unsure"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RunSummaryPrinter.print(tracker.summary(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(tracker.summary().shareValid()).isEqualTo(0.6);
        assertThat(printed).contains("share valid").contains("60.0%");
        assertThat(printed).containsPattern("needs review\\s+2\\s+\\(total_unsure 2, date_ambiguous 1\\)");
    }
}
