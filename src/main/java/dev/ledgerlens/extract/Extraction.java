package dev.ledgerlens.extract;

import dev.ledgerlens.render.RenderedDocument;

import java.util.List;
import java.util.Map;

/**
 * What an engine read from one document.
 *
 * @param document    the rendered document it was read from (its text layers are used for grounding)
 * @param engine      the engine's name ({@code offline}, {@code openai-chat}, {@code openai-responses})
 * @param fields      the fields as printed
 * @param confidence  per-field confidence 0..1 where the engine knows it (offline engine); empty otherwise
 * @param answers     the raw answers (model JSON, or the offline engine's text) kept for the dead-letter queue
 * @param usage       tokens, cost and latency
 * @param ocrText     page texts the engine read by OCR, by page number (1-based), for grounding; empty if none
 * @param pageReading a second, independent reading of the scanned pages (OCR and the offline engine's rules) next
 *                    to a vision model's answer, holding only the fields it is sure of; null when none was made
 */
public record Extraction(RenderedDocument document, String engine, RawFields fields,
                         Map<String, Double> confidence, List<String> answers, Usage usage,
                         Map<Integer, String> ocrText, RawFields pageReading) {

    /** An extraction without a second reading. */
    public Extraction(RenderedDocument document, String engine, RawFields fields, Map<String, Double> confidence,
                      List<String> answers, Usage usage, Map<Integer, String> ocrText) {
        this(document, engine, fields, confidence, answers, usage, ocrText, null);
    }

    /** The same extraction with the page texts read by OCR and the second reading added. */
    public Extraction withPageReading(Map<Integer, String> pageTexts, RawFields reading) {
        Map<Integer, String> texts = new java.util.TreeMap<>(ocrText);
        pageTexts.forEach(texts::putIfAbsent);
        return new Extraction(document, engine, fields, confidence, answers, usage, texts, reading);
    }

    public Extraction {
        confidence = confidence == null ? Map.of() : Map.copyOf(confidence);
        answers = answers == null ? List.of() : List.copyOf(answers);
        ocrText = ocrText == null ? Map.of() : Map.copyOf(ocrText);
    }
}
