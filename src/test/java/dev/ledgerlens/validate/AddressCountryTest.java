package dev.ledgerlens.validate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The date order an address's country writes ({@link AddressCountry}). */
class AddressCountryTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            221 Elm Street, Springfield, IL 62704             | MONTH_FIRST
            221 ELM STREET SPRINGFIELD IL 62704               | MONTH_FIRST
            455 Market Street Suite 900 San Francisco CA 94105-2233 | MONTH_FIRST
            1 Main St, Austin TX. 78701                        | MONTH_FIRST
            12, Jalan Tampoi 7/4, 81200 Johor Bahru, Malaysia  | DAY_FIRST
            LOT F21 & 22, CITTA MALL NO 1, JLN PJU 1A/4 47301  | -
            Calle de Alcala 45 28014 Madrid                    | -
            SS2 IN 47300 PETALING JAYA                         | -
            """)
    void aUsStateAndZipCodeEndingTheAddressMakeItMonthFirst(String address, String order) {
        assertThat(AddressCountry.dateOrder(address))
                .isEqualTo(order == null ? Optional.empty() : Optional.of(DateOrder.valueOf(order)));
    }
}
