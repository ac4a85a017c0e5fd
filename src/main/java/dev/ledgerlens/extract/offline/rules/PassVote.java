package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.FieldEvidence;
import dev.ledgerlens.extract.RawFields;

import java.util.ArrayList;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The vote across readings of one document (OCR passes with different segmentation or different recognisers):
 * per field, the value whose readings add up to the most votes wins, and a field the vote is not sure enough of is
 * left out. Immutable and thread-safe.
 */
public final class PassVote {
    /**
     * How much more a PP-OCR reading of a field counts than a Tesseract one. PP-OCR alone reads totals, shop names,
     * addresses and dates markedly better than either Tesseract pass (figures in docs/benchmarks.md, "How the three
     * readings vote" and "Dates"), and the two Tesseract passes tend to repeat each other's misreadings, so an equal
     * vote lets them outvote a better reading. On names, totals and dates PP-OCR outvotes both Tesseract passes
     * together; on addresses it outvotes either one alone but not the two agreeing (1.5 × ~0.8 against ~0.7 + ~0.7).
     */
    public static final Map<String, Double> PPOCR_WEIGHTS = Map.of("total", 2.0, "store_name", 2.0, "store_address", 1.5,
            "date", 2.0);

    /** Fields compared by the day they name when passes vote. */
    private static final Set<String> DATE_FIELDS = Set.of("date", "due_date");

    /** Fields compared without case and spacing when passes vote. */
    private static final Set<String> LOOSE_FIELDS = Set.of("store_name", "store_address", "bill_to");

    private static final List<String> SCALAR_FIELDS = List.of("document_type", "store_name", "store_address", "date", "time",
            "subtotal", "tax", "tip", "discount", "total", "currency", "payment_method", "invoice_number", "due_date",
            "vendor_tax_id", "bill_to", "po_number");

    private final double minConfidence;

    /** @param minConfidence fields the vote is less sure of than this are left out (null) */
    public PassVote(double minConfidence) {
        this.minConfidence = minConfidence;
    }

    /**
     * The fields the passes agree on ({@link #combine(List, List)}), those below the minimum confidence set to null
     * and their confidences dropped.
     */
    public ReceiptParser.Parsed decide(List<ReceiptParser.Parsed> passes, List<Map<String, Double>> weights) {
        return decide(passes, weights, List.of());
    }

    /**
     * {@link #decide(List, List)}, with each pass's reading of the whole document ({@link #reading(List)}, in the
     * passes' order) to put back the spaces a winning name or address lacks ({@link Respacing}).
     */
    public ReceiptParser.Parsed decide(List<ReceiptParser.Parsed> passes, List<Map<String, Double>> weights,
                                       List<String> readings) {
        ReceiptParser.Parsed combined = combine(passes, weights, readings);
        // judged on the vote's confidences as they came, before any is dropped (a field without one is kept)
        Map<String, Double> voted = combined.confidence();
        Predicate<String> keep = field -> voted.getOrDefault(field, 1.0) >= minConfidence;
        Map<String, Double> confidence = new LinkedHashMap<>(voted);
        confidence.keySet().removeIf(field -> !keep.test(field));
        Map<String, FieldEvidence> evidence = new LinkedHashMap<>(combined.evidence());
        evidence.keySet().removeIf(field -> !keep.test(field));
        RawFields fields = combined.fields();
        return new ReceiptParser.Parsed(new RawFields(fields.documentType(),
                keep.test("store_name") ? fields.storeName() : null,
                keep.test("store_address") ? fields.storeAddress() : null,
                keep.test("date") ? fields.date() : null,
                keep.test("time") ? fields.time() : null,
                fields.items(),
                keep.test("subtotal") ? fields.subtotal() : null,
                keep.test("tax") ? fields.tax() : null,
                keep.test("tip") ? fields.tip() : null,
                keep.test("discount") ? fields.discount() : null,
                keep.test("total") ? fields.total() : null,
                keep.test("currency") ? fields.currency() : null,
                keep.test("payment_method") ? fields.paymentMethod() : null,
                keep.test("invoice_number") ? fields.invoiceNumber() : null,
                keep.test("due_date") ? fields.dueDate() : null,
                keep.test("vendor_tax_id") ? fields.vendorTaxId() : null,
                keep.test("bill_to") ? fields.billTo() : null,
                keep.test("po_number") ? fields.poNumber() : null,
                fields.taxLines()), confidence, evidence);
    }

    /** {@link #combine(List, List)} with every pass's vote worth its confidence alone. */
    public static ReceiptParser.Parsed combine(List<ReceiptParser.Parsed> passes) {
        return combine(passes, Collections.nCopies(passes.size(), Map.of()));
    }

    /**
     * Combines readings of the same document: per field, the value whose readings add up to the most votes wins, so
     * two passes that agree beat one that is more sure alone. A reading's vote is its confidence times its pass's
     * weight for the field ({@code weights}, one map per pass, 1 when absent), which lets a recogniser known to read
     * some fields better count for more there. Names and addresses are compared without case and spacing (one
     * recogniser may drop the spaces another keeps), dates by the day they name ("05 Mar 2018", "05Mar2018"), and
     * the winner is written as the earliest pass in the group wrote it. The reported confidence ignores the weights.
     * Items and tax lines come from the pass whose total won.
     */
    public static ReceiptParser.Parsed combine(List<ReceiptParser.Parsed> passes, List<Map<String, Double>> weights) {
        return combine(passes, weights, List.of());
    }

