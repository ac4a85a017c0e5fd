package dev.ledgerlens.extract.einvoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.store.Database;
import dev.ledgerlens.testing.EInvoiceSamples;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.FakeOpenAiServer.Reply;
import dev.ledgerlens.testing.Golden;
import dev.ledgerlens.testing.LedgerlensProcess;
import dev.ledgerlens.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-invoices through the whole application as a nightly run takes them: the packaged jar runs {@code run --once} in a
 * child process over a folder mixing e-invoices (Factur-X and XRechnung PDFs, CII and UBL XML, a credit note) with
 * plain PDFs and a photo, the OpenAI engine pointed at a {@link FakeOpenAiServer}. The e-invoices are stored from their
 * XML with engine {@code einvoice} at no cost and the fake model server counts no request for any of them; the other
 * documents go to the model as before. Then {@code export --format jsonl} carries the e-invoice fields.
 */
class EInvoiceEndToEndIT {
    private static final String API_KEY = "sk-e2e-einvoice-not-a-real-key";
    private static final Set<String> EINVOICES = Set.of("facturx-en16931.pdf", "xrechnung.pdf", "zugferd-basic.xml",
            "peppol-invoice.xml", "peppol-credit-note.xml");
    private static final List<String> PLAIN = List.of("invoice-usd-1page.pdf", "receipt-usd-diner.pdf",
            "receipt-gbp-cafe-jpeg.jpg");

    @TempDir
    static Path workspace;
    static LedgerlensProcess.Result run;
    static FakeOpenAiServer model;
    static Database database;
    static Rows rows;
    static Path data;
    static Map<String, String> shas = new HashMap<>();
    static LedgerlensProcess ledgerlens;

