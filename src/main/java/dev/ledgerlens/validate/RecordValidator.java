package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.FieldEvidence;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns an engine's {@link Extraction} into a {@link ValidatedDocument}, the same way for every engine:
 * normalise ({@link Normaliser}), check the hard constraints (Bean Validation on {@link DocumentRecord}),
 * reconcile the arithmetic ({@link Reconciler}) and ground the values in the page text ({@link Grounder}).
 *
 * <p>A hard-constraint failure (no total, no readable date, a printed field that cannot be read, an unknown
 * document type) throws {@link LedgerlensException} with {@link FailureReason#VALIDATION_FAILED}, the
 * violations and the engine's answers. Everything else that looks wrong becomes a {@link ReviewReason}
 * and the status {@link RecordStatus#NEEDS_REVIEW}; the record itself is never altered to make it pass.
 *
 * <p>Thread-safe: holds only immutable parsers and a thread-safe Bean Validation {@link Validator}. Build one
 * per application.
 */
public final class RecordValidator {
    private final Normaliser normaliser;
    private final Reconciler reconciler;
    private final Grounder grounder;
    private final AmountParser amounts;
    private final EInvoiceRecords einvoices;
    private final boolean grounding;
    private final Validator validator;
    private final ConfidenceScorer scorer;
    private final double minConfidence;
    private final Duration futureDateGrace;
    private final Clock clock;

    public RecordValidator(ValidationSettings settings) {
        this(settings, ConfidenceModel.offline());
    }

    /** A validator that weighs the engine's evidence with {@code model} (a model fitted on other labelled documents). */
    public RecordValidator(ValidationSettings settings, ConfidenceModel model) {
        this(settings, model, Clock.systemDefaultZone());
    }

    /** @param clock what "today" is, for a date after it ({@code date_in_future}) */
    public RecordValidator(ValidationSettings settings, ConfidenceModel model, Clock clock) {
        this.futureDateGrace = settings.futureDateGrace();
        this.clock = clock;
        this.normaliser = new Normaliser(settings);
        this.reconciler = new Reconciler(settings);
        this.amounts = new AmountParser(new CurrencyParser(settings.defaultCurrency()));
        this.grounder = new Grounder(amounts, new DateParser());
        this.scorer = new ConfidenceScorer(grounder, model);
        this.minConfidence = settings.minConfidence();
        this.einvoices = new EInvoiceRecords(settings, grounder);
        this.grounding = settings.grounding();
        // The parameter interpolator needs no expression language: our messages are plain text.
        // The factory stays open for the validator's lifetime (one per application, so nothing leaks).
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /**
     * Validates one extraction.
     *
     * @throws LedgerlensException VALIDATION_FAILED with the violations when a hard constraint fails
     */
    public ValidatedDocument validate(Extraction extraction) {
        if (extraction.einvoice() != null) {
            return validateEInvoice(extraction);
        }
        List<PageText> pages = PageText.of(extraction);
        Normalisation normalised = normaliser.normalise(extraction.fields(), PageText.joined(pages));
        DocumentRecord record = normalised.record();

        List<Violation> violations = new ArrayList<>(normalised.violations());
        List<Violation> constraints = validator.validate(record).stream()
                .map(RecordValidator::violation)
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        for (Violation constraint : constraints) {
            // A field already reported as unreadable needs no second "must not be null".
            if (violations.stream().noneMatch(v -> v.field().equals(constraint.field()))) {
                violations.add(constraint);
            }
        }
        if (!violations.isEmpty()) {
            throw new LedgerlensException(FailureReason.VALIDATION_FAILED,
                    "the fields of " + describe(extraction) + " fail the hard constraints: "
                            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                    null, violations, extraction.answers());
        }

        List<ReviewReason> reasons = new ArrayList<>(normalised.reasons());
        List<ReviewReason> reconciliation = reconciler.check(record);
        FieldEvidence totalEvidence = extraction.evidence().get("total");
        reasons.addAll(exactText(extraction) ? reconciliation
                : itemsJudged(reconciliation, record, totalEvidence == null ? null : totalEvidence.closes()));
        reasons.addAll(reconciler.implausible(record));
        Map<String, FieldGrounding> groundings = new LinkedHashMap<>();
        if (grounding) {
            Grounding grounded = grounder.ground(record, pages);
            groundings.putAll(grounded.fields());
            reasons.addAll(grounded.reasons());
            reasons.addAll(secondOpinion(record, extraction));
        }
        reasons.addAll(inTheFuture(record));
        reasons.addAll(vendorMissing(record));
        Map<String, Double> confidence = scorer.confidence(extraction, record, normalised.dateBasis(), pages, reconciliation);
        reasons.addAll(unsure(record, confidence, extraction.evidence()));
        return new ValidatedDocument(extraction, record, ReviewReason.statusOf(reasons), reasons, groundings, confidence);
    }

    /** A document dated after today by more than the grace: {@code date_in_future}. */
    public static final String DATE_IN_FUTURE = "date_in_future";

    /**
     * {@code date_in_future} when the record's date lies more than {@code ledgerlens.validation.future-date-grace}
     * after today: nobody pays a receipt or sends an invoice from the future, and a year or month misread by one digit
     * ("2028" for "2026") passes every other check.
     */
    private List<ReviewReason> inTheFuture(DocumentRecord record) {
        if (futureDateGrace == null || record.date() == null) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
        long daysAhead = ChronoUnit.DAYS.between(today, record.date());
        if (daysAhead * 86_400L <= futureDateGrace.toSeconds()) {
            return List.of();
        }
        return List.of(new ReviewReason(DATE_IN_FUTURE, String.format(java.util.Locale.ROOT,
                "the date %s is %d days after today (%s), more than ledgerlens.validation.future-date-grace %s allows",
                record.date(), daysAhead, today, futureDateGrace.toSeconds() % 86_400 == 0
                        ? futureDateGrace.toDays() + "d" : futureDateGrace.toString())));
    }

    /** A record with no vendor or store name: {@code store_name_missing}. */
    public static final String STORE_NAME_MISSING = "store_name_missing";

    /**
     * {@code store_name_missing} when no vendor or store name was read: a bill is booked against its supplier, and a
     * record without one cannot be, however right its amounts. (A name that was read is judged by its confidence.)
     */
    private static List<ReviewReason> vendorMissing(DocumentRecord record) {
        if (record.storeName() != null && !record.storeName().isBlank()) {
            return List.of();
        }
        return List.of(new ReviewReason(STORE_NAME_MISSING,
                "no vendor or store name was read: a bill is booked against its supplier"));
    }

    /** The key fields: what an accountant books a document by. */
    public static final List<String> KEY_FIELDS = List.of("store_name", "date", "total");

    /**
     * {@code <field>_unsure} for each key field whose confidence is below the threshold; for a date another reading of
     * the page read as a different day ({@link ConfidenceScorer}: such a date is no surer than its share of the
     * readings' votes), the message says so, for the reviewer to check its digits.
     */
    private List<ReviewReason> unsure(DocumentRecord record, Map<String, Double> confidence,
                                      Map<String, FieldEvidence> evidence) {
        List<ReviewReason> reasons = new ArrayList<>();
        for (String field : KEY_FIELDS) {
            Double sureness = confidence.get(field);
            if (sureness != null && sureness < minConfidence) {
                FieldEvidence read = evidence.get(field);
                String contested = field.equals("date") && ConfidenceScorer.contested(read)
                        ? String.format(java.util.Locale.ROOT, "; %d of %d readings of the page read this day, another read"
                        + " a different one: check its digits", read.agreeing(), read.readings())
                        : "";
                reasons.add(new ReviewReason(field + UNSURE, String.format(java.util.Locale.ROOT,
                        "%s %s has a confidence of %.2f, below ledgerlens.validation.min-confidence %.2f%s", field,
                        value(record, field), sureness, minConfidence, contested)));
            }
        }
        return reasons;
    }

    private static String value(DocumentRecord record, String field) {
        return switch (field) {
            case "store_name" -> "'" + record.storeName() + "'";
            case "date" -> String.valueOf(record.date());
            case "total" -> record.total() == null ? "null" : record.total().toPlainString();
            default -> field;
        };
    }

    /**
     * The reconciliation's reasons, with an {@code items_sum_to_subtotal} failure turned into the note
     * {@link ReviewReason#ITEMS_UNSURE} when the total closes without the items: against subtotal + tax, or against
     * the amount paid (tendered less the change, or a payment row of its own). The items were misread then, not the total, and the record need not wait
     * for a person: exports leave its line detail out. An engine that reports evidence says whether its total closes
     * ({@code engineCloses}; it sees which row each amount came from, so a subtotal taken for the total proves
     * nothing); for any other, the record's subtotal + tax must give its total ({@code total_equals_parts} passed).
     *
     * @param engineCloses whether the engine found the total closing, or null when it reports no evidence
     */
    static List<ReviewReason> itemsJudged(List<ReviewReason> reconciliation, DocumentRecord record, Boolean engineCloses) {
        List<ReviewReason> itemLevel = reconciliation.stream().filter(reason -> ITEM_RULES.contains(reason.rule())).toList();
        // a subtotal that equals the total with no tax is the same number printed twice: it proves nothing
        boolean partsClose = ConfidenceScorer.partsClose(record, reconciliation);
        boolean closes = engineCloses != null ? engineCloses : partsClose;
        if (itemLevel.isEmpty() || !closes) {
            return reconciliation;
        }
        List<ReviewReason> judged = new ArrayList<>(reconciliation);
        judged.removeAll(itemLevel);
        judged.add(new ReviewReason(ReviewReason.ITEMS_UNSURE, itemLevel.stream().map(ReviewReason::message)
                .collect(Collectors.joining("; ")) + "; the total closes against "
                + (partsClose ? "subtotal + tax" : "the amount paid")
                + " without them, so the items were misread: exports book one line per tax rate"));
        return judged;
    }

    /**
     * Whether every page was read from a PDF text layer: its digits are exact, so items that do not add up are the
     * document's own doing (or a line the engine left out) and need a person, not a misreading to step around.
     */
    private static boolean exactText(Extraction extraction) {
        return extraction.document() != null && !extraction.document().pages().isEmpty()
                && extraction.document().pages().stream().allMatch(dev.ledgerlens.render.RenderedPage::hasTextLayer);
    }

    /** The checks that fail on a misread line item: the items' sum, and a line's quantity × unit price. */
    private static final java.util.Set<String> ITEM_RULES = java.util.Set.of(Reconciler.ITEMS_SUM_TO_SUBTOTAL,
            Reconciler.LINE_QTY_TIMES_UNIT_PRICE);

    /**
     * The total the offline engine read, sure of it, from the same scanned page (see
     * {@code extract.offline.SecondReading}), when it differs from the engine's: one of the two readers was misled
     * (a smudge, a tendered amount taken for the total, or text on the page that addresses a model), and a person
     * looks before the record counts as valid.
     */
    private List<ReviewReason> secondOpinion(DocumentRecord record, Extraction extraction) {
        if (extraction.pageReading() == null || extraction.pageReading().total() == null || record.total() == null) {
            return List.of();
        }
        String printed = extraction.pageReading().total();
        AmountReading reading = amounts.parse(printed, new AmountHints(record.currency(), null));
        if (reading.value() == null || reading.value().compareTo(record.total()) == 0) {
            return List.of();
        }
        return List.of(new ReviewReason(TOTAL_DISAGREES, "the engine read a total of "
                + record.total().toPlainString() + ", but the page reads " + printed.strip()));
    }

    /** The rule a second reading of the page raises; kept on revalidation until a reviewer corrects the total. */
    static final String TOTAL_DISAGREES = "total_disagrees_with_page";

    /**
     * Checks a record a reviewer corrected, the same way as an engine's: the hard constraints (reported, for the
     * caller to refuse the edit), the arithmetic, and grounding in the page text. A value a reviewer typed is not
     * held against the page text (they read it from the page; OCR may not have), so a field in {@code corrected}
     * raises no {@code _grounded} reason; its grounding is still reported. Of the {@code earlier} reasons, the
     * doubts raised while reading the document ({@code date_ambiguous}, {@code currency_ambiguous}, …) stay for
     * the fields nobody corrected, and so does a second reading's {@code total_disagrees_with_page} until the total is
     * corrected; the rest are computed afresh.
     *
     * @param record    the corrected record
     * @param pages     the stored text of its pages
     * @param earlier   the reasons stored with it before this correction
     * @param corrected the paths of every field a reviewer has corrected
     */
    public Revalidation revalidate(DocumentRecord record, List<PageText> pages, List<ReviewReason> earlier,
                                   java.util.Set<String> corrected) {
        List<Violation> violations = validator.validate(record).stream()
                .map(RecordValidator::violation)
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        List<ReviewReason> reasons = new ArrayList<>();
        for (ReviewReason reason : earlier) {
            String rule = reason.rule();
            if (rule.endsWith(AMBIGUOUS) && !corrected.contains(rule.substring(0, rule.length() - AMBIGUOUS.length()))
                    || rule.endsWith(UNSURE) && !rule.equals(ReviewReason.ITEMS_UNSURE) && !corrected.contains(rule.substring(0, rule.length() - UNSURE.length()))
                    || rule.equals(TOTAL_DISAGREES) && !corrected.contains("total")) {
                reasons.add(reason);
            }
        }
        reasons.addAll(itemsJudged(reconciler.check(record), record, null));
        if (!corrected.contains("tax") && !corrected.contains("total")) {
            reasons.addAll(reconciler.implausible(record)); // a tax or total the reviewer typed is what the page prints
        }
        if (!corrected.contains("date")) {
            reasons.addAll(inTheFuture(record)); // a date the reviewer typed is what the page prints
        }
        reasons.addAll(vendorMissing(record));
        Map<String, FieldGrounding> groundings = new LinkedHashMap<>();
        if (grounding) {
            Grounding grounded = grounder.ground(record, pages);
            groundings.putAll(grounded.fields());
            for (ReviewReason reason : grounded.reasons()) {
                String field = reason.rule().substring(0, reason.rule().length() - GROUNDED.length());
                if (!corrected.contains(field)) {
                    reasons.add(reason);
                }
            }
        }
        return new Revalidation(violations, reasons, groundings);
    }

    private static final String AMBIGUOUS = "_ambiguous";
    /** A key field whose confidence is below the threshold: {@code total_unsure}. */
    public static final String UNSURE = "_unsure";
    private static final String GROUNDED = "_grounded";

    /**
     * An e-invoice: the record is taken from its XML as stated (no normalising), checked against the same hard
     * constraints and reconciliation rules as any record, then against its own rules ({@link EInvoiceRecords}): the
     * amount due and, for a PDF, whether the printed invoice shows the XML's number and total. Grounding the values in
     * the page text is that comparison; the XML's values need no other.
     */
    private ValidatedDocument validateEInvoice(Extraction extraction) {
        DocumentRecord record = EInvoiceRecords.record(extraction.einvoice());
        List<Violation> violations = validator.validate(record).stream()
                .map(RecordValidator::violation)
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        if (!violations.isEmpty()) {
            throw new LedgerlensException(FailureReason.VALIDATION_FAILED,
                    "the invoice XML of " + describe(extraction) + " fails the hard constraints: "
                            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                    null, violations, extraction.answers());
        }
        List<ReviewReason> reasons = new ArrayList<>(reconciler.check(record));
        Map<String, FieldGrounding> groundings = new LinkedHashMap<>();
        boolean attached = extraction.document() != null && extraction.document().invoiceXml() != null
                && extraction.document().invoiceXml().attached();
        reasons.addAll(einvoices.check(extraction.einvoice(), record, PageText.of(extraction), attached, groundings));
        reasons.addAll(inTheFuture(record)); // exact, but the issuer's: a pre-dated invoice is not booked unseen
        RecordStatus status = ReviewReason.statusOf(reasons);
        return new ValidatedDocument(extraction, record, status, reasons, groundings);
    }

    private static String describe(Extraction extraction) {
        if (extraction.document() != null && extraction.document().source() != null) {
            return extraction.document().source().fileName();
        }
        return "the document";
    }

    /** Bean Validation's Java property path ({@code items[0].unitPrice}) in the schema's names ({@code items[0].unit_price}). */
    private static Violation violation(ConstraintViolation<DocumentRecord> violation) {
        String path = violation.getPropertyPath().toString();
        String json = path.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return new Violation(json, violation.getMessage());
    }
}
