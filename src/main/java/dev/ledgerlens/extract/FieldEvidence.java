package dev.ledgerlens.extract;

/**
 * What an engine's reading of one field rests on, for the validate stage to weigh into the field's calibrated
 * confidence (docs/validation.md, "Confidence"). The offline engine reports it for every field it read; engines that
 * cannot (a vision model) report none. Immutable.
 *
 * @param rule     how strongly the rule that found the value holds, 0..1 (a total on a ROUNDED TOTAL row 0.97, a name
 *                 with a legal form 0.95, the header's first row 0.7); agreement with other printed amounts raises it
 * @param ocr      the recogniser's mean word confidence on the row the value was read from, 0..1 (1 for a text layer)
 * @param agreeing how many of the document's readings gave this value (names and addresses compared without case
 *                 and spacing)
 * @param readings how many readings the document had (the offline engine: one per OCR pass; 1 for a text layer)
 * @param share    the value's share of all votes cast for the field, 0..1 (1 when no reading gave another value)
 * @param closes   arithmetic printed on the page gives the same value: for a total, subtotal + tax or the amount
 *                 tendered less the change, or the amount paid on a payment row (read from rows other than the total's own)
 */
public record FieldEvidence(double rule, double ocr, int agreeing, int readings, double share, boolean closes) {
    public FieldEvidence {
        rule = clamp(rule);
        ocr = clamp(ocr);
        share = clamp(share);
        agreeing = Math.max(0, agreeing);
        readings = Math.max(agreeing, Math.max(1, readings));
    }

    /** The evidence of a value one reading gave. */
    public static FieldEvidence single(double rule, double ocr, boolean closes) {
        return new FieldEvidence(rule, ocr, 1, 1, 1.0, closes);
    }

    private static double clamp(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }
}
