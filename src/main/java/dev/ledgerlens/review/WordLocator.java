package dev.ledgerlens.review;

import dev.ledgerlens.render.Word;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.FieldGrounding;
import dev.ledgerlens.validate.Grounder;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds where a record's values are printed, as word boxes on its pages, so that review can highlight them on the
 * page image. Amounts and dates are matched the way grounding reads them ({@link Grounder#printsAmount}: "27,80"
 * is 27.80, "15 Jan 2019" is 2019-01-15), on the page grounding found them on when it did; text fields (vendor,
 * address, numbers) by their words in order. Only pages whose engine gave word positions (a PDF text layer, the
 * offline engine's OCR) can show boxes. Stateless apart from the grounder; thread-safe.
 */
public final class WordLocator {
    /** A date may be printed over a few words ("15 Jan 2019"). */
    private static final int DATE_WORDS = 3;
    /** How far apart two words of one text value may be (a wrapped address skips the amounts printed beside it). */
    private static final int TEXT_GAP = 6;

    private final Grounder grounder;

    public WordLocator(Grounder grounder) {
        this.grounder = grounder;
    }

    /** One word box, in the pixels of the page image the engine read. */
    public record Box(int page, int left, int top, int width, int height) {
    }

    /** The boxes of every value of {@code record} found on {@code pages}, by field path ({@code total}, {@code items[0].price}). */
    public Map<String, List<Box>> locate(DocumentRecord record, List<StoredPage> pages, Map<String, FieldGrounding> grounding) {
        Map<String, List<Box>> boxes = new LinkedHashMap<>();
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        amounts.put("subtotal", record.subtotal());
        amounts.put("tax", record.tax());
        amounts.put("tip", record.tip());
        amounts.put("discount", record.discount());
        amounts.put("total", record.total());
        for (int i = 0; i < record.items().size(); i++) {
            amounts.put("items[" + i + "].price", record.items().get(i).price());
            amounts.put("items[" + i + "].unit_price", record.items().get(i).unitPrice());
        }
        for (int i = 0; i < record.taxLines().size(); i++) {
            amounts.put("tax_lines[" + i + "].amount", record.taxLines().get(i).amount());
        }
        amounts.forEach((field, value) -> {
            if (value != null && value.signum() != 0) {
                put(boxes, field, find(pages, grounding.get(field), word -> grounder.printsAmount(word, value), 1));
            }
        });
        Map<String, LocalDate> dates = new LinkedHashMap<>();
        dates.put("date", record.date());
        dates.put("due_date", record.dueDate());
        dates.forEach((field, date) -> {
            if (date != null) {
                put(boxes, field, find(pages, grounding.get(field), text -> grounder.printsDate(text, date), DATE_WORDS));
            }
        });
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("store_name", record.storeName());
        texts.put("store_address", record.storeAddress());
        texts.put("invoice_number", record.invoiceNumber());
        texts.put("vendor_tax_id", record.vendorTaxId());
        texts.put("po_number", record.poNumber());
        texts.put("bill_to", record.billTo());
        texts.put("payment_method", record.paymentMethod());
        for (int i = 0; i < record.items().size(); i++) {
            texts.put("items[" + i + "].name", record.items().get(i).name());
        }
        texts.forEach((field, value) -> {
            if (value != null && !value.isBlank()) {
                put(boxes, field, text(pages, value));
            }
        });
        return boxes;
    }

    private static void put(Map<String, List<Box>> boxes, String field, List<Box> found) {
        if (!found.isEmpty()) {
            boxes.put(field, found);
        }
    }

    /**
     * The first run of up to {@code span} consecutive words that {@code matches}, searching the grounded page first.
     * A single word is preferred to a longer run, so "15" beside "Jan 2019" does not take the date's place.
     */
    private static List<Box> find(List<StoredPage> pages, FieldGrounding grounding, java.util.function.Predicate<String> matches,
                                  int span) {
        for (StoredPage page : ordered(pages, grounding)) {
            List<Word> words = page.words();
            for (int length = 1; length <= span; length++) {
                for (int start = 0; start + length <= words.size(); start++) {
                    StringBuilder text = new StringBuilder();
                    for (int i = start; i < start + length; i++) {
                        text.append(i > start ? " " : "").append(words.get(i).text());
                    }
                    if (matches.test(text.toString())) {
                        List<Box> found = new ArrayList<>();
                        for (int i = start; i < start + length; i++) {
                            found.add(box(page.pageNumber(), words.get(i)));
                        }
                        return found;
                    }
                }
            }
        }
        return List.of();
    }

    /** The grounded page first, then the others in order. */
    private static List<StoredPage> ordered(List<StoredPage> pages, FieldGrounding grounding) {
        if (grounding == null || grounding.page() == null) {
            return pages;
        }
        List<StoredPage> ordered = new ArrayList<>();
        pages.stream().filter(page -> page.pageNumber() == grounding.page()).forEach(ordered::add);
        pages.stream().filter(page -> page.pageNumber() != grounding.page()).forEach(ordered::add);
        return ordered;
    }

    /**
     * The words of a text value in order, each within {@link #TEXT_GAP} words of the previous one, from whichever of
     * its words is found first; the start that matches the most of them wins, and at least half must match.
     */
    private static List<Box> text(List<StoredPage> pages, String value) {
        List<String> tokens = tokens(value);
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<Box> best = List.of();
        for (StoredPage page : pages) {
            List<String> words = page.words().stream().map(word -> fold(word.text())).toList();
            for (int start = 0; start < words.size(); start++) {
                int first = tokens.indexOf(words.get(start)); // a misread first word must not hide the rest
                if (first < 0) {
                    continue;
                }
                List<Box> found = new ArrayList<>(List.of(box(page.pageNumber(), page.words().get(start))));
                int at = start;
                for (int t = first + 1; t < tokens.size(); t++) {
                    for (int next = at + 1; next < Math.min(words.size(), at + 1 + TEXT_GAP); next++) {
                        if (words.get(next).equals(tokens.get(t))) {
                            found.add(box(page.pageNumber(), page.words().get(next)));
                            at = next;
                            break;
                        }
                    }
                }
                if (found.size() > best.size()) {
                    best = found;
                }
            }
        }
        return best.size() * 2 >= tokens.size() ? best : List.of();
    }

    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        for (String token : value.split("[\\s,]+")) {
            String folded = fold(token);
            if (!folded.isEmpty()) {
                tokens.add(folded);
            }
        }
        return tokens;
    }

    /** Lower case, accents and surrounding punctuation dropped: "Königstraße," and "konigstraße" are one word. */
    private static String fold(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }

    private static Box box(int page, Word word) {
        return new Box(page, word.left(), word.top(), word.width(), word.height());
    }
}
