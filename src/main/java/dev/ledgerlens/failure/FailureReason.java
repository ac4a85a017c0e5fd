package dev.ledgerlens.failure;

/**
 * Why a document failed. The category decides what the pipeline does next; the operator
 * filters and replays dead letters by these names ({@code ledgerlens dlq replay --reason MODEL_TIMEOUT}).
 */
public enum FailureReason {
    // ingest
    /** The file has no bytes. */
    EMPTY_FILE(Category.PERMANENT, "the file is empty"),
    /** The file could not be read from its source (deleted or unreadable while being read). */
    SOURCE_UNREADABLE(Category.PERMANENT, "the file could not be read from its source"),
    /** The file is larger than the configured size cap. */
    TOO_LARGE(Category.PERMANENT, "the document is larger than the configured limit"),

    // render
    /** The content is neither a PDF nor a supported image format (decided by content, not by name). */
    UNSUPPORTED_TYPE(Category.PERMANENT, "the content is not a PDF or a supported image"),
    /** The PDF or image is damaged and cannot be decoded. */
    CORRUPT_DOCUMENT(Category.PERMANENT, "the document is damaged and cannot be decoded"),
    /** The PDF is password-protected. */
    ENCRYPTED_DOCUMENT(Category.PERMANENT, "the PDF is encrypted"),
    /** The document has more pages than the configured page cap. */
    PAGE_LIMIT(Category.PERMANENT, "the document has more pages than the configured cap"),
    /** Rendering did not finish within the per-document time limit. */
    RENDER_TIMEOUT(Category.PERMANENT, "rendering took longer than the per-document limit"),

    /**
     * An XML file, or an XML attached to a PDF under an e-invoice name, that is not a CII or UBL invoice or credit
     * note (another root element, or the right name in the wrong namespace).
     */
    EINVOICE_NOT_AN_INVOICE(Category.PERMANENT, "the XML is not a CII or UBL invoice"),
    /**
     * Invoice XML that declares a DTD: entity expansion ("billion laughs") and external entities start there, and
     * no e-invoice standard uses one, so it is refused before anything in it is expanded or fetched.
     */
    EINVOICE_UNSAFE_XML(Category.PERMANENT, "the invoice XML declares a DTD or entities, which are refused"),

    // extract
    /**
     * The invoice XML is not well-formed, lacks what EN 16931 requires to make a record, or holds a value of the wrong
     * kind (an amount that is not a number, a date that is not a date).
     */
    EINVOICE_MALFORMED(Category.PERMANENT, "the invoice XML is damaged or holds values of the wrong kind"),
    /** The offline engine could not read any text from the pages. */
    OCR_FAILED(Category.PERMANENT, "no text could be read from the pages"),
    /** One OCR pass over a page did not finish within {@code ledgerlens.offline.ocr-timeout}. */
    OCR_TIMEOUT(Category.PERMANENT, "reading the text of a page took longer than the OCR time limit"),
    /** The model answered 429 rate_limit_exceeded after all retries. */
    MODEL_RATE_LIMITED(Category.TRANSIENT, "the model's rate limit was hit on every retry"),
    /** The model's server answered 5xx after all retries. */
    MODEL_UNAVAILABLE(Category.TRANSIENT, "the model's server failed on every retry"),
    /** The model did not answer in time after all retries. */
    MODEL_TIMEOUT(Category.TRANSIENT, "the model did not answer in time"),
    /** The model refused to answer. */
    MODEL_REFUSAL(Category.PERMANENT, "the model refused to extract this document"),
    /** The answer was cut off (finish_reason length, status incomplete). */
    MODEL_TRUNCATED(Category.PERMANENT, "the model's answer was cut off"),
    /** The answer was empty. */
    MODEL_EMPTY_ANSWER(Category.PERMANENT, "the model's answer was empty"),
    /** The answer was not JSON. */
    MODEL_MALFORMED_JSON(Category.PERMANENT, "the model's answer is not valid JSON"),
    /** The answer was JSON but not of the schema's shape. */
    MODEL_SCHEMA_MISMATCH(Category.PERMANENT, "the model's answer does not match the schema"),
    /**
     * The Batch API answered this document's request with an error (its line is in the batch's error file); the
     * message holds the API's status and error. {@code dlq replay} sends it again, online.
     */
    BATCH_REQUEST_FAILED(Category.PERMANENT, "the Batch API could not answer this document's request"),

    // validate
    /** Hard constraints failed (no total, no parseable date), also after the re-ask. */
    VALIDATION_FAILED(Category.PERMANENT, "the extracted fields fail the hard constraints"),

    // store
    /** The database could not be reached or the transaction failed for a passing reason. */
    DATABASE_UNAVAILABLE(Category.TRANSIENT, "the database is unavailable"),

    // fatal: stop the run, dead-letter nothing
    /** The API key was rejected (HTTP 401/403). */
    AUTHENTICATION_FAILED(Category.FATAL, "the model API rejected the API key"),
    /** The account has no quota left (HTTP 429 insufficient_quota). */
    QUOTA_EXCEEDED(Category.FATAL, "the model API account has no quota left"),
    /** The run's cost or token budget would be exceeded by the next request. */
    BUDGET_EXHAUSTED(Category.FATAL, "the run's cost budget is spent"),
    /** An OpenAI batch failed as a whole (its input file was refused); its documents go back to the queue. */
    BATCH_FAILED(Category.FATAL, "an OpenAI batch failed as a whole"),
    /** The configuration is invalid or a required file is missing. */
    CONFIGURATION_INVALID(Category.FATAL, "the configuration is invalid"),
    /**
     * The disk holding the data directory (kept originals, page images) or the database is full. Every document
     * would fail the same way; none of them is at fault. Free space and run again.
     */
    DISK_FULL(Category.FATAL, "the disk holding the data directory or the database is full"),
    /**
     * The database took neither a document's record nor its dead letter: it stayed unreachable longer than the
     * redeliveries ride out ({@code ledgerlens.redelivery.*}, {@code ledgerlens.db.connect-timeout}). The document
     * stays queued, its input file where it is.
     */
    DATABASE_LOST(Category.FATAL, "the database stayed unreachable longer than the redeliveries ride out"),
    /**
     * Renders abandoned at their deadline are still running, stuck in a decoder, and hold as many threads as may be
     * abandoned: nothing renders well until the process restarts.
     */
    RENDER_STUCK(Category.FATAL, "abandoned renders still hold the render threads; restart the process"),

    /** A defect in Ledgerlens itself; the message and the log say where. */
    INTERNAL_ERROR(Category.PERMANENT, "an unexpected internal error");

    private final Category category;
    private final String description;

    FailureReason(Category category, String description) {
        this.category = category;
        this.description = description;
    }

    public Category category() {
        return category;
    }

    /** A short operator-facing sentence. */
    public String description() {
        return description;
    }
}
