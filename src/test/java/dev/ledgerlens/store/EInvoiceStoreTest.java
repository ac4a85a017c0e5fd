package dev.ledgerlens.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.export.JsonlExporter;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.einvoice.EInvoiceExtractor;
import dev.ledgerlens.ingest.DocumentClaims;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.EInvoiceSamples;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ValidatedDocument;
import dev.ledgerlens.validate.ValidationSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-invoice records through the production schema (V6): every field they add is written, read back by the read model
 * equal to what was validated, and carried by the JSONL export; the VAT breakdown keeps rate, amount, base and category
 * per line, and a credit note stays recognisable.
 */
class EInvoiceStoreTest {
    private static final PageSpec SPEC = new PageSpec(100, 0, 0, 0, true, false);

    @TempDir
    Path folder;

    private ClaimRepository claims;
    private RecordRepository records;
    private StoredRecords stored;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        claims = new ClaimRepository(TestDatabase.get().dataSource());
        records = new RecordRepository(TestDatabase.get().dataSource());
        stored = new StoredRecords(TestDatabase.get().dataSource());
    }

    @Test
    void everyEInvoiceFieldIsStoredReadBackAndExported() throws Exception {
        ValidatedDocument invoice = store("invoice.pdf", EInvoiceSamples.pdf("EN16931"));
        ValidatedDocument credit = store("credit.xml", EInvoiceSamples.ubl(true));

        Map<String, StoredDocument> byName = new java.util.HashMap<>();
        stored.find(new StoredRecords.Query(Arrays.asList(RecordStatus.values()), null, null))
                .forEach(document -> byName.put(document.fileName(), document));
        assertThat(byName.get("invoice.pdf").record()).isEqualTo(invoice.record());
        assertThat(byName.get("credit.xml").record()).isEqualTo(credit.record());
        assertThat(byName.values()).extracting(StoredDocument::status).containsOnly(RecordStatus.VALID);

        Map<String, Object> row = new Rows(TestDatabase.get().dataSource()).one("""
                select e.engine, e.model, e.cost_usd, e.prompt_tokens, d.media_type, d.page_count
                from documents d join extractions e on e.id = d.current_extraction where d.file_name = 'credit.xml'""");
        assertThat(row.get("engine")).isEqualTo("einvoice");
        assertThat(row.get("model")).isEqualTo(EInvoiceSamples.PEPPOL);
        assertThat(((java.math.BigDecimal) row.get("cost_usd")).signum()).isZero();
        assertThat(row.get("prompt_tokens")).isEqualTo(0L);
        assertThat(row.get("media_type")).isEqualTo("application/xml");
        assertThat(row.get("page_count")).isEqualTo(0);

        ObjectMapper json = new ObjectMapper();
        JsonNode fields = json.readTree(new JsonlExporter().line(byName.get("invoice.pdf"))).get("fields");
        assertThat(fields.get("vendor_vat_id").asText()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(fields.get("buyer_reference").asText()).isEqualTo(EInvoiceSamples.BUYER_REFERENCE);
        assertThat(fields.get("net_total").asText()).isEqualTo("1199.00");
        assertThat(fields.get("amount_due").asText()).isEqualTo("1420.93");
        assertThat(fields.get("iban").asText()).isEqualTo(EInvoiceSamples.IBAN);
        assertThat(fields.get("tax_lines").get(0).get("base").asText()).isEqualTo("1150.00");
        assertThat(fields.get("tax_lines").get(0).get("category").asText()).isEqualTo("S");
        assertThat(fields.get("items").get(1).get("unit").asText()).isEqualTo("H87");
        assertThat(fields.get("items").get(1).get("vat_rate").asText()).isEqualTo("7.00");
        JsonNode creditFields = json.readTree(new JsonlExporter().line(byName.get("credit.xml"))).get("fields");
        assertThat(creditFields.get("document_type").asText()).isEqualTo("credit_note");
        assertThat(creditFields.get("type_code").asText()).isEqualTo("381");
        assertThat(creditFields.get("total").asText()).isEqualTo("1420.93");
    }

    private ValidatedDocument store(String name, byte[] content) throws Exception {
        Path file = folder.resolve(name);
        Files.write(file, content);
        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(EInvoiceSamples.source(file), SPEC, folder.resolve("pages"));
        Extractor none = new Extractor() {
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
                throw new AssertionError("the engine was called");
            }
        };
        ValidatedDocument validated = new RecordValidator(ValidationSettings.defaults())
                .validate(new EInvoiceExtractor(none).extract(rendered));
        DocumentClaims.Claim claim = claims.claim(rendered.source());
        records.store(claim.documentId(), validated);
        return validated;
    }
}
