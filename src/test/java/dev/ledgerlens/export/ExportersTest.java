package dev.ledgerlens.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExportersTest {
    private static final String SHA_A = "a1".repeat(32);
    private static final String SHA_B = "b2".repeat(32);

    @TempDir
    Path folder;

    private final AccountMapper accounts = new AccountMapper("429",
            List.of(new AccountMapper.Rule("420", null, Pattern.compile("(?i)\\bcafe\\b")),
                    new AccountMapper.Rule("453", List.of("office"), null)));

    /** An invoice with two items and tax, and a receipt with no items, a tip and a hostile store name. */
    private static List<StoredDocument> documents() {
        DocumentRecord invoice = new DocumentRecord("invoice", "Northwind Office Supply", "12 Harbour Road, Leeds",
                LocalDate.of(2026, 10, 14), null,
                List.of(new DocumentRecord.LineItem("A4 paper, 500 sheets", new BigDecimal("2"), new BigDecimal("4.50"),
                                new BigDecimal("9.00")),
                        new DocumentRecord.LineItem("Pens \"gel\"", new BigDecimal("1"), new BigDecimal("1.5"),
                                new BigDecimal("1.5"))),
                new BigDecimal("10.50"), new BigDecimal("2.10"), null, null, new BigDecimal("12.60"), "GBP", null,
                "INV-2026-0042", LocalDate.of(2026, 11, 13), "GB123456789", null, null,
                List.of(new DocumentRecord.TaxLine(new BigDecimal("20"), new BigDecimal("2.10"))));
        DocumentRecord receipt = new DocumentRecord("receipt", "=HYPERLINK(\"http://x\") Cafe", null,
                LocalDate.of(2026, 11, 2), LocalTime.of(14, 32), List.of(), null, null, new BigDecimal("1.00"),
                new BigDecimal("0.50"), new BigDecimal("8.40"), "EUR", "+cash", null, null, null, null, null, List.of());
        OffsetDateTime received = OffsetDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZoneOffset.UTC);
        return List.of(
                new StoredDocument(1, SHA_A, "northwind.pdf", "file:/inbox/northwind.pdf", RecordStatus.VALID, invoice,
                        null, List.of(), received),
                new StoredDocument(2, SHA_B, "-refund.jpg", "file:/inbox/-refund.jpg", RecordStatus.NEEDS_REVIEW, receipt,
                        null, List.of(new ReviewReason("total_grounded", "total 8.40 does not appear")), received));
    }

    @Test
    void csvHasOneRowPerDocumentWithEveryField() throws IOException {
        Path target = folder.resolve("out.csv");

        new CsvExporter().export(documents(), target);

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                String.join(",", CsvExporter.COLUMNS),
                "northwind.pdf," + SHA_A + ",valid,invoice,Northwind Office Supply,\"12 Harbour Road, Leeds\","
                        + "2026-10-14,,10.50,2.10,,,12.60,GBP,,INV-2026-0042,2026-11-13,GB123456789,,,2,"
                        + "\"[{\"\"name\"\":\"\"A4 paper, 500 sheets\"\",\"\"qty\"\":\"\"2\"\",\"\"unit_price\"\":\"\"4.50\"\",\"\"price\"\":\"\"9.00\"\","
                        + "\"\"unit\"\":null,\"\"vat_category\"\":null,\"\"vat_rate\"\":null},"
                        + "{\"\"name\"\":\"\"Pens \\\"\"gel\\\"\"\"\",\"\"qty\"\":\"\"1\"\",\"\"unit_price\"\":\"\"1.5\"\",\"\"price\"\":\"\"1.5\"\","
                        + "\"\"unit\"\":null,\"\"vat_category\"\":null,\"\"vat_rate\"\":null}]\","
                        + "\"[{\"\"rate\"\":\"\"20\"\",\"\"amount\"\":\"\"2.10\"\",\"\"base\"\":null,\"\"category\"\":null}]\",",
                "'-refund.jpg," + SHA_B + ",needs_review,receipt,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",,2026-11-02,14:32,"
                        + ",,1.00,0.50,8.40,EUR,'+cash,,,,,,0,[],[],total_grounded",
                ""));
    }

    @Test
    void jsonlRoundTripsEveryDecimalExactly() throws IOException {
        Path target = folder.resolve("out.jsonl");

        new JsonlExporter().export(documents(), target);

        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("{\"id\":2,\"file_name\":\"-refund.jpg\",\"sha256\":\"" + SHA_B + "\","
                + "\"source_uri\":\"file:/inbox/-refund.jpg\",\"status\":\"needs_review\",\"received_at\":\"2026-11-20T09:00Z\","
                + "\"duplicate_of\":null,\"review_reasons\":[{\"rule\":\"total_grounded\",\"message\":\"total 8.40 does not appear\"}],"
                + "\"fields\":{\"document_type\":\"receipt\",\"store_name\":\"=HYPERLINK(\\\"http://x\\\") Cafe\",\"store_address\":null,"
                + "\"date\":\"2026-11-02\",\"time\":\"14:32\",\"items\":[],\"subtotal\":null,\"tax\":null,\"tip\":\"1.00\","
                + "\"discount\":\"0.50\",\"total\":\"8.40\",\"currency\":\"EUR\",\"payment_method\":\"+cash\",\"invoice_number\":null,"
                + "\"due_date\":null,\"vendor_tax_id\":null,\"bill_to\":null,\"po_number\":null,\"tax_lines\":[],"
                + "\"vendor_vat_id\":null,\"buyer_reference\":null,\"net_total\":null,\"charges\":null,\"amount_due\":null,"
                + "\"iban\":null,\"type_code\":null}}");
        JsonNode invoice = new ObjectMapper().readTree(lines.get(0)).get("fields");
        assertThat(new BigDecimal(invoice.get("total").asText())).isEqualTo(new BigDecimal("12.60"));
        assertThat(new BigDecimal(invoice.get("items").get(1).get("price").asText())).isEqualTo(new BigDecimal("1.5"));
    }

    @Test
    void quickBooksHasOneRowPerLineWithTheTaxOnTheFirst() throws IOException {
        Path target = folder.resolve("qbo.csv");

        new QuickBooksExporter(ExportSettings.defaults(), accounts).export(documents(), target);

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                "Bill No,Vendor,Bill Date,Due Date,Terms,Location,Memo,Account,Line Description,Line Amount,Line Tax Code,Line Tax Amount,Currency",
                "INV-2026-0042,Northwind Office Supply,10/14/2026,11/13/2026,,,northwind.pdf,453,\"A4 paper, 500 sheets\",9.00,,2.10,GBP",
                "INV-2026-0042,Northwind Office Supply,10/14/2026,11/13/2026,,,northwind.pdf,453,\"Pens \"\"gel\"\"\",1.50,,,GBP",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,420,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",7.90,,,EUR",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,420,Tip,1.00,,,EUR",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,420,Discount,-0.50,,,EUR",
                ""));
    }

    @Test
    void xeroFollowsTheBillsTemplateWithRegionDates() throws IOException {
        Path target = folder.resolve("xero.csv");

        new XeroExporter(ExportSettings.defaults(), accounts).export(documents().subList(0, 1), target);

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                "*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
                        + "POPostalCode,POCountry,*InvoiceNumber,*InvoiceDate,*DueDate,Total,InventoryItemCode,Description,"
                        + "*Quantity,*UnitAmount,*AccountCode,*TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,"
                        + "TrackingOption2,Currency",
                "Northwind Office Supply,,\"12 Harbour Road, Leeds\",,,,,,,,INV-2026-0042,14/10/2026,13/11/2026,,,"
                        + "\"A4 paper, 500 sheets\",2,4.50,453,Tax on Purchases,2.10,,,,,GBP",
                "Northwind Office Supply,,\"12 Harbour Road, Leeds\",,,,,,,,INV-2026-0042,14/10/2026,13/11/2026,,,"
                        + "\"Pens \"\"gel\"\"\",1,1.50,453,Tax on Purchases,,,,,,GBP",
                ""));
    }

    @Test
    void formulaLikeTextIsNeutralisedButNegativeAmountsStayNumbers() {
        assertThat(CsvRowWriter.neutralise("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvRowWriter.neutralise("+44 20 7946")).isEqualTo("'+44 20 7946");
        assertThat(CsvRowWriter.neutralise("-2")).isEqualTo("'-2");
        assertThat(CsvRowWriter.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvRowWriter.neutralise("\tcmd")).isEqualTo("'\tcmd");
        assertThat(CsvRowWriter.neutralise("\rcmd")).isEqualTo("'\rcmd");
        assertThat(CsvRowWriter.neutralise("Cafe = good")).isEqualTo("Cafe = good");
        assertThat(Amounts.format(new BigDecimal("-8.4"))).isEqualTo("-8.40");
        assertThat(Amounts.format(new BigDecimal("1.234"))).as("three-decimal currencies keep their digits").isEqualTo("1.234");
        assertThat(Amounts.format(new BigDecimal("1E+3"))).isEqualTo("1000.00");
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void aWriterFailingMidwayLeavesThePreviousFileAndNoTemporaryFile(ExportFormat format) throws IOException {
        Path target = folder.resolve("export." + format.extension());
        Files.writeString(target, "previous export\n");
        List<StoredDocument> broken = new ArrayList<>(documents());
        StoredDocument first = broken.get(0);
        // A document whose record is missing makes every writer fail after it has written the first rows.
        broken.add(new StoredDocument(3, SHA_A, "x.pdf", "file:/x.pdf", RecordStatus.VALID, null, null, List.of(), null));

        assertThatThrownBy(() -> format.exporter(ExportSettings.defaults(), accounts).export(broken, target))
                .isInstanceOf(RuntimeException.class);

        assertThat(Files.readString(target)).isEqualTo("previous export\n");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(first.record()).isNotNull();
    }

    @Test
    void anUnwritableTargetFailsWithTheFileNamed() throws IOException {
        Path blocker = Files.writeString(folder.resolve("not-a-folder"), "x");

        UncheckedIOException failure = catchThrowableOfType(UncheckedIOException.class,
                () -> new CsvExporter().export(documents(), blocker.resolve("out.csv")));

        assertThat(failure.getMessage()).contains("out.csv");
    }

    @Test
    void formatsAreChosenByName() {
        assertThat(ExportFormat.fromName("QuickBooks")).isEqualTo(ExportFormat.QUICKBOOKS);
        assertThat(ExportFormat.fromName("qbo")).isEqualTo(ExportFormat.QUICKBOOKS);
        assertThat(ExportFormat.fromName("xero").exporter(ExportSettings.defaults(), accounts).format())
                .isEqualTo(ExportFormat.XERO);
        assertThatThrownBy(() -> ExportFormat.fromName("excel")).hasMessageContaining("csv, jsonl, quickbooks, xero");
        assertThat(ExportFormat.CSV.exporter(ExportSettings.defaults(), null).format()).isEqualTo(ExportFormat.CSV);
        assertThat(ExportFormat.CSV.usesAccounts()).isFalse();
        assertThat(ExportFormat.XERO.usesAccounts()).isTrue();
    }

    @Test
    void theShippedAccountMappingLoadsAndMapsVendors() {
        AccountMapper shipped = AccountMapper.load(Path.of("config/accounts.yaml"));

        assertThat(shipped.accountFor("SHELL STATION KL")).isEqualTo("449");
        assertThat(shipped.accountFor("Corner Cafe")).isEqualTo("420");
        assertThat(shipped.accountFor("Northwind Office Supply")).isEqualTo("453");
        assertThat(shipped.accountFor("Unknown Ltd")).isEqualTo("429");
        assertThat(shipped.accountFor(null)).isEqualTo("429");
    }

    @Test
    void aBrokenAccountMappingFailsWithWhatToFix() throws IOException {
        Path noDefault = Files.writeString(folder.resolve("a.yaml"), "rules: []\n");
        Path badPattern = Files.writeString(folder.resolve("b.yaml"), "default: \"1\"\nrules:\n  - account: \"2\"\n    pattern: \"(\"\n");

        assertThatThrownBy(() -> AccountMapper.load(noDefault)).isInstanceOf(LedgerlensException.class)
                .hasMessageContaining("default");
        assertThatThrownBy(() -> AccountMapper.load(badPattern)).isInstanceOf(LedgerlensException.class)
                .hasMessageContaining("rule 1");
        assertThatThrownBy(() -> AccountMapper.load(folder.resolve("missing.yaml"))).isInstanceOf(LedgerlensException.class)
                .hasMessageContaining("ledgerlens.export.accounts-file");
    }
}
