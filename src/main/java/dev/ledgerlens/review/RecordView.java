package dev.ledgerlens.review;

import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.validate.FieldGrounding;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stored record as a reviewer sees it ({@code review show}, the review page).
 *
 * @param document   the record with its corrections applied, its status and reasons
 * @param pages      its pages as the engine read them (text, word boxes)
 * @param grounding  per field path, whether the current value is printed on a page, and which
 * @param boxes      per field path, the word boxes where the value is printed (pages with word positions only)
 * @param corrected  the field paths a reviewer has corrected
 * @param original   where its original is kept
 * @param kept       whether the original is still there (page images can be shown)
 * @param basis      the id of its last correction (0: none), sent back with an edit
 */
public record RecordView(StoredDocument document, List<StoredPage> pages, Map<String, FieldGrounding> grounding,
                         Map<String, List<WordLocator.Box>> boxes, Set<String> corrected, Path original, boolean kept,
                         long basis) {
    public RecordView {
        pages = List.copyOf(pages);
        grounding = Map.copyOf(grounding);
        boxes = Map.copyOf(boxes);
        corrected = Set.copyOf(corrected);
    }

    /** How a field's value stands against the page: {@code printed on page N}, {@code not on the page}, … */
    public String groundingOf(String path) {
        if (corrected.contains(path)) {
            FieldGrounding found = grounding.get(path);
            return found != null && found.grounded() ? "corrected; printed on page " + found.page() : "corrected by a reviewer";
        }
        FieldGrounding found = grounding.get(path);
        if (found == null) {
            return "";
        }
        return found.grounded() ? "printed on page " + found.page() : "not found on the page";
    }

    /** Whether a field's value is printed on a page (false also when it was not checked). */
    public boolean grounded(String path) {
        FieldGrounding found = grounding.get(path);
        return found != null && found.grounded();
    }

    /** Whether a field was checked against the page text and not found there. */
    public boolean ungrounded(String path) {
        FieldGrounding found = grounding.get(path);
        return found != null && !found.grounded() && !corrected.contains(path);
    }
}
