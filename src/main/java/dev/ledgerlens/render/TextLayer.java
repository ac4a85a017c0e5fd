package dev.ledgerlens.render;

import java.util.List;

/**
 * The text of one page with word positions: from a PDF's text layer or from OCR.
 *
 * @param text   the page text in reading order, lines separated by '\n'
 * @param words  the words with their boxes in page-image pixels (may be empty when positions are unknown)
 * @param origin where the text came from
 */
public record TextLayer(String text, List<Word> words, Origin origin) {
    public enum Origin { PDF_TEXT, OCR }

    public TextLayer {
        text = text == null ? "" : text;
        words = words == null ? List.of() : List.copyOf(words);
    }

    public boolean isBlank() {
        return text.isBlank();
    }
}
