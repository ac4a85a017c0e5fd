package dev.ledgerlens.review;

import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.store.Correction;
import dev.ledgerlens.store.ReviewRepository;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.FieldEdit;
import dev.ledgerlens.validate.PageText;
import dev.ledgerlens.validate.RecordEditor;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.Revalidation;
import dev.ledgerlens.validate.ReviewReason;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A reviewer's correction of a stored record ({@code review edit}, the review page's save): the edits are read
 * strictly ({@link RecordEditor}), the corrected record is checked again like an engine's
 * ({@link RecordValidator#revalidate}), and the changes are stored as correction rows with the status the checks give:
 * still failing, it stays {@code needs_review} with the new reasons; passing, it becomes {@code valid}. A rejected or
 * duplicate record keeps its status (a reviewer's decision, or the duplicate check, not the arithmetic, put it
 * there). An edit that leaves a hard constraint broken (no total, no date) or cannot be read is refused whole.
 * Thread-safe.
 */
public final class RecordCorrector {
    private final StoredRecords records;
    private final ReviewRepository reviews;
    private final RecordValidator validator;
    private final RecordEditor editor = new RecordEditor();

    public RecordCorrector(StoredRecords records, ReviewRepository reviews, RecordValidator validator) {
        this.records = records;
        this.reviews = reviews;
        this.validator = validator;
    }

    /** What a correction came to. */
    public enum Outcome {
        /** Stored: the changes, and the status and reasons that follow from the checks. */
        SAVED,
        /** Nothing differed from the record as it stands (an approval asked for is still taken). */
        UNCHANGED,
        /** An edit could not be read, or the result breaks a hard constraint: nothing stored. */
        REFUSED,
        /** No stored record with that id. */
        NOT_FOUND,
        /** Someone corrected the record since the reviewer read it: nothing stored; read it again. */
        STALE
    }

    /**
     * The result of a correction.
     *
     * @param outcome    what happened
     * @param changes    the changes stored (empty unless SAVED)
     * @param violations why it was REFUSED
     * @param status     the record's status now (null when NOT_FOUND)
     * @param reasons    its review reasons now: what still needs a look
     */
    public record Result(Outcome outcome, List<RecordEditor.Change> changes, List<Violation> violations,
                         RecordStatus status, List<ReviewReason> reasons) {
        public Result {
            changes = List.copyOf(changes);
            violations = List.copyOf(violations);
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /**
     * Applies {@code edits} to record {@code documentId} as {@code reviewer}.
     *
     * @param basis   the id of the last correction the reviewer saw (from the page they edited); null: whatever is
     *                stored now (the command line reads and writes at once)
     * @param approve approve the record once the edits are stored, whatever the checks say
     */
    public Result correct(long documentId, List<FieldEdit> edits, String reviewer, Long basis, boolean approve) {
        StoredDocument document = records.find(documentId).orElse(null);
        if (document == null) {
            return new Result(Outcome.NOT_FOUND, List.of(), List.of(), null, List.of());
        }
        long latest = latestCorrection(document);
        if (basis != null && basis != latest) {
            return new Result(Outcome.STALE, List.of(), List.of(), document.status(), document.reasons());
        }
        RecordEditor.Outcome edited = editor.edit(document.record(), edits);
        if (!edited.violations().isEmpty()) {
            return new Result(Outcome.REFUSED, List.of(), edited.violations(), document.status(), document.reasons());
        }
        if (edited.changes().isEmpty()) {
            if (approve) {
                reviews.setReviewStatus(documentId, RecordStatus.APPROVED, reviewer);
                return new Result(Outcome.UNCHANGED, List.of(), List.of(), RecordStatus.APPROVED, document.reasons());
            }
            return new Result(Outcome.UNCHANGED, List.of(), List.of(), document.status(), document.reasons());
        }
        Set<String> corrected = new LinkedHashSet<>();
        document.corrections().forEach(correction -> corrected.add(correction.fieldPath()));
        edited.changes().forEach(change -> corrected.add(change.path()));
        List<PageText> pages = records.pages(documentId).stream()
                .map(page -> new PageText(page.pageNumber(), page.text())).toList();
        Revalidation checked = validator.revalidate(edited.record(), pages, document.reasons(), corrected);
        if (!checked.violations().isEmpty()) {
            return new Result(Outcome.REFUSED, List.of(), checked.violations(), document.status(), document.reasons());
        }
        RecordStatus status = approve ? RecordStatus.APPROVED
                : document.status() == RecordStatus.REJECTED || document.status() == RecordStatus.DUPLICATE
                ? document.status() : checked.status();
        ReviewRepository.CorrectionResult written = reviews.correct(new ReviewRepository.CorrectionWrite(documentId,
                document.extractionId(), latest, edited.changes(), status, checked.reasons(), reviewer));
        return switch (written) {
            case WRITTEN -> new Result(Outcome.SAVED, edited.changes(), List.of(), status, checked.reasons());
            case STALE -> new Result(Outcome.STALE, List.of(), List.of(), document.status(), document.reasons());
            case NOT_FOUND -> new Result(Outcome.NOT_FOUND, List.of(), List.of(), null, List.of());
        };
    }

    /** The id of the last correction of the record's extraction, 0 when none: the basis of the next one. */
    public static long latestCorrection(StoredDocument document) {
        List<Correction> corrections = document.corrections();
        return corrections.isEmpty() ? 0 : corrections.get(corrections.size() - 1).id();
    }

    /** The reviewer when none is named: the operating-system user running the command. */
    public static String defaultReviewer() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    /** Edits as written on the command line: {@code total=49.56}, {@code items[0].price=3.20}. */
    public static List<FieldEdit> parseAssignments(List<String> assignments) {
        List<FieldEdit> edits = new ArrayList<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("'" + assignment + "' is not field=value (e.g. total=49.56)");
            }
            edits.add(new FieldEdit(assignment.substring(0, equals).trim(), assignment.substring(equals + 1)));
        }
        return edits;
    }
}
