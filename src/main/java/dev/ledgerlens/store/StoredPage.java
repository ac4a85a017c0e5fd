package dev.ledgerlens.store;

import dev.ledgerlens.render.Word;

import java.util.List;

/**
 * One page of a stored document as the engine read it.
 *
 * @param pageNumber  1-based
 * @param width       pixels of the page image the engine read (word boxes are in these pixels)
 * @param height      pixels
 * @param textOrigin  {@code pdf_text}, {@code ocr}, or null when the page had no text
 * @param text        the page text grounding was checked against; empty when none
 * @param words       the words with their boxes; empty when the engine gave no positions
 */
public record StoredPage(int pageNumber, int width, int height, String textOrigin, String text, List<Word> words) {
    public StoredPage {
        text = text == null ? "" : text;
        words = words == null ? List.of() : List.copyOf(words);
    }
}
