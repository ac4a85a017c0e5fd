package dev.ledgerlens.review;

import java.util.List;

/**
 * What the review page's templates ({@code src/main/jte/}) show: plain values prepared by {@link ReviewServer}, so the
 * templates hold no logic. Every string is written through jte's HTML escaping, whatever a document printed.
 */
public final class ReviewPages {
    private ReviewPages() {
    }

    /**
     * What every page shows around its content.
     *
     * @param title     the page title
     * @param reviewer  who is reviewing in this session
     * @param csrf      the session's token, sent back with every form
     * @param flash     a one-time message about the last action, or null
     * @param queued    records waiting for review
     * @param letters   open dead letters
     */
    public record Frame(String title, String reviewer, String csrf, String flash, long queued, long letters) {
    }

    /** One reason filter of the queue, with how many records have it. */
    public record ReasonCount(String rule, long count, boolean selected) {
    }

    /** One row of the queue. */
    public record QueueRow(long id, String fileName, String vendor, String date, String total, List<String> reasons,
                           String href) {
    }

    /** The queue of records to review. */
    public record QueuePage(Frame frame, String reason, List<ReasonCount> reasons, List<QueueRow> rows) {
    }

    /** One editable field with its value and how it stands against the page. */
    public record FieldRow(String path, String label, String value, String grounding, String state, String error) {
    }

    /** One editable line item ({@code index} from 0, as the reasons number them). */
    public record ItemRow(int index, FieldRow name, FieldRow qty, FieldRow unitPrice, FieldRow price) {
    }

    /** One word box drawn over a page image, in the pixels of the page the engine read. */
    public record BoxRow(String field, int x, int y, int width, int height) {
    }

    /** One page image with its boxes; {@code width} and {@code height} give the boxes' coordinate space. */
    public record PageImage(int number, String src, int width, int height, List<BoxRow> boxes) {
    }

    /** One correction in the record's history. */
    public record CorrectionRow(String at, String reviewer, String field, String before, String after) {
    }

    /**
     * One record beside its page images.
     *
     * @param status      its status label
     * @param problems    what still needs a look (the review reasons), or why a save was refused
     * @param refused     true when {@code problems} are why the last save was refused (nothing stored)
     * @param action      where the form posts
     * @param next        the next record of the queue, or null
     * @param previous    the previous record of the queue, or null
     * @param reason      the queue's reason filter, carried along (may be empty)
     * @param pageError   why the page images cannot be shown, or null
     */
    public record RecordPage(Frame frame, long id, String fileName, String status, String original, List<String> problems,
                             boolean refused, List<FieldRow> fields, List<ItemRow> items, int newItem,
                             List<FieldRow> taxLines, List<PageImage> pages, String pageError, List<CorrectionRow> corrections,
                             long basis, String action, String next, String previous, String reason, String queueHref) {
    }

    /** One open dead letter. */
    public record LetterRow(long id, String fileName, String reason, String stage, String message, String createdAt,
                            String href) {
    }

    /** The open dead letters. */
    public record LettersPage(Frame frame, List<LetterRow> rows) {
    }

    /**
     * One dead letter with its pages, when they can be rendered.
     *
     * @param replayable whether its original is kept, so it can be replayed
     */
    public record LetterPage(Frame frame, long id, String fileName, String reason, String category, String stage,
                             int attempts, String message, List<String> violations, String createdAt,
                             List<PageImage> pages, String pageError, boolean replayable, String replayAction) {
    }

    /** A page that says what went wrong (401, 403, 404). */
    public record ErrorPage(String title, String message) {
    }
}
