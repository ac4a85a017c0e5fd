package dev.ledgerlens.export;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.store.ClaimRepository;
import dev.ledgerlens.store.ExportLedger;
import dev.ledgerlens.store.RecordRepository;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ValidatedDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each bill is exported once: the export ledger against the real PostgreSQL with the production migrations. Records are
 * stored the way the pipeline stores them (claim, then store), exports run through {@link ExportRun} with the shipped
 * Xero and QuickBooks configuration.
 */
class ExportLedgerTest {
    private static final StoredRecords.Query VALID = new StoredRecords.Query(List.of(RecordStatus.VALID), null, null);

    @TempDir
    Path folder;

    private ClaimRepository claims;
    private RecordRepository records;
    private ExportLedger ledger;
    private ExportRun exports;
    private Rows rows;
    private int stored;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncate();
        rows = new Rows(TestDatabase.get().dataSource());
        try (var connection = TestDatabase.get().dataSource().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("truncate exports, export_items restart identity cascade");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        claims = new ClaimRepository(TestDatabase.get().dataSource());
        records = new RecordRepository(TestDatabase.get().dataSource());
        ledger = new ExportLedger(TestDatabase.get().dataSource());
        exports = new ExportRun(new StoredRecords(TestDatabase.get().dataSource()), ledger);
    }

    @Test
    void exportingTwiceExportsNothingTheSecondTime() throws IOException {
        store("Northwind Office Supply", LocalDate.of(2026, 10, 14), "12.60");
        store("Corner Cafe", LocalDate.of(2026, 10, 15), "8.40");

        ExportRun.Result first = exports.run(xero(), request(null, false, "bills.csv"));
        ExportRun.Result second = exports.run(xero(), request(null, false, "again.csv"));

        assertThat(first.documents()).isEqualTo(2);
        assertThat(Files.readString(folder.resolve("bills-tax-exclusive.csv"))).contains("Northwind").contains("Corner Cafe");
        assertThat(second.files()).as("nothing new: no file").isEmpty();
        assertThat(second.leftOut()).isEqualTo(2);
        assertThat(folder.resolve("again-tax-exclusive.csv")).doesNotExist();
        assertThat(rows.count("select count(*) from export_items")).isEqualTo(2);
        // the ledger is per format: QuickBooks has not had them yet
        assertThat(exports.run(quickBooks(), request(null, false, "qbo.csv")).documents()).isEqualTo(2);
    }

    @Test
    void aLateArrivingOldReceiptIsInTheNextExport() throws IOException {
        store("Northwind Office Supply", LocalDate.of(2026, 11, 2), "12.60");
        exports.run(xero(), request(null, false, "november.csv"));

        // scanned weeks later, dated before everything already exported
        long late = store("Late Receipt Bakery", LocalDate.of(2026, 9, 30), "4.20");
        OffsetDateTime arrival = ((java.sql.Timestamp) rows.one("select received_at from documents where id = ?", late)
                .get("received_at")).toInstant().atOffset(java.time.ZoneOffset.UTC);
        ExportRun.Result next = exports.run(xero(), request(null, false, "next.csv"));

        assertThat(next.documents()).isEqualTo(1);
        assertThat(Files.readString(folder.resolve("next-tax-exclusive.csv"))).contains("Late Receipt Bakery")
                .doesNotContain("Northwind");
        // by arrival, the same receipt is what came in since the first export, whatever its date
        ExportRun.Result arrived = exports.run(xero(), new ExportRun.Request(VALID, arrival, true,
                folder.resolve("arrived.csv")));
        assertThat(Files.readString(folder.resolve("arrived-tax-exclusive.csv"))).contains("Late Receipt Bakery")
                .doesNotContain("Northwind");
        assertThat(arrived.documents()).isEqualTo(1);
    }

    @Test
    void againRepeatsExactlyTheBytesOfTheFirstExportOfARange() throws IOException {
        store("Northwind Office Supply", LocalDate.of(2026, 10, 14), "12.60");
        store("Corner Cafe", LocalDate.of(2026, 10, 15), "8.40");
        StoredRecords.Query october = new StoredRecords.Query(List.of(RecordStatus.VALID), LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 31));
        ExportRun.Result first = exports.run(xero(), new ExportRun.Request(october, null, false, folder.resolve("oct.csv")));
        byte[] firstBytes = Files.readAllBytes(folder.resolve("oct-tax-exclusive.csv"));
        // something else arrives in between, dated outside the range
        store("November Shop", LocalDate.of(2026, 11, 3), "1.00");

