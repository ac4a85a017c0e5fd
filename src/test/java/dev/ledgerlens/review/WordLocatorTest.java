package dev.ledgerlens.review;

import dev.ledgerlens.render.Word;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.validate.AmountParser;
import dev.ledgerlens.validate.CurrencyParser;
import dev.ledgerlens.validate.DateParser;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.FieldGrounding;
import dev.ledgerlens.validate.Grounder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a record's values are printed, as the word boxes review outlines on the page. */
class WordLocatorTest {
    private final WordLocator locator = new WordLocator(new Grounder(new AmountParser(new CurrencyParser("EUR")), new DateParser()));

    private static Word word(String text, int left, int top) {
        return new Word(text, left, top, 10 * text.length(), 20, 90);
    }

    @Test
    void amountsDatesAndNamesAreFoundAsPrinted() {
        StoredPage page = new StoredPage(1, 600, 800, "ocr", "", List.of(
                word("Bäckerei", 10, 10), word("Müller", 100, 10), word("GmbH", 170, 10),
                word("15", 10, 50), word("Jan", 40, 50), word("2026", 80, 50),
                word("Brot", 10, 100), word("3,20", 300, 100),
                word("Summe", 10, 200), word("EUR", 200, 200), word("27,80", 300, 200)));
        DocumentRecord record = new DocumentRecord("receipt", "Baeckerei Müller GmbH", null, LocalDate.of(2026, 1, 15), null,
                List.of(new DocumentRecord.LineItem("Brot", null, null, new BigDecimal("3.20"))), null, null, null, null,
                new BigDecimal("27.80"), "EUR", null, null, null, null, null, null, List.of());

        Map<String, List<WordLocator.Box>> boxes = locator.locate(record, List.of(page),
                Map.of("total", new FieldGrounding(true, 1)));

        assertThat(boxes.get("total")).containsExactly(new WordLocator.Box(1, 300, 200, 50, 20));
        assertThat(boxes.get("items[0].price")).containsExactly(new WordLocator.Box(1, 300, 100, 40, 20));
        assertThat(boxes.get("date")).extracting(WordLocator.Box::left).containsExactly(10, 40, 80);
        assertThat(boxes.get("items[0].name")).extracting(WordLocator.Box::left).containsExactly(10);
        assertThat(boxes.get("store_name")).as("two of three words match: enough").extracting(WordLocator.Box::left)
                .containsExactly(100, 170);
    }

    @Test
    void aValueThatIsNotPrintedHasNoBox() {
        StoredPage page = new StoredPage(1, 600, 800, "ocr", "", List.of(word("Total", 10, 10), word("49.56", 300, 10)));
        DocumentRecord record = new DocumentRecord("receipt", "Nowhere Shop", null, LocalDate.of(2026, 1, 15), null,
                List.of(), null, null, null, null, new BigDecimal("59.56"), "USD", null, null, null, null, null, null, List.of());

        assertThat(locator.locate(record, List.of(page), Map.of())).doesNotContainKeys("total", "store_name", "date");
    }
}
