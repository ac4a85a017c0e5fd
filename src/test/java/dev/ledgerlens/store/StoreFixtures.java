package dev.ledgerlens.store;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.Rows;
import dev.ledgerlens.testing.TestDatabase;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ValidatedDocument;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Documents and records for the repository tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static SourceDocument document(String sha) {
        return new SourceDocument(sha.repeat(64 / sha.length()), "file:/in/a.pdf", "a.pdf", 10, Path.of("a.pdf"));
    }

    /** The same receipt as read from another copy of it. */
    static ValidatedDocument validated(long id) {
        SourceDocument source = document(Long.toHexString(id));
        RenderedDocument rendered = new RenderedDocument(source, DocumentType.PDF, 1, List.of());
        DocumentRecord record = new DocumentRecord("receipt", "Corner  Bakery Ltd", null, LocalDate.of(2026, 3, 2), null,
                List.of(new DocumentRecord.LineItem("Loaf", BigDecimal.ONE, new BigDecimal("3.20"), new BigDecimal("3.20"))),
                null, null, null, null, new BigDecimal("3.20"), "GBP", null, null, null, null, null, null, List.of());
        Extraction extraction = new Extraction(rendered, "offline", RawFields.empty(), Map.of(), List.of(),
                Usage.offline(5), Map.of());
        return new ValidatedDocument(extraction, record, RecordStatus.VALID, List.of(), Map.of());
    }

    static ValidatedDocument dated(long id, LocalDate date, String total) {
        ValidatedDocument base = validated(id);
        DocumentRecord record = base.record();
        DocumentRecord other = new DocumentRecord(record.documentType(), "Other Shop", null, date, null, record.items(),
                null, null, null, null, new BigDecimal(total), "GBP", null, null, null, null, null, null, List.of());
        return new ValidatedDocument(base.extraction(), other, RecordStatus.VALID, List.of(), Map.of());
    }

    static List<Long> extractionsOf(long documentId) {
        return new Rows(TestDatabase.get().dataSource())
                .list("select id from extractions where document_id = ? order by id", documentId).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    static String statusOf(long documentId) {
        return (String) new Rows(TestDatabase.get().dataSource())
                .list("select status from documents where id = ?", documentId).get(0).get("status");
    }
}