        ExportRun.Result again = exports.run(xero(), new ExportRun.Request(october, null, true, folder.resolve("oct.csv")));

        assertThat(Files.readAllBytes(folder.resolve("oct-tax-exclusive.csv"))).isEqualTo(firstBytes);
        assertThat(again.files().get(0).sameBytesAs()).isEqualTo(first.files().get(0).exportId());
        assertThat(ledger.list("xero")).hasSize(2).first().satisfies(entry -> {
            assertThat(entry.repeated()).isTrue();
            assertThat(entry.sha256()).isEqualTo(first.files().get(0).file().sha256());
            assertThat(entry.importSetting()).isEqualTo("Tax Exclusive");
        });
        assertThat(exports.run(xero(), request(null, false, "rest.csv")).documents()).as("only November is left").isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeWrittenIsNotRecordedSoItsBillsStayToBeExported() throws IOException {
        store("Northwind Office Supply", LocalDate.of(2026, 10, 14), "12.60");
        Path blocker = Files.writeString(folder.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> exports.run(xero(), new ExportRun.Request(VALID, null, false, blocker.resolve("bills.csv"))))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(rows.count("select count(*) from exports")).isZero();
        assertThat(exports.run(xero(), request(null, false, "bills.csv")).documents()).isEqualTo(1);
    }

    @Test
    void twoExportsAtOnceNeverCarryTheSameBill() throws Exception {
        for (int i = 0; i < 12; i++) {
            store("Shop " + i, LocalDate.of(2026, 10, 1 + i), "1." + (10 + i));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<ExportRun.Result>> results = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                String name = "worker-" + worker + ".csv";
                results.add(workers.submit(() -> {
                    start.await();
                    return exports.run(xero(), request(null, false, name));
                }));
            }
            Set<Long> exported = new HashSet<>();
            int total = 0;
            for (Future<ExportRun.Result> result : results) {
                for (ExportRun.Written file : result.get().files()) {
                    for (var document : file.file().documents()) {
                        exported.add(document.id());
                        total++;
                    }
                }
            }
            assertThat(total).as("each bill in exactly one of the two exports").isEqualTo(12);
            assertThat(exported).hasSize(12);
        } finally {
            workers.shutdownNow();
        }
    }

    private ExportRun.Request request(OffsetDateTime receivedSince, boolean again, String output) {
        return new ExportRun.Request(VALID, receivedSince, again, folder.resolve(output));
    }

    private static Exporter xero() {
        return ExportFormat.XERO.exporter(ExportSettings.defaults());
    }

    private static Exporter quickBooks() {
        return ExportFormat.QUICKBOOKS.exporter(ExportSettings.defaults());
    }

    /** Claims and stores a valid receipt of one line at 20% VAT printed without a rate. */
    private long store(String vendor, LocalDate date, String total) {
        String sha = String.format("%010x", ++stored) + "0".repeat(54); // bill numbers are LL- and the first 10
        SourceDocument source = new SourceDocument(sha, "file:/in/" + stored + ".pdf", stored + ".pdf", 10, Path.of("x.pdf"));
        long id = claims.claim(source).documentId();
        DocumentRecord record = new DocumentRecord("receipt", vendor, null, date, null,
                List.of(new DocumentRecord.LineItem("Goods", BigDecimal.ONE, new BigDecimal(total), new BigDecimal(total))),
                null, null, null, null, new BigDecimal(total), "GBP", null, null, null, null, null, null, List.of());
        Extraction extraction = new Extraction(new RenderedDocument(source, DocumentType.PDF, 1, List.of()), "offline",
                RawFields.empty(), Map.of(), List.of(), Usage.offline(5), Map.of());
        records.store(id, new ValidatedDocument(extraction, record, RecordStatus.VALID, List.of(), Map.of()));
        return id;
    }
}
