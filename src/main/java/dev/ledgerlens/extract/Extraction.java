package dev.ledgerlens.extract;

import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.Word;

import java.util.List;
import java.util.Map;

/**
 * What an engine read from one document.
 *
 * @param document    the rendered document it was read from (its text layers are used for grounding)
 * @param engine      the engine's name ({@code offline}, {@code openai-chat}, {@code openai-responses}, {@code einvoice})
 * @param fields      the fields as printed
 * @param confidence  per-field confidence 0..1 where the engine knows it (offline engine); empty otherwise
 * @param answers     the raw answers (model JSON, or the offline engine's text) kept for the dead-letter queue
 * @param usage       tokens, cost and latency
 * @param ocrText     page texts the engine read by OCR, by page number (1-based), for grounding; empty if none. An engine
 *                    that reads a page several times gives every reading (the offline engine's passes, one after
 *                    another, separated by a form feed on a line of its own)
 * @param ocrWords    the words of {@code ocrText}'s first reading with their boxes in page-image pixels, by page number, kept so that
 *                    review can show where a value was read; empty when the engine has no positions
 * @param pageReading a second, independent reading of the scanned pages (OCR and the offline engine's rules) next
 *                    to a vision model's answer, holding only the fields it is sure of; null when none was made
 * @param einvoice    for an e-invoice, the values exactly as its XML states them ({@code fields} then holds the same
 *                    values as text); null for everything an engine read
 * @param evidence    per field (schema name), what the engine's reading rests on, for the validate stage's calibrated
 *                    confidence; empty when the engine cannot tell (a vision model, an e-invoice)
 */
public record Extraction(RenderedDocument document, String engine, RawFields fields,
                         Map<String, Double> confidence, List<String> answers, Usage usage,
                         Map<Integer, String> ocrText, Map<Integer, List<Word>> ocrWords, RawFields pageReading,
                         EInvoice einvoice, Map<String, FieldEvidence> evidence) {
    public Extraction {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        confidence = confidence == null ? Map.of() : Map.copyOf(confidence);
        answers = answers == null ? List.of() : List.copyOf(answers);
        ocrText = ocrText == null ? Map.of() : Map.copyOf(ocrText);
        ocrWords = ocrWords == null ? Map.of() : Map.copyOf(ocrWords);
    }

    /** An engine's reading, without word positions (engines that do not OCR). */
    public Extraction(RenderedDocument document, String engine, RawFields fields, Map<String, Double> confidence,
                      List<String> answers, Usage usage, Map<Integer, String> ocrText) {
        this(document, engine, fields, confidence, answers, usage, ocrText, Map.of(), null, null, Map.of());
    }

    /** An engine's reading with the word positions of its OCR text. */
    public Extraction(RenderedDocument document, String engine, RawFields fields, Map<String, Double> confidence,
                      List<String> answers, Usage usage, Map<Integer, String> ocrText, Map<Integer, List<Word>> ocrWords) {
        this(document, engine, fields, confidence, answers, usage, ocrText, ocrWords, null, null, Map.of());
    }

    /** An engine's reading with the word positions of its OCR text and what each field's reading rests on. */
    public Extraction(RenderedDocument document, String engine, RawFields fields, Map<String, Double> confidence,
                      List<String> answers, Usage usage, Map<Integer, String> ocrText, Map<Integer, List<Word>> ocrWords,
                      Map<String, FieldEvidence> evidence) {
        this(document, engine, fields, confidence, answers, usage, ocrText, ocrWords, null, null, evidence);
    }

    /** An e-invoice read from its XML. */
    public Extraction(RenderedDocument document, String engine, RawFields fields, Map<String, Double> confidence,
                      List<String> answers, Usage usage, Map<Integer, String> ocrText, EInvoice einvoice) {
        this(document, engine, fields, confidence, answers, usage, ocrText, Map.of(), null, einvoice, Map.of());
    }

    /** The same extraction with the second reading added: its page texts and word positions where the engine had none. */
    public Extraction withPageReading(Map<Integer, String> pageTexts, Map<Integer, List<Word>> pageWords, RawFields reading) {
        Map<Integer, String> texts = new java.util.TreeMap<>(ocrText);
        pageTexts.forEach(texts::putIfAbsent);
        Map<Integer, List<Word>> words = new java.util.TreeMap<>(ocrWords);
        pageWords.forEach(words::putIfAbsent);
        return new Extraction(document, engine, fields, confidence, answers, usage, texts, words, reading, einvoice, evidence);
    }
}
