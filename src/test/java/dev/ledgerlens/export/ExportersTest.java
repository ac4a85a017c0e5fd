package dev.ledgerlens.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.FailureReason;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExportersTest {
    private static final String SHA_A = "a1".repeat(32);
    private static final String SHA_B = "b2".repeat(32);

    @TempDir
    Path folder;

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
                + "\"iban\":null,\"type_code\":null},"
                + "\"original_fields\":null,\"corrections\":[]}");
        JsonNode invoice = new ObjectMapper().readTree(lines.get(0)).get("fields");
        assertThat(new BigDecimal(invoice.get("total").asText())).isEqualTo(new BigDecimal("12.60"));
        assertThat(new BigDecimal(invoice.get("items").get(1).get("price").asText())).isEqualTo(new BigDecimal("1.5"));
    }

    @Test
    void quickBooksHasOneRowPerLineEachWithItsTaxCodeAndItsShareOfTheTax() throws IOException {
        Path target = folder.resolve("qbo.csv");

        List<Path> files = new QuickBooksExporter(ExportSettings.defaults(), quickBooks()).export(documents(), target);

        assertThat(files).containsExactly(target);
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                "Bill No,Vendor,Bill Date,Due Date,Terms,Location,Memo,Account,Line Description,Line Amount,Line Tax Code,"
                        + "Line Tax Amount,Currency,Global Tax Calculation",
                "INV-2026-0042,Northwind Office Supply,10/14/2026,11/13/2026,,,northwind.pdf,Office Supplies,"
                        + "\"A4 paper, 500 sheets\",9.00,20.0% S,1.80,GBP,TaxExcluded",
                "INV-2026-0042,Northwind Office Supply,10/14/2026,11/13/2026,,,northwind.pdf,Office Supplies,"
                        + "\"Pens \"\"gel\"\"\",1.50,20.0% S,0.30,GBP,TaxExcluded",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,"
                        + "Meals and Entertainment,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",7.90,No VAT,0.00,EUR,TaxExcluded",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,"
                        + "Meals and Entertainment,Discount,-0.50,No VAT,0.00,EUR,TaxExcluded",
                "LL-b2b2b2b2b2,\"'=HYPERLINK(\"\"http://x\"\") Cafe\",11/02/2026,11/02/2026,,,'-refund.jpg,"
                        + "Meals and Entertainment,Tip,1.00,No VAT,0.00,EUR,TaxExcluded",
                ""));
    }

    @Test
    void xeroFollowsTheBillsTemplateWithRegionDatesInAFileNamedForItsImportSetting() throws IOException {
        List<Path> files = new XeroExporter(ExportSettings.defaults(), xero()).export(documents().subList(0, 1),
                folder.resolve("xero.csv"));

        assertThat(files).containsExactly(folder.resolve("xero-tax-exclusive.csv"));
        assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).isEqualTo(String.join("\r\n",
                "*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
                        + "POPostalCode,POCountry,*InvoiceNumber,*InvoiceDate,*DueDate,Total,InventoryItemCode,Description,"
                        + "*Quantity,*UnitAmount,*AccountCode,*TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,"
                        + "TrackingOption2,Currency",
                "Northwind Office Supply,,\"12 Harbour Road, Leeds\",,,,,,,,INV-2026-0042,14/10/2026,13/11/2026,,,"
                        + "\"A4 paper, 500 sheets\",2,4.50,453,20% (VAT on Expenses),1.80,,,,,GBP",
                "Northwind Office Supply,,\"12 Harbour Road, Leeds\",,,,,,,,INV-2026-0042,14/10/2026,13/11/2026,,,"
                        + "\"Pens \"\"gel\"\"\",1,1.50,453,20% (VAT on Expenses),0.30,,,,,GBP",
                ""));
    }

    @Test
    void xeroStartsANewFileEvery500Bills() throws IOException {
        List<StoredDocument> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            DocumentRecord receipt = new DocumentRecord("receipt", "Shop " + i, null, LocalDate.of(2026, 1, 1), null,
                    List.of(), null, null, null, null, new BigDecimal("1.00"), "GBP", null, "R-" + i, null, null, null, null,
                    List.of());
            many.add(new StoredDocument(i, String.format("%064d", i), "r" + i + ".jpg", "file:/r", RecordStatus.VALID, receipt,
                    null, List.of(), null));
        }

        List<Path> files = new XeroExporter(ExportSettings.defaults(), xero()).export(many, folder.resolve("bills.csv"));

        assertThat(files).extracting(path -> path.getFileName().toString())
                .containsExactly("bills-tax-exclusive-1-of-2.csv", "bills-tax-exclusive-2-of-2.csv");
        assertThat(Files.readAllLines(files.get(0))).hasSize(501); // header + 500 one-line bills
        assertThat(Files.readAllLines(files.get(1))).hasSize(2).last().asString().contains("R-500");
    }

    @Test
    void unnamedVendorsAreNotMergedIntoOneContactAndSpellingsOfOneVendorAre() {
        VendorNames names = xero().vendors();
        DocumentRecord unnamed = new DocumentRecord("receipt", null, "5 Mill Lane, York", LocalDate.of(2026, 1, 1), null,
                List.of(), null, null, null, null, BigDecimal.ONE, "GBP", null, null, null, null, null, null, List.of());
        DocumentRecord withTaxId = new DocumentRecord("receipt", null, null, LocalDate.of(2026, 1, 1), null, List.of(), null,
                null, null, null, BigDecimal.ONE, "GBP", null, null, null, "GB999", null, null, List.of());
        DocumentRecord bare = new DocumentRecord("receipt", " ", null, LocalDate.of(2026, 1, 1), null, List.of(), null, null,
                null, null, BigDecimal.ONE, "GBP", null, null, null, null, null, null, List.of());

        assertThat(names.contactFor(unnamed, "LL-1").name()).isEqualTo("Unnamed vendor, 5 Mill Lane, York");
        assertThat(names.contactFor(withTaxId, "LL-2").name()).isEqualTo("Unnamed vendor GB999");
        assertThat(names.contactFor(bare, "LL-3").name()).isEqualTo("Unnamed vendor LL-3");
        assertThat(names.key("Acme Sdn. Bhd.")).isEqualTo(names.key("ACME SDN BHD")).isEqualTo("acme");
        assertThat(names.key("Müller & Weber GmbH")).isEqualTo(names.key("MULLER AND WEBER")).isEqualTo("muller and weber");
        assertThat(names.key("Cascade Print & Sign Co.")).isEqualTo("cascade print and sign");
        assertThat(names.key("Ltd")).as("a name that is only a legal form keeps it").isEqualTo("ltd");
        DocumentRecord acme = new DocumentRecord("receipt", "acme sdn bhd.", null, LocalDate.of(2026, 1, 1), null, List.of(),
                null, null, null, null, BigDecimal.ONE, "MYR", null, null, null, null, null, null, List.of());
        assertThat(names.contactFor(acme, "LL-4")).isEqualTo(new VendorNames.Contact("Acme Sdn Bhd", null, true));
    }

    @Test
    void vendorsThatLookAlikeWithoutAnAliasAreNamedInTheNotes() {
        DocumentRecord one = new DocumentRecord("receipt", "TOOLS & TIMBER", null, LocalDate.of(2026, 1, 1), null, List.of(),
                null, null, null, null, BigDecimal.ONE, "GBP", null, "T-1", null, null, null, null, List.of());
        DocumentRecord two = new DocumentRecord("receipt", "Tools and Timber Ltd", null, LocalDate.of(2026, 1, 2), null,
                List.of(), null, null, null, null, BigDecimal.ONE, "GBP", null, "T-2", null, null, null, null, List.of());

        Rendered rendered = new XeroExporter(ExportSettings.defaults(), xero()).render(List.of(
                new StoredDocument(1, SHA_A, "a.jpg", "file:/a", RecordStatus.VALID, one, null, List.of(), null),
                new StoredDocument(2, SHA_B, "b.jpg", "file:/b", RecordStatus.VALID, two, null, List.of(), null)),
                folder.resolve("x.csv"));

        assertThat(rendered.notes()).singleElement().asString().contains("TOOLS & TIMBER / Tools and Timber Ltd")
                .contains("config/exports/xero.yaml");
    }

    @Test
    void aRateWithoutATaxCodeStopsTheExportNamingTheRateTheBillAndTheFile() throws IOException {
        DocumentRecord invoice = new DocumentRecord("invoice", "Tabak Huber", null, LocalDate.of(2026, 1, 1), null,
                List.of(new DocumentRecord.LineItem("Zeitung", BigDecimal.ONE, new BigDecimal("10.00"), new BigDecimal("10.00"))),
                new BigDecimal("10.00"), new BigDecimal("0.70"), null, null, new BigDecimal("10.70"), "EUR", null, "TH-1", null,
                null, null, null, List.of(new DocumentRecord.TaxLine(new BigDecimal("7.00"), new BigDecimal("0.70"))));
        Path target = folder.resolve("bills.csv");

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class, () -> new XeroExporter(
                ExportSettings.defaults(), xero()).export(List.of(new StoredDocument(1, SHA_A, "huber.pdf", "file:/h",
                RecordStatus.VALID, invoice, null, List.of(), null)), target));

        assertThat(failure.reason()).isEqualTo(FailureReason.CONFIGURATION_INVALID);
        assertThat(failure.getMessage()).contains("7%").contains("TH-1 (huber.pdf)").contains("config/exports/xero.yaml")
                .contains("tax-rates");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("nothing written").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void aWriterFailingMidwayLeavesThePreviousFileAndNoTemporaryFile(ExportFormat format) throws IOException {
        Path target = folder.resolve(format == ExportFormat.XERO ? "export-tax-exclusive.csv" : "export." + format.extension());
        Files.writeString(target, "previous export\n");
        List<StoredDocument> broken = new ArrayList<>(documents());
        StoredDocument first = broken.get(0);
        // A document whose record is missing makes every writer fail after it has written the first rows.
        broken.add(new StoredDocument(3, SHA_A, "x.pdf", "file:/x.pdf", RecordStatus.VALID, null, null, List.of(), null));

        assertThatThrownBy(() -> format.exporter(ExportSettings.defaults()).export(broken, folder.resolve("export.csv")))
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
        assertThat(ExportFormat.fromName("xero").exporter(ExportSettings.defaults()).format()).isEqualTo(ExportFormat.XERO);
        assertThatThrownBy(() -> ExportFormat.fromName("excel")).hasMessageContaining("csv, jsonl, quickbooks, xero");
        assertThat(ExportFormat.CSV.makesBills()).isFalse();
        assertThat(ExportFormat.XERO.makesBills()).isTrue();
    }

    @Test
    void theShippedConfigurationsMapVendorsToAccountsPerTarget() {
        AccountMapper xeroAccounts = xero().accounts();
        AccountMapper quickBooksAccounts = quickBooks().accounts();

        assertThat(xeroAccounts.accountFor("SHELL STATION KL")).isEqualTo("449");
        assertThat(xeroAccounts.accountFor("Corner Cafe")).isEqualTo("420");
        assertThat(xeroAccounts.accountFor("Northwind Office Supply")).isEqualTo("453");
        assertThat(xeroAccounts.accountFor("Unknown Ltd")).isEqualTo("429");
        assertThat(quickBooksAccounts.accountFor("Corner Cafe")).isEqualTo("Meals and Entertainment");
        assertThat(quickBooksAccounts.accountFor(null)).isEqualTo("Office Expenses");
        assertThat(xero().taxCodes().codeFor(TaxTreatment.rate(new BigDecimal("20.00")), "x")).isEqualTo("20% (VAT on Expenses)");
        assertThat(xero().taxCodes().codeFor(TaxTreatment.rate(BigDecimal.ZERO), "x")).isEqualTo("Zero Rated Expenses");
        assertThat(quickBooks().taxCodes().codeFor(TaxTreatment.EXEMPT, "x")).isEqualTo("Exempt");
    }

    @Test
    void aBrokenConfigurationFailsWithWhatToFix() throws IOException {
        Path noDefault = Files.writeString(folder.resolve("a.yaml"), "no-tax: x\nzero-rated: z\nexempt: e\nrate-not-printed: r\n");
        Path badPattern = Files.writeString(folder.resolve("b.yaml"), "no-tax: x\nzero-rated: z\nexempt: e\n"
                + "rate-not-printed: r\naccounts:\n  default: \"1\"\n  rules:\n    - account: \"2\"\n      pattern: \"(\"\n");
        Path noExempt = Files.writeString(folder.resolve("c.yaml"), "no-tax: x\nzero-rated: z\nrate-not-printed: r\n"
                + "accounts:\n  default: \"1\"\n");
        Path badRate = Files.writeString(folder.resolve("d.yaml"), "tax-rates:\n  standard: \"S\"\n");
        Path trackTaxForXero = Files.writeString(folder.resolve("e.yaml"), "track-tax: false\n");

        assertThatThrownBy(() -> BillSettings.load(noDefault, "Xero")).isInstanceOf(LedgerlensException.class)
                .hasMessageContaining("default account").hasMessageContaining("a.yaml");
        assertThatThrownBy(() -> BillSettings.load(badPattern, "Xero")).hasMessageContaining("account rule 1");
        assertThatThrownBy(() -> BillSettings.load(noExempt, "Xero")).hasMessageContaining("exempt");
        assertThatThrownBy(() -> BillSettings.load(badRate, "Xero")).hasMessageContaining("\"standard\"");
        assertThatThrownBy(() -> BillSettings.load(trackTaxForXero, "Xero")).hasMessageContaining("track-tax");
        assertThatThrownBy(() -> BillSettings.load(folder.resolve("missing.yaml"), "Xero"))
                .hasMessageContaining("ledgerlens.export.xero.config-file");
    }

    private static BillSettings xero() {
        return BillSettings.load(Path.of("config/exports/xero.yaml"), "Xero");
    }

    private static BillSettings quickBooks() {
        return BillSettings.load(Path.of("config/exports/quickbooks.yaml"), "QuickBooks");
    }
}
