package dev.ledgerlens.validate;

import java.util.List;
import java.util.Map;

/**
 * Where the extracted amounts and date were found in the page text.
 *
 * @param possible false when the document has no page text at all (an image read by a vision model with
 *                 no OCR): then nothing could be checked, {@code fields} is empty and no reason is raised
 * @param fields   per field ({@code total}, {@code date}, {@code items[0].price}, …)
 * @param reasons  one {@code <field>_grounded} reason per value not found
 */
public record Grounding(boolean possible, Map<String, FieldGrounding> fields, List<ReviewReason> reasons) {
    public Grounding {
        fields = Map.copyOf(fields);
        reasons = List.copyOf(reasons);
    }
}
