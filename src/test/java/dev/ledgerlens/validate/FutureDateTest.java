package dev.ledgerlens.validate;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static dev.ledgerlens.validate.Documents.fromOcr;
import static dev.ledgerlens.validate.Documents.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A document dated after today by more than the grace goes to review as {@code date_in_future}. */
class FutureDateTest {
    /** Today, for every validator here: 7 December 2026. */
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static RecordValidator validator(ValidationSettings settings) {
        return new RecordValidator(settings, ConfidenceModel.parse(new Properties()), TODAY);
    }

    private static ValidatedDocument validated(ValidationSettings settings, String printedDate) {
        RawFields fields = receipt(printedDate, null, null, "27.80", List.of());
        return validator(settings).validate(fromOcr(fields, "CORNER CAFE\nTOTAL 27.80\n" + printedDate));
    }

    @Test
    void aReceiptDatedTwoYearsAheadGoesToReviewNamingTheDateAndToday() {
        // "2026" misread as "2028": every other check passes, the amounts are grounded
        ValidatedDocument document = validated(ValidationSettings.defaults(), "2028-12-05");

        assertThat(document.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(document.reasons()).extracting(ReviewReason::rule).containsExactly(RecordValidator.DATE_IN_FUTURE);
        assertThat(document.reasons().get(0).message())
                .contains("2028-12-05", "729 days after today (2026-12-07)", "future-date-grace 31d");
    }

    @Test
    void todayAndTheGraceDaysAreValidTheDayAfterIsNot() {
        assertThat(validated(ValidationSettings.defaults(), "2026-12-07").status()).isEqualTo(RecordStatus.VALID);
        assertThat(validated(ValidationSettings.defaults(), "2027-01-07").status()).isEqualTo(RecordStatus.VALID);
        assertThat(validated(ValidationSettings.defaults(), "2027-01-08").reasons()).extracting(ReviewReason::rule)
                .containsExactly(RecordValidator.DATE_IN_FUTURE);
        assertThat(validated(ValidationSettings.defaults(), "2017-03-15").status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void theGraceIsASettingAndOffTurnsTheCheckOff() {
        ValidationSettings week = ValidationSettings.from(config(Map.of("ledgerlens.validation.future-date-grace", "7d")));
        assertThat(week.futureDateGrace()).isEqualTo(Duration.ofDays(7));
        assertThat(validated(week, "2026-12-14").status()).isEqualTo(RecordStatus.VALID);
        assertThat(validated(week, "2026-12-15").status()).isEqualTo(RecordStatus.NEEDS_REVIEW);

        ValidationSettings off = ValidationSettings.from(config(Map.of("ledgerlens.validation.future-date-grace", "off")));
        assertThat(off.futureDateGrace()).isNull();
        assertThat(validated(off, "2030-01-01").status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aBadGraceStopsTheRunNamingTheKey() {
        LedgerlensException failure = catchThrowableOfType(() -> ValidationSettings.from(
                config(Map.of("ledgerlens.validation.future-date-grace", "soon"))), LedgerlensException.class);
        assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
        assertThat(failure.getMessage()).contains("ledgerlens.validation.future-date-grace", "LEDGERLENS_VALIDATION_FUTURE_DATE_GRACE");
    }

    @Test
    void aDateTheReviewerTypedIsNotHeldAgainstTheCalendarOneTheyLeftIs() {
        ValidatedDocument read = validated(ValidationSettings.defaults(), "2028-12-05");
        RecordValidator validator = validator(ValidationSettings.defaults());
        List<PageText> pages = PageText.of(read.extraction());

        Revalidation untouched = validator.revalidate(read.record(), pages, read.reasons(), Set.of("total"));
        assertThat(untouched.reasons()).extracting(ReviewReason::rule).contains(RecordValidator.DATE_IN_FUTURE);

        Revalidation typed = validator.revalidate(read.record(), pages, read.reasons(), Set.of("date"));
        assertThat(typed.reasons()).extracting(ReviewReason::rule).doesNotContain(RecordValidator.DATE_IN_FUTURE);
    }

    private static ConfigSource config(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return new ConfigSource(properties, Map.of());
    }
}
