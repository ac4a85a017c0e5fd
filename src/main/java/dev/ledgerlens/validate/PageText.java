package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.render.RenderedPage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of one page that extracted values are checked against.
 *
 * @param page 1-based page number
 * @param text the PDF text layer and the engine's OCR text of that page, joined
 */
public record PageText(int page, String text) {
    public PageText {
        text = text == null ? "" : text;
    }

    /** Every page's text known for an extraction: PDF text layers and the engine's OCR, per page. */
    public static List<PageText> of(Extraction extraction) {
        Map<Integer, StringBuilder> byPage = new TreeMap<>();
        if (extraction.document() != null) {
            for (RenderedPage page : extraction.document().pages()) {
                if (page.hasTextLayer()) {
                    byPage.computeIfAbsent(page.pageNumber(), n -> new StringBuilder()).append(page.textLayer().text());
                }
            }
        }
        extraction.ocrText().forEach((page, text) -> {
            if (text != null && !text.isBlank()) {
                byPage.computeIfAbsent(page, n -> new StringBuilder()).append('\n').append(text);
            }
        });
        List<PageText> pages = new ArrayList<>();
        byPage.forEach((page, text) -> pages.add(new PageText(page, text.toString())));
        return pages;
    }

    /**
     * The readings in {@code text}: an engine that read a page more than once (the offline engine's OCR passes) separates
     * its readings with form feeds. Blank readings (a pass that read nothing) are left out.
     */
    static List<String> readings(String text) {
        List<String> readings = new ArrayList<>();
        for (String reading : text.split("\f")) {
            if (!reading.isBlank()) {
                readings.add(reading);
            }
        }
        return readings;
    }

    /** All pages' text in one string, for document-wide hints. */
    public static String joined(List<PageText> pages) {
        StringBuilder all = new StringBuilder();
        pages.forEach(page -> all.append(page.text()).append('\n'));
        return all.toString();
    }
}