    @BeforeAll
    static void runOverAMixedFolder() throws IOException {
        ledgerlens = new LedgerlensProcess(Map.of("LEDGERLENS_ENGINE", "openai", "OPENAI_API_KEY", API_KEY,
                "LEDGERLENS_CONCURRENCY", "4"));
        ledgerlens.assumePackaged();
        Path inbox = Files.createDirectories(workspace.resolve("inbox"));
        write(inbox, "facturx-en16931.pdf", EInvoiceSamples.pdf(EInvoiceSamples.invoice("RE-2026-1001", false), "EN16931",
                "RE-2026-1001", EInvoiceSamples.GRAND_TOTAL));
        write(inbox, "xrechnung.pdf", EInvoiceSamples.pdf(EInvoiceSamples.invoice("RE-2026-1002", false), "XRECHNUNG",
                "RE-2026-1002", EInvoiceSamples.GRAND_TOTAL));
        write(inbox, "zugferd-basic.xml", EInvoiceSamples.ciiXml(EInvoiceSamples.invoice("RE-2026-1003", false), "BASIC"));
        write(inbox, "peppol-invoice.xml", EInvoiceSamples.ubl(EInvoiceSamples.invoice("RE-2026-1004", false)));
        write(inbox, "peppol-credit-note.xml", EInvoiceSamples.ubl(EInvoiceSamples.invoice("GS-2026-0042", true)));
        model = FakeOpenAiServer.start();
        for (Golden.Sample sample : Golden.samples()) {
            if (PLAIN.contains(sample.fileName())) {
                write(inbox, sample.fileName(), Files.readAllBytes(sample.document()));
                model.when(shas.get(sample.fileName()), Reply.json(sample.fields().toString()));
            }
        }
        data = workspace.resolve("data");
        database = Rows.ownEmbedded(data);
        rows = new Rows(database.dataSource());

        run = ledgerlens.with(Map.of("OPENAI_BASE_URL", model.baseUrl(), "LEDGERLENS_DATA_DIR", data.toString()))
                .run("run", "--once", "--input", inbox.toString());
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void everyDocumentIsStoredAndTheEInvoicesCostNoModelRequest() {
        assertThat(run.exitCode()).as(run.output()).isZero();
        Map<String, String> engines = rows.list("""
                select d.file_name, e.engine from documents d join extractions e on e.id = d.current_extraction""").stream()
                .collect(Collectors.toMap(row -> (String) row.get("file_name"), row -> (String) row.get("engine")));
        assertThat(engines).hasSize(EINVOICES.size() + PLAIN.size());
        EINVOICES.forEach(name -> assertThat(engines.get(name)).as(name).isEqualTo("einvoice"));
        PLAIN.forEach(name -> assertThat(engines.get(name)).as(name).startsWith("openai"));

        assertThat(model.requests()).as("model requests: one per plain document, none for an e-invoice")
                .hasSize(PLAIN.size())
                .noneMatch(request -> EINVOICES.stream().map(shas::get).anyMatch(sha -> sha.equals(request.header("x-ledgerlens-document"))));
        for (Map<String, Object> row : rows.list("""
                select d.file_name, d.status, e.cost_usd, e.prompt_tokens + e.completion_tokens as tokens
                from documents d join extractions e on e.id = d.current_extraction where e.engine = 'einvoice'""")) {
            assertThat(row.get("status")).as("%s", row.get("file_name")).isEqualTo("valid");
            assertThat((BigDecimal) row.get("cost_usd")).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(row.get("tokens")).isEqualTo(0L);
        }
    }

    @Test
    void theEInvoiceFieldsAreStoredExactlyAndTheCreditNoteIsRecognisable() {
        Map<String, Object> xrechnung = rows.one("""
                select e.invoice_number, e.total, e.net_total, e.amount_due, e.vendor_vat_id, e.buyer_reference,
                       e.iban, e.document_type, e.type_code
                from documents d join extractions e on e.id = d.current_extraction where d.file_name = 'xrechnung.pdf'""");
        assertThat(xrechnung.get("invoice_number")).isEqualTo("RE-2026-1002");
        assertThat((BigDecimal) xrechnung.get("total")).isEqualByComparingTo("1420.93");
        assertThat((BigDecimal) xrechnung.get("net_total")).isEqualByComparingTo("1199.00");
        assertThat((BigDecimal) xrechnung.get("amount_due")).isEqualByComparingTo("1420.93");
        assertThat(xrechnung.get("vendor_vat_id")).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(xrechnung.get("buyer_reference")).isEqualTo(EInvoiceSamples.BUYER_REFERENCE);
        assertThat(xrechnung.get("iban")).isEqualTo(EInvoiceSamples.IBAN);
        assertThat(rows.list("""
                select t.rate, t.amount, t.base, t.category from documents d join tax_lines t on t.extraction_id = d.current_extraction
                where d.file_name = 'peppol-invoice.xml' order by t.position""")).extracting(
                        row -> ((BigDecimal) row.get("rate")).stripTrailingZeros().toPlainString(),
                        row -> ((BigDecimal) row.get("amount")).toPlainString(),
                        row -> ((BigDecimal) row.get("base")).toPlainString(), row -> row.get("category"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("19", "218.5", "1150", "S"),
                        org.assertj.core.groups.Tuple.tuple("7", "3.43", "49", "S"));
        Map<String, Object> credit = rows.one("""
                select e.document_type, e.type_code, e.total from documents d join extractions e on e.id = d.current_extraction
                where d.file_name = 'peppol-credit-note.xml'""");
        assertThat(credit.get("document_type")).isEqualTo("credit_note");
        assertThat(credit.get("type_code")).isEqualTo("381");
        assertThat((BigDecimal) credit.get("total")).isEqualByComparingTo("1420.93");
    }

    @Test
    void theJsonlExportCarriesTheEInvoiceFields() throws IOException {
        Path jsonl = workspace.resolve("all.jsonl");
        LedgerlensProcess.Result export = ledgerlens.with(Map.of("LEDGERLENS_DATA_DIR", data.toString()))
                .run("export", "--format", "jsonl", "--output", jsonl.toString(), "--status", "all");
        assertThat(export.exitCode()).as(export.output()).isZero();

        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byName = new HashMap<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode object = json.readTree(line);
            byName.put(object.get("file_name").asText(), object.get("fields"));
        }
        JsonNode facturx = byName.get("facturx-en16931.pdf");
        assertThat(facturx.get("vendor_vat_id").asText()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(facturx.get("amount_due").asText()).isEqualTo("1420.93");
        assertThat(facturx.get("tax_lines").get(1).get("base").asText()).isEqualTo("49.00");
        assertThat(byName.get("peppol-credit-note.xml").get("document_type").asText()).isEqualTo("credit_note");
        assertThat(byName.get("receipt-usd-diner.pdf").get("vendor_vat_id").isNull()).isTrue();
    }

    private static void write(Path inbox, String name, byte[] content) throws IOException {
        Files.write(inbox.resolve(name), content);
        shas.put(name, EInvoiceSamples.source(inbox.resolve(name)).sha256());
    }
}