    /** A pass's reading of the whole document, as {@link #decide(List, List, List)} takes it: its rows, a line each. */
    public static String reading(List<TextLine> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(row.text()).append('\n'));
        return text.toString();
    }

    /**
     * {@link #combine(List, List)}; a name or an address that wins gets the spaces the other passes print around the
     * same characters: in their readings of the whole document ({@code readings}, one per pass) when given, else in
     * their values of the field. Items' names are left as read: a page's codes and abbreviations are spaced too
     * unevenly for one reading to correct another ("WA36-12", "WHOLEMEAL" split).
     */
    public static ReceiptParser.Parsed combine(List<ReceiptParser.Parsed> passes, List<Map<String, Double>> weights,
                                               List<String> readings) {
        if (passes.size() == 1) {
            return passes.get(0);
        }
        Map<String, Double> confidence = new LinkedHashMap<>();
        Map<String, FieldEvidence> evidence = new LinkedHashMap<>();
        Map<String, String> chosen = new HashMap<>();
        Map<String, Integer> source = new HashMap<>();
        for (String field : SCALAR_FIELDS) {
            boolean loose = LOOSE_FIELDS.contains(field);
            Map<String, Double> votes = new LinkedHashMap<>();
            Map<String, Double> best = new HashMap<>();
            Map<String, Double> total = new HashMap<>();
            Map<String, Integer> firstPass = new HashMap<>();
            Map<String, List<FieldEvidence>> grounds = new HashMap<>();
            for (int pass = 0; pass < passes.size(); pass++) {
                String value = scalar(passes.get(pass).fields(), field);
                if (value == null) {
                    continue;
                }
                String key = key(field, value, loose);
                double sureness = passes.get(pass).confidence().getOrDefault(field, 0.5);
                votes.merge(key, sureness * weights.get(pass).getOrDefault(field, 1.0), Double::sum);
                best.merge(key, sureness, Math::max);
                total.merge(key, sureness, Double::sum);
                firstPass.putIfAbsent(key, pass);
                FieldEvidence own = passes.get(pass).evidence().get(field);
                grounds.computeIfAbsent(key, k -> new ArrayList<>()).add(own != null ? own : FieldEvidence.single(sureness, 1.0, false));
            }
            double allVotes = votes.values().stream().mapToDouble(Double::doubleValue).sum();
            votes.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(winner -> {
                String key = winner.getKey();
                int pass = firstPass.get(key);
                String value = scalar(passes.get(pass).fields(), field);
                if (loose) {
                    // the characters of the winning reading, with the gaps between words other readings saw
                    value = Respacing.respace(value, others(passes, readings, pass, field));
                }
                chosen.put(field, value);
                source.put(field, pass);
                // Agreement between independent readings makes a field surer than either reading.
                confidence.put(field, Math.min(1.0, best.get(key) + (total.get(key) - best.get(key)) * 0.5));
                List<FieldEvidence> agreeing = grounds.get(key);
                evidence.put(field, new FieldEvidence(
                        agreeing.stream().mapToDouble(FieldEvidence::rule).max().orElse(0),
                        agreeing.stream().mapToDouble(FieldEvidence::ocr).max().orElse(0),
                        agreeing.size(), passes.size(), allVotes > 0 ? winner.getValue() / allVotes : 1.0,
                        agreeing.stream().anyMatch(FieldEvidence::closes)));
            });
        }
        RawFields from = passes.get(source.getOrDefault("total", 0)).fields();
        RawFields fields = new RawFields(chosen.get("document_type"), chosen.get("store_name"), chosen.get("store_address"),
                chosen.get("date"), chosen.get("time"), from.items(), chosen.get("subtotal"), chosen.get("tax"), chosen.get("tip"),
                chosen.get("discount"), chosen.get("total"), chosen.get("currency"), chosen.get("payment_method"),
                chosen.get("invoice_number"), chosen.get("due_date"), chosen.get("vendor_tax_id"), chosen.get("bill_to"),
                chosen.get("po_number"), from.taxLines());
        return new ReceiptParser.Parsed(fields, confidence, evidence);
    }

    /**
     * What readings of a field agree on: names and addresses without case and spacing; dates by the day they name,
     * so that "05 Mar 2018" and "05Mar2018" agree and "15/03/2018" and "16/03/2018" do not; anything else as printed.
     */
    private static String key(String field, String value, boolean loose) {
        if (loose) {
            return value.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        }
        if (DATE_FIELDS.contains(field)) {
            java.time.LocalDate day = PrintedDate.parse(value);
            return day == null ? value : day.toString();
        }
        return value;
    }

    /**
     * What the passes other than {@code pass} read: their readings of the whole document when given, else their values
     * of {@code field}.
     */
    private static List<String> others(List<ReceiptParser.Parsed> passes, List<String> readings, int pass, String field) {
        List<String> others = new ArrayList<>();
        for (int other = 0; other < passes.size(); other++) {
            if (other != pass) {
                others.add(readings.size() == passes.size() ? readings.get(other) : scalar(passes.get(other).fields(), field));
            }
        }
        return others;
    }

    private static String scalar(RawFields fields, String field) {
        return switch (field) {
            case "document_type" -> fields.documentType();
            case "store_name" -> fields.storeName();
            case "store_address" -> fields.storeAddress();
            case "date" -> fields.date();
            case "time" -> fields.time();
            case "subtotal" -> fields.subtotal();
            case "tax" -> fields.tax();
            case "tip" -> fields.tip();
            case "discount" -> fields.discount();
            case "total" -> fields.total();
            case "currency" -> fields.currency();
            case "payment_method" -> fields.paymentMethod();
            case "invoice_number" -> fields.invoiceNumber();
            case "due_date" -> fields.dueDate();
            case "vendor_tax_id" -> fields.vendorTaxId();
            case "bill_to" -> fields.billTo();
            case "po_number" -> fields.poNumber();
            default -> throw new IllegalArgumentException(field);
        };
    }
}
