package dev.ledgerlens.validate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class GrounderTest {
    private final Grounder grounder = new Grounder(new AmountParser(new CurrencyParser(null)), new DateParser());

    @ParameterizedTest(name = "\"{0}\" prints {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "Fecha: 25 de octubre de 2026 | 2026-10-25 | true",
            "Data: 3 de março de 2026     | 2026-03-03 | true",
            "the 25th of October 2026     | 2026-10-25 | true",
            "Date: 25 October 2026        | 2026-10-25 | true",
            "le 25 octobre 2026           | 2026-10-25 | true",
            "25 de octubre de 2025        | 2026-10-25 | false",
            "24 de octubre de 2026        | 2026-10-25 | false",
            "Dec-01-2026                  | 2026-12-01 | true",
            "Sale DEC-01-26 18:02         | 2026-12-01 | true",
            "Dec 1 '26                    | 2026-12-01 | true",
            "Dec-02-2026                  | 2026-12-01 | false",
    })
    void namedDatesAreFoundWithTheParticlesOfTheirLanguage(String text, LocalDate date, boolean found) {
        assertThat(grounder.printsDate(text.strip(), date)).isEqualTo(found);
    }
}
