package dev.ledgerlens.validate;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.einvoice.EInvoiceExtractor;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.EInvoiceSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * E-invoices through the extract and validate stages as the pipeline runs them: read from their XML without the engine,
 * stored as stated, checked against EN 16931's arithmetic with the failed rule named, and a PDF against its text layer.
 */
class EInvoiceValidationTest {
    private static final PageSpec SPEC = new PageSpec(100, 0, 0, 0, true, false);
    /** The engine behind the e-invoice reader; any call to it is a failure of the reader. */
    private static final Extractor NO_ENGINE = new Extractor() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public PageSpec pageSpec() {
            return SPEC;
        }

        @Override
        public Extraction extract(RenderedDocument document) {
            throw new AssertionError("the engine was called for " + document.source().fileName());
        }
    };

    private final DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
    private final EInvoiceExtractor extractor = new EInvoiceExtractor(NO_ENGINE);
    private final RecordValidator validator = new RecordValidator(ValidationSettings.defaults());

    @TempDir
    Path folder;

    @Test
    void anEInvoicePdfWhosePageAgreesWithItsXmlIsValidAndStoredAsStated() throws IOException {
        ValidatedDocument validated = validate("invoice.pdf", EInvoiceSamples.pdf("EN16931"));

        assertThat(validated.reasons()).isEmpty();
        assertThat(validated.status()).isEqualTo(RecordStatus.VALID);
        assertThat(validated.extraction().engine()).isEqualTo("einvoice");
        assertThat(validated.extraction().usage().costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(validated.grounding()).containsOnlyKeys("invoice_number", "total")
                .allSatisfy((field, grounding) -> assertThat(grounding.grounded()).isTrue());
        DocumentRecord record = validated.record();
        assertThat(record.documentType()).isEqualTo("invoice");
        assertThat(record.typeCode()).isEqualTo("380");
        assertThat(record.invoiceNumber()).isEqualTo(EInvoiceSamples.NUMBER);
        assertThat(record.storeName()).isEqualTo(EInvoiceSamples.SELLER);
        assertThat(record.vendorVatId()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(record.vendorTaxId()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(record.buyerReference()).isEqualTo(EInvoiceSamples.BUYER_REFERENCE);
        assertThat(record.poNumber()).isEqualTo(EInvoiceSamples.ORDER);
        assertThat(record.billTo()).startsWith(EInvoiceSamples.BUYER);
        assertThat(record.date()).isEqualTo(EInvoiceSamples.ISSUED);
        assertThat(record.dueDate()).isEqualTo(EInvoiceSamples.DUE);
        assertThat(record.currency()).isEqualTo("EUR");
        assertThat(record.paymentMethod()).isEqualTo("SEPA credit transfer");
        assertThat(record.iban()).isEqualTo(EInvoiceSamples.IBAN);
        assertThat(record.subtotal()).isEqualByComparingTo("1249.00");
        assertThat(record.discount()).isEqualByComparingTo("50.00");
        assertThat(record.charges()).isEqualByComparingTo("0");
        assertThat(record.netTotal()).isEqualByComparingTo("1199.00");
        assertThat(record.tax()).isEqualByComparingTo("221.93");
        assertThat(record.total()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(record.amountDue()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(record.taxLines()).extracting(DocumentRecord.TaxLine::category, t -> t.rate().stripTrailingZeros().toPlainString(),
                        t -> t.base().toPlainString(), t -> t.amount().toPlainString())
                .containsExactly(tuple("S", "19", "1150.00", "218.50"), tuple("S", "7", "49.00", "3.43"));
        assertThat(record.items()).extracting(DocumentRecord.LineItem::name, DocumentRecord.LineItem::unit,
                        DocumentRecord.LineItem::vatCategory, i -> i.vatRate().stripTrailingZeros().toPlainString(),
                        i -> i.price().toPlainString())
                .containsExactly(tuple("Beratung", "HUR", "S", "19", "1200.00"), tuple("Fachbuch", "H87", "S", "7", "49.00"));
    }

    @Test
    void aCreditNoteIsStoredAsACreditNoteWithItsAmountsAsStated() throws IOException {
        ValidatedDocument cii = validate("credit.xml", EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(true), "EN16931"));
        ValidatedDocument ubl = validate("credit-ubl.xml", EInvoiceSamples.ubl(true));

        for (ValidatedDocument credit : new ValidatedDocument[] {cii, ubl}) {
            assertThat(credit.status()).as(credit.reasons().toString()).isEqualTo(RecordStatus.VALID);
            assertThat(credit.record().documentType()).isEqualTo("credit_note");
            assertThat(credit.record().isCreditNote()).isTrue();
            assertThat(credit.record().typeCode()).isEqualTo("381");
            assertThat(credit.record().total()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        }
    }

    @Test
    void profilesWithoutLinesAreValidWithTheirTotalsAlone() throws IOException {
        ValidatedDocument minimum = validate("minimum.xml", EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "MINIMUM"));
        ValidatedDocument basicWl = validate("basicwl.xml", EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "BASICWL"));

        assertThat(minimum.status()).as(minimum.reasons().toString()).isEqualTo(RecordStatus.VALID);
        assertThat(minimum.record().items()).isEmpty();
        assertThat(minimum.record().taxLines()).isEmpty();
        assertThat(basicWl.status()).as(basicWl.reasons().toString()).isEqualTo(RecordStatus.VALID);
        assertThat(basicWl.record().items()).isEmpty();
        assertThat(basicWl.record().taxLines()).hasSize(2);
    }

    @Test
    void eachBrokenSumIsNamedByItsRule() throws IOException {
        assertThat(rulesFailedBy(xml -> xml.replace("<ram:CalculatedAmount>218.50<", "<ram:CalculatedAmount>228.50<")))
                .containsExactlyInAnyOrder(Reconciler.TAX_LINE_BASE_TIMES_RATE, Reconciler.TAX_LINES_SUM_TO_TAX);
        assertThat(rulesFailedBy(xml -> xml.replace("<ram:GrandTotalAmount>1420.93<", "<ram:GrandTotalAmount>1520.93<")))
                .containsExactlyInAnyOrder(Reconciler.TOTAL_EQUALS_PARTS, Reconciler.TOTAL_EQUALS_NET_PLUS_TAX,
                        EInvoiceRecords.AMOUNT_DUE_RULE);
        assertThat(rulesFailedBy(xml -> xml.replace("<ram:LineTotalAmount>49.00<", "<ram:LineTotalAmount>59.00<")))
                .containsExactly(Reconciler.ITEMS_SUM_TO_SUBTOTAL, Reconciler.LINE_QTY_TIMES_UNIT_PRICE);
        assertThat(rulesFailedBy(xml -> xml.replace("<ram:TaxBasisTotalAmount>1199.00<", "<ram:TaxBasisTotalAmount>1249.00<")))
                .containsExactlyInAnyOrder(Reconciler.NET_TOTAL_EQUALS_PARTS, Reconciler.TOTAL_EQUALS_NET_PLUS_TAX,
                        Reconciler.TAX_LINE_BASES_SUM_TO_NET_TOTAL);
        assertThat(rulesFailedBy(xml -> xml.replace("<ram:DuePayableAmount>1420.93<", "<ram:DuePayableAmount>1400.93<")))
                .containsExactly(EInvoiceRecords.AMOUNT_DUE_RULE);
    }

    @Test
    void aPdfWhoseVisibleInvoiceDisagreesWithItsXmlNeedsReview() throws IOException {
        ValidatedDocument otherTotal = validate("other-total.pdf",
                EInvoiceSamples.pdf(EInvoiceSamples.invoice(false), "EN16931", EInvoiceSamples.NUMBER, "1.240,93"));
        ValidatedDocument otherNumber = validate("other-number.pdf",
                EInvoiceSamples.pdf(EInvoiceSamples.invoice(false), "EN16931", "RE-2026-0999", EInvoiceSamples.GRAND_TOTAL));

        assertThat(otherTotal.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        assertThat(otherTotal.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo(EInvoiceRecords.PDF_MISMATCH_RULE);
            assertThat(reason.message()).contains("total 1420.93").doesNotContain("invoice number");
        });
        assertThat(otherNumber.reasons()).extracting(ReviewReason::rule).containsExactly(EInvoiceRecords.PDF_MISMATCH_RULE);
        assertThat(otherNumber.reasons().get(0).message()).contains("invoice number RE-2026-0815");
        assertThat(otherNumber.grounding().get("invoice_number").grounded()).isFalse();
    }

    private java.util.List<String> rulesFailedBy(UnaryOperator<String> edit) throws IOException {
        String xml = new String(EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), "EN16931"), StandardCharsets.UTF_8);
        String edited = edit.apply(xml);
        assertThat(edited).as("the edit applies").isNotEqualTo(xml);
        ValidatedDocument validated = validate("edited.xml", edited.getBytes(StandardCharsets.UTF_8));
        assertThat(validated.status()).isEqualTo(RecordStatus.NEEDS_REVIEW);
        return validated.reasons().stream().map(ReviewReason::rule).toList();
    }

    private ValidatedDocument validate(String name, byte[] content) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content);
        RenderedDocument rendered = renderer.render(EInvoiceSamples.source(file), SPEC, folder.resolve("pages"));
        return validator.validate(extractor.extract(rendered));
    }
}
