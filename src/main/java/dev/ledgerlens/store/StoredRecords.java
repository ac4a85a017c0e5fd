package dev.ledgerlens.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ledgerlens.render.Word;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordEditor;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read model over stored records: what exports, {@code status} and review read. Never writes.
 * Thread-safe: every call takes its own connection from the pool.
 */
public final class StoredRecords {
    private final DataSource dataSource;

    public StoredRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Document counts by status, every status present (0 when none). */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("processing", "valid", "needs_review", "duplicate", "approved", "rejected",
                "dead_lettered", "submitted", "queued")) {
            counts.put(status, 0L);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select status, count(*) from documents group by status");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw StoreException.of("counting documents", e);
        }
    }

    /**
     * A filter for exports and review. Null bounds are open.
     *
     * @param documentId only this document, when not null
     * @param reviewRule only records with a review reason of this rule ({@code total_equals_parts}), when not null
     */
    public record Query(List<RecordStatus> statuses, LocalDate since, LocalDate until, Long documentId,
                        String reviewRule) {
        public Query(List<RecordStatus> statuses, LocalDate since, LocalDate until) {
            this(statuses, since, until, null, null);
        }
    }

    /**
     * What an export adds to a {@link Query}: records received since a moment (arrival, not the document's date), and
     * records not yet in any export of a format (the export ledger). Null parts do not narrow.
     *
     * @param receivedSince  only records received at or after this moment
     * @param notExportedIn  only records no export of this format ({@code exports.format}) has carried
     */
    public record Narrowing(OffsetDateTime receivedSince, String notExportedIn) {
        /** Narrows nothing. */
        public static final Narrowing NONE = new Narrowing(null, null);
    }

    /** Stored records matching the query, by document date, file name and SHA-256, with their current extraction. */
    public List<StoredDocument> find(Query query) {
        return find(query, Narrowing.NONE);
    }

    /** As {@link #find(Query)}, narrowed by arrival and by what was exported before. */
    public List<StoredDocument> find(Query query, Narrowing narrowing) {
        StringBuilder sql = new StringBuilder("""
                select d.id, d.sha256, d.file_name, d.source_uri, d.status, d.duplicate_of, d.review_reasons::text,
                       d.received_at, e.id as extraction_id, e.document_type, e.store_name, e.store_address,
                       e.document_date, e.document_time, e.subtotal, e.tax, e.tip, e.discount, e.total, e.currency,
                       e.payment_method, e.invoice_number, e.due_date, e.vendor_tax_id, e.bill_to, e.po_number,
                       e.vendor_vat_id, e.buyer_reference, e.net_total, e.charges, e.amount_due, e.iban, e.type_code
                from documents d join extractions e on e.id = d.current_extraction
                where d.status = any (?)""");
        if (query.since() != null) {
            sql.append(" and e.document_date >= ?");
        }
        if (query.until() != null) {
            sql.append(" and e.document_date <= ?");
        }
        if (narrowing.receivedSince() != null) {
            sql.append(" and d.received_at >= ?");
        }
        if (narrowing.notExportedIn() != null) {
            sql.append(" and not exists (select 1 from export_items i join exports x on x.id = i.export_id"
                    + " where i.document_id = d.id and x.format = ?)");
        }
        if (query.documentId() != null) {
            sql.append(" and d.id = ?");
        }
        if (query.reviewRule() != null) {
            sql.append(" and d.review_reasons @> jsonb_build_array(jsonb_build_object('rule', ?::text))");
        }
        // by what the document says, not by arrival order: the same records always export to the same bytes
        sql.append(" order by e.document_date nulls last, d.file_name, d.sha256");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setArray(i++, connection.createArrayOf("text",
                    query.statuses().stream().map(RecordStatus::label).toArray()));
            if (query.since() != null) {
                SqlValues.setDate(statement, i++, query.since());
            }
            if (query.until() != null) {
                SqlValues.setDate(statement, i++, query.until());
            }
            if (narrowing.receivedSince() != null) {
                statement.setObject(i++, narrowing.receivedSince());
            }
            if (narrowing.notExportedIn() != null) {
                statement.setString(i++, narrowing.notExportedIn());
            }
            if (query.documentId() != null) {
                statement.setLong(i++, query.documentId());
            }
            if (query.reviewRule() != null) {
                statement.setString(i, query.reviewRule());
            }
            List<StoredDocument> documents = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    documents.add(readStored(connection, rows));
                }
            }
            return documents;
        } catch (SQLException e) {
            throw StoreException.of("reading stored documents", e);
        }
    }

    private static StoredDocument readStored(Connection connection, ResultSet rows) throws SQLException {
        long extractionId = rows.getLong("extraction_id");
        List<DocumentRecord.LineItem> items = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select name, qty, unit_price, price, unit, vat_category, vat_rate from line_items where extraction_id = ?"
                        + " order by position")) {
            statement.setLong(1, extractionId);
            try (ResultSet itemRows = statement.executeQuery()) {
                while (itemRows.next()) {
                    items.add(new DocumentRecord.LineItem(itemRows.getString(1), itemRows.getBigDecimal(2),
                            itemRows.getBigDecimal(3), itemRows.getBigDecimal(4), itemRows.getString(5),
                            itemRows.getString(6), itemRows.getBigDecimal(7)));
                }
            }
        }
        List<DocumentRecord.TaxLine> taxLines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select rate, amount, base, category from tax_lines where extraction_id = ? order by position")) {
            statement.setLong(1, extractionId);
            try (ResultSet taxRows = statement.executeQuery()) {
                while (taxRows.next()) {
                    taxLines.add(new DocumentRecord.TaxLine(taxRows.getBigDecimal(1), taxRows.getBigDecimal(2),
                            taxRows.getBigDecimal(3), taxRows.getString(4)));
                }
            }
        }
        Time time = rows.getTime("document_time");
        DocumentRecord record = new DocumentRecord(rows.getString("document_type"), rows.getString("store_name"),
                rows.getString("store_address"), rows.getObject("document_date", LocalDate.class),
                time == null ? null : time.toLocalTime(), items, rows.getBigDecimal("subtotal"), rows.getBigDecimal("tax"),
                rows.getBigDecimal("tip"), rows.getBigDecimal("discount"), rows.getBigDecimal("total"),
                SqlValues.trimToNull(rows.getString("currency")), rows.getString("payment_method"), rows.getString("invoice_number"),
                rows.getObject("due_date", LocalDate.class), rows.getString("vendor_tax_id"), rows.getString("bill_to"),
                rows.getString("po_number"), taxLines,
                rows.getString("vendor_vat_id"), rows.getString("buyer_reference"), rows.getBigDecimal("net_total"),
                rows.getBigDecimal("charges"), rows.getBigDecimal("amount_due"), rows.getString("iban"),
                rows.getString("type_code"));
        long duplicateId = rows.getLong("duplicate_of");
        Long duplicateOf = rows.wasNull() ? null : duplicateId;
        List<ReviewReason> reasons = readReasons(rows.getString("review_reasons"));
        List<Correction> corrections = readCorrections(connection, extractionId);
        DocumentRecord corrected = EDITOR.apply(record, corrections.stream()
                .map(c -> new RecordEditor.Change(c.fieldPath(), c.oldValue(), c.newValue())).toList());
        return new StoredDocument(rows.getLong("id"), rows.getString("sha256"), rows.getString("file_name"),
                rows.getString("source_uri"), RecordStatus.fromLabel(rows.getString("status")), corrected,
                duplicateOf, reasons, rows.getObject("received_at", OffsetDateTime.class), extractionId, record,
                corrections);
    }

    private static final RecordEditor EDITOR = new RecordEditor();

    /** One stored record with its corrections applied, whatever its status. */
    public java.util.Optional<StoredDocument> find(long documentId) {
        return find(new Query(List.of(RecordStatus.values()), null, null, documentId, null)).stream().findFirst();
    }

    /** The records waiting for a reviewer ({@code needs_review}), optionally only those with a reason of {@code rule}. */
    public List<StoredDocument> needingReview(String rule) {
        return find(new Query(List.of(RecordStatus.NEEDS_REVIEW), null, null, null, rule));
    }

    /** How many records waiting for review have each reason, by rule name. */
    public Map<String, Long> reviewReasonCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select reason->>'rule', count(*) from documents d, jsonb_array_elements(d.review_reasons) reason
                     where d.status = 'needs_review' group by 1""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw StoreException.of("counting review reasons", e);
        }
    }

    /** The pages of a document as its current extraction read them, with their text and word boxes. */
    public List<StoredPage> pages(long documentId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select page_number, width, height, text_origin, text_content, words::text from pages
                     where document_id = ? order by page_number""")) {
            statement.setLong(1, documentId);
            List<StoredPage> pages = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    List<Word> words;
                    try {
                        words = Json.MAPPER.readValue(rows.getString(6), new TypeReference<List<Word>>() { });
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("pages.words is not a list of words: " + rows.getString(6), e);
                    }
                    pages.add(new StoredPage(rows.getInt(1), rows.getInt(2), rows.getInt(3), rows.getString(4),
                            rows.getString(5), words));
                }
            }
            return pages;
        } catch (SQLException e) {
            throw StoreException.of("reading the pages of document " + documentId, e);
        }
    }

    private static List<Correction> readCorrections(Connection connection, long extractionId) throws SQLException {
        List<Correction> corrections = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select id, field_path, old_value, new_value, reviewer, created_at from corrections
                where extraction_id = ? order by id""")) {
            statement.setLong(1, extractionId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    corrections.add(new Correction(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getObject(6, OffsetDateTime.class)));
                }
            }
        }
        return corrections;
    }

    private static List<ReviewReason> readReasons(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, new TypeReference<List<ReviewReason>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("review_reasons is not a JSON list: " + json, e);
        }
    }
}
