package dev.ledgerlens.validate;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.ledgerlens.validate.Documents.fromImageOnly;
import static dev.ledgerlens.validate.Documents.fromOcr;
import static dev.ledgerlens.validate.Documents.fromPdf;
import static dev.ledgerlens.validate.Documents.item;
import static dev.ledgerlens.validate.Documents.receipt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RecordValidatorTest {
    private final RecordValidator validator = new RecordValidator(ValidationSettings.defaults());

    @Test
    void aConsistentGroundedReceiptIsValidAndNormalised() {
        RawFields fields = receipt("15/01/2019", "9,00", "1,80", "10,80 €",
                List.of(item("Paper", "2", "4,50", "9,00")));
        ValidatedDocument validated = validator.validate(fromPdf(fields,
                "Corner Cafe\nDatum: 15.01.2019\nPaper 2 x 4,50 9,00\nZwischensumme 9,00\nMwSt 1,80\nSumme 10,80 EUR"));

        assertThat(validated.reasons()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
        DocumentRecord record = validated.record();
        assertThat(record.total()).isEqualByComparingTo("10.80");
        assertThat(record.currency()).isEqualTo("EUR");
        assertThat(record.date()).isEqualTo(LocalDate.of(2019, 1, 15));
        assertThat(record.items().get(0).unitPrice()).isEqualByComparingTo("4.50");
        assertThat(validated.grounding()).containsEntry("total", new FieldGrounding(true, 1))
                .containsEntry("date", new FieldGrounding(true, 1))
                .containsEntry("items[0].price", new FieldGrounding(true, 1));
    }

    @Test
    void aTotalPrintedWithACommaGroundsTheDecimal() {
        RawFields fields = receipt("2019-01-15", null, null, "27.80", List.of());

        ValidatedDocument validated = validator.validate(fromOcr(fields, "TOTAL  27,80\n15-01-2019"));

        assertThat(validated.grounding().get("total")).isEqualTo(new FieldGrounding(true, 1));
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aTotalAbsentFromThePageTextIsUngroundedAndNeedsReview() {
        RawFields fields = receipt("2019-01-15", null, null, "93.00", List.of());

        ValidatedDocument validated = validator.validate(fromPdf(fields, "Total 39.00\n2019-01-15"));

        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(validated.grounding().get("total")).isEqualTo(new FieldGrounding(false, null));
        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly("total_grounded");
        assertThat(validated.reasons().get(0).message()).contains("93.00");
    }

    @Test
    void groundingFindsTheValueOnTheSecondPage() {
        RawFields fields = receipt("2019-01-15", null, null, "1 234,50", List.of());

        ValidatedDocument validated = validator.validate(fromPdf(fields, "Invoice 2019-01-15", "Total due 1\u00A0234,50"));

        assertThat(validated.grounding().get("total")).isEqualTo(new FieldGrounding(true, 2));
        assertThat(validated.grounding().get("date")).isEqualTo(new FieldGrounding(true, 1));
    }

    @Test
    void anInventedItemPriceAndASwappedDateAreUngrounded() {
        RawFields fields = receipt("2019-01-16", null, null, "9.00", List.of(item("Tea", null, null, "9.00"),
                item("Cake", null, null, "3.50")));

        ValidatedDocument validated = validator.validate(fromPdf(fields, "2019年1月15日\nTea 9.00\nTOTAL 9.00"));

        assertThat(validated.grounding()).containsEntry("items[0].price", new FieldGrounding(true, 1))
                .containsEntry("items[1].price", new FieldGrounding(false, null))
                .containsEntry("date", new FieldGrounding(false, null));
        assertThat(validated.reasons()).extracting(ReviewReason::rule)
                .contains("items[1].price_grounded", "date_grounded", Reconciler.ITEMS_SUM_TO_SUBTOTAL);
    }

    @Test
    void aTaxPrintedOnlyAsItsRateLinesIsGroundedByTheirSum() {
        RawFields fields = new RawFields("invoice", "Boulangerie", null, "2026-10-20", null, List.of(), "488.00", "63.09",
                null, null, "551.09", "EUR", null, "F-1", null, null, null, null,
                List.of(new RawFields.TaxLine("5.5", "13.09"), new RawFields.TaxLine("20", "50.00")));
        String page = "Invoice date: 20.10.2026\nSubtotal 488,00 €\nVAT 5,5% 13,09 €\nVAT 20% 50,00 €\nTotal due 551,09 €";

        ValidatedDocument printedLines = validator.validate(fromPdf(fields, page));
        ValidatedDocument oneLineMissing = validator.validate(fromPdf(fields, page.replace("50,00", "5O,OO")));

        assertThat(printedLines.grounding().get("tax")).isEqualTo(new FieldGrounding(true, 1));
        assertThat(printedLines.status()).isEqualTo(RecordStatus.VALID);
        assertThat(oneLineMissing.reasons()).extracting(ReviewReason::rule)
                .containsExactlyInAnyOrder("tax_grounded", "tax_lines[1].amount_grounded");
    }

    @Test
    void aDocumentWithNoPageTextIsNotGroundedAndNotPenalised() {
        RawFields fields = receipt("2019-01-15", null, null, "12.00", List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.grounding()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @ParameterizedTest(name = "[{index}] items {0}+{1} vs subtotal {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            4.50 | 4.50 | 9.02 | true
            4.50 | 4.50 | 8.98 | true
            4.50 | 4.50 | 9.03 | false
            4.50 | 4.50 | 8.97 | false
            """)
    void itemsSumToSubtotalAtTheTotalTolerance(String first, String second, String subtotal, boolean passes) {
        RawFields fields = receipt("2019-01-15", subtotal, null, subtotal,
                List.of(item("a", null, null, first), item("b", null, null, second)));

        List<String> rules = rules(fields);

        if (passes) {
            assertThat(rules).doesNotContain(Reconciler.ITEMS_SUM_TO_SUBTOTAL);
        } else {
            assertThat(rules).contains(Reconciler.ITEMS_SUM_TO_SUBTOTAL);
        }
    }

    @ParameterizedTest(name = "[{index}] items {0} with total {1}, tax {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            9.00 | 10.80 | 1.80 | true
            9.00 | 10.82 | 1.80 | true
            9.00 | 10.83 | 1.80 | false
            10.80| 10.80 | 1.80 | true
            9.00 | 9.02  | -    | true
            9.00 | 9.03  | -    | false
            """)
    void withoutSubtotalItemsAreComparedWithTotalLessTaxOrTaxIncluded(String items, String total, String tax, boolean passes) {
        RawFields fields = receipt("2019-01-15", null, tax, total, List.of(item("a", null, null, items)));

        assertThat(rules(fields).contains(Reconciler.ITEMS_SUM_TO_SUBTOTAL)).isEqualTo(!passes);
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} + tip {2} − {3} vs {4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            9.00 | 1.80 | -    | -     | 10.80 | true
            9.00 | 1.80 | -    | -     | 10.82 | true
            9.00 | 1.80 | -    | -     | 10.78 | true
            9.00 | 1.80 | -    | -     | 10.83 | false
            9.00 | 1.80 | -    | -     | 9.00  | false
            9.00 | 1.80 | 2.00 | 1.00  | 11.80 | true
            9.00 | 1.80 | 2.00 | -1.00 | 11.80 | true
            9.00 | 1.80 | 2.00 | 1.00  | 13.80 | false
            """)
    void totalEqualsPartsAtTheTotalTolerance(String subtotal, String tax, String tip, String discount, String total,
                                             boolean passes) {
        RawFields fields = new RawFields("receipt", "Cafe", null, "2019-01-15", null, List.of(), subtotal, tax, tip,
                discount, total, "EUR", null, null, null, null, null, null, List.of());

        assertThat(rules(fields).contains(Reconciler.TOTAL_EQUALS_PARTS)).isEqualTo(!passes);
    }

    @ParameterizedTest(name = "[{index}] {0} × {1} vs {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            3   | 0.333 | 1.00 | true
            3   | 0.333 | 0.99 | true
            3   | 0.333 | 1.01 | false
            2   | 4.50  | 9.01 | true
            2   | 4.50  | 9.02 | false
            1.5 | 2.00  | 3.00 | true
            2x  | 4.50  | 9.00 | true
            """)
    void lineQtyTimesUnitPriceAtTheLineTolerance(String qty, String unitPrice, String price, boolean passes) {
        RawFields fields = receipt("2019-01-15", price, null, price, List.of(item("a", qty, unitPrice, price)));

        assertThat(rules(fields).contains(Reconciler.LINE_QTY_TIMES_UNIT_PRICE)).isEqualTo(!passes);
    }

    @ParameterizedTest(name = "[{index}] tax lines {0}+{1} vs tax {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            1.00 | 0.80 | 1.80 | true
            1.00 | 0.80 | 1.82 | true
            1.00 | 0.80 | 1.83 | false
            """)
    void taxLinesSumToTaxAtTheTotalTolerance(String first, String second, String tax, boolean passes) {
        RawFields fields = new RawFields("invoice", "Vendor", null, "2019-01-15", null, List.of(), null, tax, null,
                null, "100.00", "EUR", null, "INV-1", null, null, null, null,
                List.of(new RawFields.TaxLine("20%", first), new RawFields.TaxLine("0.05", second)));

        assertThat(rules(fields).contains(Reconciler.TAX_LINES_SUM_TO_TAX)).isEqualTo(!passes);
    }

    @Test
    void rulesSkipWhenTheirInputsAreAbsent() {
        RawFields fields = receipt("2019-01-15", null, null, "12.00", List.of(item("a", "2", null, null)));

        assertThat(rules(fields)).isEmpty();
    }

    @Test
    void aFailedRuleNeverChangesTheRecord() {
        RawFields fields = receipt("2019-01-15", "9.00", "1.80", "9.00", List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().total()).isEqualByComparingTo("9.00");
        assertThat(validated.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo(Reconciler.TOTAL_EQUALS_PARTS);
            assertThat(reason.message()).contains("10.80").contains("9.00");
        });
    }

    @Test
    void noTotalAndNoDateFailTheHardConstraintsWithTheAnswers() {
        RawFields fields = receipt(null, "9.00", null, null, List.of());

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> validator.validate(fromImageOnly(fields, "{\"total\":null}")));

        assertThat(failure.reason()).isEqualTo(FailureReason.VALIDATION_FAILED);
        assertThat(failure.violations()).extracting(Violation::field).containsExactly("date", "total");
        assertThat(failure.modelAnswers()).containsExactly("{\"total\":null}");
    }

    @Test
    void aPrintedButUnreadableFieldIsAViolationQuotingTheText() {
        RawFields fields = receipt("the 5th", null, "about 2", "12.00", List.of(item("a", null, null, "1O.5O")));

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> validator.validate(fromImageOnly(fields, "{}")));

        assertThat(failure.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("date", "tax", "items[0].price");
        assertThat(failure.violations()).extracting(Violation::message)
                .anySatisfy(message -> assertThat(message).contains("'the 5th'"))
                .anySatisfy(message -> assertThat(message).contains("'1O.5O'"));
        assertThat(failure.getMessage()).contains("r.pdf");
    }

    @Test
    void anUnknownDocumentTypeIsAViolationAndAMissingOneIsAReceipt() {
        RawFields unknown = new RawFields("menu", null, null, "2019-01-15", null, List.of(), null, null, null, null,
                "1.00", null, null, null, null, null, null, null, List.of());
        RawFields missing = new RawFields(null, null, null, "2019-01-15", null, List.of(), null, null, null, null,
                "1.00", null, null, null, null, null, null, null, List.of());

        assertThat(catchThrowableOfType(LedgerlensException.class, () -> validator.validate(fromImageOnly(unknown, "")))
                .violations()).extracting(Violation::field).containsExactly("document_type");
        assertThat(validator.validate(fromImageOnly(missing, "")).record().documentType()).isEqualTo("receipt");
    }

    @Test
    void anAmbiguousDateNothingSettlesIsStoredDayFirstAndSentToReview() {
        RawFields fields = receipt("03/04/2026", null, null, "12.00", List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().date()).isEqualTo(LocalDate.of(2026, 4, 3));
        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(validated.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo("date_ambiguous");
            assertThat(reason.message()).contains("2026-04-03").contains("2026-03-04");
        });
    }

    @Test
    void theCurrencySettlesTheDateOrder() {
        RawFields dollars = new RawFields("receipt", "Corner Cafe", null, "03/04/2026", null, List.of(), null, null, null, null,
                "US$12.00", null, null, null, null, null, null, null, List.of());
        RawFields pounds = new RawFields("receipt", "Corner Cafe", null, "03/04/2026", null, List.of(), null, null, null, null,
                "£12.00", null, null, null, null, null, null, null, List.of());

        ValidatedDocument american = validator.validate(fromImageOnly(dollars, "{}"));
        ValidatedDocument british = validator.validate(fromImageOnly(pounds, "{}"));

        assertThat(american.record().date()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(american.record().currency()).isEqualTo("USD");
        assertThat(american.status()).isEqualTo(RecordStatus.VALID);
        assertThat(british.record().date()).isEqualTo(LocalDate.of(2026, 4, 3));
        assertThat(british.record().currency()).isEqualTo("GBP");
    }

    @ParameterizedTest(name = "[{index}] tax {0} of total {1}: review {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0.20  | 3.75  | false
            1.25  | 3.75  | false
            1.26  | 3.75  | true
            3.55  | 3.75  | true
            3.75  | 3.75  | true
            -1.50 | -4.00 | true
            """)
    void aTaxOfMoreThanAThirdOfTheTotalWasMisreadAndGoesToReview(String tax, String total, boolean review) {
        // a French till slip whose prices include the tax: no subtotal, so nothing else checks the tax
        RawFields fields = receipt("2026-11-03", null, tax, total, List.of(item("Croissant", null, null, total)));

        ValidatedDocument validated = validator.validate(fromOcr(fields,
                "Corner Cafe\n1 Main St\nCroissant " + total + "\nTOTAL " + total + "\nTVA " + tax + "\n03/11/2026"));

        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactlyElementsOf(
                review ? List.of(Reconciler.TAX_SHARE_OF_TOTAL) : List.of());
        assertThat(validated.status()).isEqualTo(review ? RecordStatus.NEEDS_REVIEW : RecordStatus.VALID);
        if (review) {
            // a reviewer who types the tax the page prints lifts it
            assertThat(validator.revalidate(validated.record(), PageText.of(validated.extraction()), validated.reasons(),
                    java.util.Set.of("tax")).reasons()).isEmpty();
        }
    }

    @ParameterizedTest(name = "[{index}] $ at {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            12 Main St, Springfield, IL 62704 | USD | 2026-03-04 | false
            12 George St, Sydney NSW 2000     | AUD | 2026-04-03 | false
            220 King St W, Toronto ON M5V 2T6 | CAD | 2026-04-03 | true
            45 Queen Street, Auckland 1010    | USD | 2026-04-03 | true
            -                                 | USD | 2026-04-03 | true
            """)
    void aBareDollarIsTheDollarOfTheAddressesCountryAndAloneSettlesNoDateOrder(String address, String currency, String date,
                                                                               boolean ambiguous) {
        RawFields fields = new RawFields("receipt", "Corner Cafe", address, "03/04/2026", null, List.of(), null, null, null, null,
                "$12.00", "$", null, null, null, null, null, null, List.of());

        ValidatedDocument validated = validator.validate(fromOcr(fields, "Corner Cafe\n" + (address == null ? "" : address)
                + "\n03/04/2026\nTOTAL $12.00"));

        assertThat(validated.record().currency()).isEqualTo(currency);
        assertThat(validated.record().date()).isEqualTo(LocalDate.parse(date));
        assertThat(validated.reasons()).extracting(ReviewReason::rule).contains(ambiguous ? new String[] {"date_ambiguous"} : new String[0]);
        if (!ambiguous) {
            assertThat(validated.reasons()).extracting(ReviewReason::rule).doesNotContain("date_ambiguous");
        }
    }

    @Test
    void aRecordWithoutAVendorGoesToReviewHoweverRightItsAmounts() {
        RawFields nameless = new RawFields("invoice", null, null, "2026-11-28", null, List.of(), "1000.00", "89.00", null,
                null, "1089.00", "USD", null, "QX7-20931", null, null, null, null, List.of());

        ValidatedDocument validated = validator.validate(fromPdf(nameless,
                "Invoice\nInvoice number QX7-20931\nDate of issue 2026-11-28\nSubtotal $1,000.00\nTax $89.00\nTotal $1,089.00"));

        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly(RecordValidator.STORE_NAME_MISSING);
        // a reviewer who types the vendor clears it
        DocumentRecord named = new DocumentRecord("invoice", "Brightline Analytics, Inc.", null, validated.record().date(),
                null, List.of(), validated.record().subtotal(), validated.record().tax(), null, null, validated.record().total(),
                "USD", null, "QX7-20931", null, null, null, null, List.of());
        assertThat(validator.revalidate(named, PageText.of(validated.extraction()), validated.reasons(), java.util.Set.of("store_name"))
                .reasons()).isEmpty();
        assertThat(validator.revalidate(validated.record(), PageText.of(validated.extraction()), validated.reasons(), java.util.Set.of("total"))
                .reasons()).extracting(ReviewReason::rule).containsExactly(RecordValidator.STORE_NAME_MISSING);
    }

    @Test
    void aDueDateAfterTheTwelfthProvesTheOrderEvenAgainstTheCurrency() {
        RawFields fields = new RawFields("invoice", "Vendor", null, "01/11/2026", null, List.of(), null, null, null,
                null, "12.00", "USD", null, "INV-9", "13/11/2026", null, null, null, List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().date()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(validated.record().dueDate()).isEqualTo(LocalDate.of(2026, 11, 13));
        assertThat(validated.reasons()).isEmpty();
    }

    @Test
    void withNoCurrencyInTheFieldsThePageTextDecidesItAndTheDateOrder() {
        RawFields fields = receipt("03/04/2018", null, null, "9.00", List.of());

        ValidatedDocument validated = validator.validate(fromOcr(fields, "KEDAI BUKU\n03/04/2018\nTOTAL RM 9.00"));

        assertThat(validated.record().currency()).isEqualTo("MYR");
        assertThat(validated.record().date()).isEqualTo(LocalDate.of(2018, 4, 3));
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
    }

    @Test
    void aConfiguredDateOrderWins() {
        ConfigSource config = new ConfigSource(new Properties(),
                Map.of("LEDGERLENS_VALIDATION_DATE_ORDER", "month-first", "LEDGERLENS_VALIDATION_DEFAULT_CURRENCY", "gbp"));
        RecordValidator american = new RecordValidator(ValidationSettings.from(config));
        RawFields fields = receipt("03/04/2026", null, null, "12.00", List.of());

        ValidatedDocument validated = american.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().date()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(validated.record().currency()).isEqualTo("GBP");
        assertThat(validated.reasons()).isEmpty();
    }

    @Test
    void theDocumentsOwnDecimalCommaSettlesAThreeDigitGroup() {
        RawFields fields = receipt("2019-01-15", "1.234,00", null, "1.234", List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().total()).isEqualByComparingTo("1234");
        assertThat(validated.reasons()).isEmpty();
    }

    @Test
    void anAmbiguousAmountIsReadAsThousandsAndFlagged() {
        RawFields fields = receipt("2019-01-15", null, null, "1,234", List.of());

        ValidatedDocument validated = validator.validate(fromImageOnly(fields, "{}"));

        assertThat(validated.record().total()).isEqualByComparingTo("1234");
        assertThat(validated.reasons()).extracting(ReviewReason::rule).containsExactly("total_ambiguous");
    }

    @Test
    void settingsRejectANegativeToleranceNamingTheKey() {
        ConfigSource config = new ConfigSource(new Properties(), Map.of("LEDGERLENS_VALIDATION_LINE_TOLERANCE", "-1"));

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> ValidationSettings.from(config));

        assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
        assertThat(failure.getMessage()).contains("ledgerlens.validation.line-tolerance");
    }

    private List<String> rules(RawFields fields) {
        return validator.validate(fromImageOnly(fields, "{}")).reasons().stream().map(ReviewReason::rule).toList();
    }
}
