package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.FieldEvidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The calibrated confidence of a record's key fields: the probability that the stored value is the one printed, from
 * what the engine's reading rests on ({@link FieldEvidence}: the rule's strength, the row's OCR confidence, how many
 * of the engine's readings agree) and what the validate stage checks (the value grounded in each reading's text,
 * arithmetic that closes on the total, what settled the date's order). The signals are weighed by a
 * {@link ConfidenceModel} fitted on labelled documents (docs/validation.md, "Confidence").
 *
 * <p>Only engines that report evidence get a confidence (the offline engine), and only for what they read by OCR (the
 * model was fitted on scanned receipts); for the others, and for documents read from their text layer, the map is
 * empty and the record's status follows the other checks alone. Immutable and thread-safe.
 */
public final class ConfidenceScorer {
    /** The fields scored: the key fields an accountant books by, and the address. */
    public static final List<String> FIELDS = List.of("store_name", "date", "total", "store_address");

    private final Grounder grounder;
    private final ConfidenceModel model;

    public ConfidenceScorer(Grounder grounder, ConfidenceModel model) {
        this.grounder = grounder;
        this.model = model;
    }

    /**
     * Per scored field that has a value and evidence, its confidence 0..1; empty when the engine reports no evidence.
     * A date another reading read as a different day is no surer than its share of the readings' votes: readings that
     * disagree on a date almost always disagree on one faint digit ("15/03" against "16/03"), and the vote between
     * them is a guess. On the tuning set 2 of 12 such dates were wrong against 2 of 188 that no reading contested
     * (docs/validation.md).
     */
    public Map<String, Double> confidence(Extraction extraction, DocumentRecord record, DateBasis dateBasis,
                                          List<PageText> pages, List<ReviewReason> reconciliation) {
        Map<String, Double> confidence = new LinkedHashMap<>();
        features(extraction, record, dateBasis, pages, reconciliation).forEach((field, signals) -> {
            if (model.knows(field)) {
                double probability = model.probability(field, signals);
                FieldEvidence evidence = extraction.evidence().get(field);
                if (field.equals("date") && contested(evidence)) {
                    // another reading read a different day: the vote between them is no surer than its share
                    probability = Math.min(probability, evidence.share());
                }
                confidence.put(field, probability);
            }
        });
        return confidence;
    }

    /** Whether another reading of the page gave the field another value: its share of the votes is below 1. */
    static boolean contested(FieldEvidence evidence) {
        return evidence != null && evidence.share() < 1;
    }

    /**
     * The signals of each scored field that has a value and evidence, by name (the names {@link ConfidenceModel}
     * weighs): {@code rule}, {@code ocr}, {@code agreement} (share of the readings that gave the value), {@code share}
     * (its share of the votes), {@code single} (1 when there was one reading); for the total and the date
     * {@code grounded} (share of the readings whose text prints the value); for the total {@code closes}; for the date
     * {@code settled} (1 printed unambiguously or proven, 0.5 presumed from country or currency, 0 undecided); for the
     * name {@code spaced} (1 when it has spaces between words, which a run-together line reading lacks) and
     * {@code mixed} (1 when a word mixes letters and digits, as a misread letter does).
     */
    public Map<String, Map<String, Double>> features(Extraction extraction, DocumentRecord record, DateBasis dateBasis,
                                                     List<PageText> pages, List<ReviewReason> reconciliation) {
        Map<String, Map<String, Double>> features = new LinkedHashMap<>();
        if (extraction.evidence().isEmpty() || extraction.ocrText().isEmpty()) {
            // no OCR: a text layer's exact characters, which the model (fitted on scans) knows nothing of
            return features;
        }
        List<String> readings = readings(pages);
        for (String field : FIELDS) {
            FieldEvidence evidence = extraction.evidence().get(field);
            if (evidence == null || !hasValue(record, field)) {
                continue;
            }
            Map<String, Double> signals = new LinkedHashMap<>();
            signals.put("rule", evidence.rule());
            signals.put("ocr", evidence.ocr());
            signals.put("agreement", (double) evidence.agreeing() / evidence.readings());
            signals.put("share", evidence.share());
            signals.put("single", evidence.readings() == 1 ? 1.0 : 0.0);
            switch (field) {
                case "total" -> {
                    signals.put("grounded", share(readings, text -> grounder.printsAmount(text, record.total())));
                    signals.put("closes", evidence.closes() || partsClose(record, reconciliation) ? 1.0 : 0.0);
                }
                case "date" -> {
                    signals.put("grounded", share(readings, text -> grounder.printsDate(text, record.date())));
                    signals.put("settled", switch (dateBasis) {
                        case PRINTED, CONFIGURED, PROVEN -> 1.0;
                        case COUNTRY, CURRENCY, DECIMALS, PHONE -> 0.5;
                        case NONE -> 0.0;
                    });
                }
                case "store_name" -> {
                    signals.put("spaced", record.storeName().strip().contains(" ") ? 1.0 : 0.0);
                    signals.put("mixed", MIXED_WORD.matcher(record.storeName()).find() ? 1.0 : 0.0);
                }
                default -> {
                }
            }
            features.put(field, signals);
        }
        return features;
    }

    /**
     * A word that mixes letters and digits ("D.1.Y", "M9RT", "BHD5"): what OCR makes of a letter it misreads as a digit
     * or of two words it runs together; legitimately printed in few shop names.
     */
    private static final Pattern MIXED_WORD = Pattern.compile("(?<![\\p{L}\\d])(?=[\\p{L}\\d.]*\\p{L})(?=[\\p{L}\\d.]*\\d)[\\p{L}\\d.]+");

    /**
     * Whether the record's own amounts close on its total: a subtotal and a non-zero tax that add up to it (the
     * reconciliation raised no {@code total_equals_parts}).
     */
    static boolean partsClose(DocumentRecord record, List<ReviewReason> reconciliation) {
        return record.subtotal() != null && record.tax() != null && record.tax().signum() != 0 && record.total() != null
                && reconciliation.stream().noneMatch(reason -> reason.rule().equals(Reconciler.TOTAL_EQUALS_PARTS));
    }

    /** Each reading of each page: a page's text holds one reading per OCR pass, separated by form feeds. */
    private static List<String> readings(List<PageText> pages) {
        List<String> readings = new ArrayList<>();
        for (PageText page : pages) {
            readings.addAll(PageText.readings(page.text()));
        }
        return readings;
    }

    private static double share(List<String> readings, java.util.function.Predicate<String> prints) {
        if (readings.isEmpty()) {
            return 0;
        }
        return (double) readings.stream().filter(prints).count() / readings.size();
    }

    private static boolean hasValue(DocumentRecord record, String field) {
        return switch (field) {
            case "store_name" -> record.storeName() != null && !record.storeName().isBlank();
            case "store_address" -> record.storeAddress() != null && !record.storeAddress().isBlank();
            case "date" -> record.date() != null;
            case "total" -> record.total() != null;
            default -> false;
        };
    }
}
