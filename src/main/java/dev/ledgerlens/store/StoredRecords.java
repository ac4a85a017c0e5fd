package dev.ledgerlens.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ledgerlens.validate.DocumentRecord;
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

    /** A filter for exports. Null bounds are open. */
    public record Query(List<RecordStatus> statuses, LocalDate since, LocalDate until) {
    }

    /** Stored records matching the query, by document date, file name and SHA-256, with their current extraction. */
    public List<StoredDocument> find(Query query) {
        StringBuilder sql = new StringBuilder("""
                select d.id, d.sha256, d.file_name, d.source_uri, d.status, d.duplicate_of, d.review_reasons::text,
                       d.received_at, e.id as extraction_id, e.document_type, e.store_name, e.store_address,
                       e.document_date, e.document_time, e.subtotal, e.tax, e.tip, e.discount, e.total, e.currency,
                       e.payment_method, e.invoice_number, e.due_date, e.vendor_tax_id, e.bill_to, e.po_number
                from documents d join extractions e on e.id = d.current_extraction
                where d.status = any (?)""");
        if (query.since() != null) {
            sql.append(" and e.document_date >= ?");
        }
        if (query.until() != null) {
            sql.append(" and e.document_date <= ?");
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
                SqlValues.setDate(statement, i, query.until());
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
                "select name, qty, unit_price, price from line_items where extraction_id = ? order by position")) {
            statement.setLong(1, extractionId);
            try (ResultSet itemRows = statement.executeQuery()) {
                while (itemRows.next()) {
                    items.add(new DocumentRecord.LineItem(itemRows.getString(1), itemRows.getBigDecimal(2),
                            itemRows.getBigDecimal(3), itemRows.getBigDecimal(4)));
                }
            }
        }
        List<DocumentRecord.TaxLine> taxLines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select rate, amount from tax_lines where extraction_id = ? order by position")) {
            statement.setLong(1, extractionId);
            try (ResultSet taxRows = statement.executeQuery()) {
                while (taxRows.next()) {
                    taxLines.add(new DocumentRecord.TaxLine(taxRows.getBigDecimal(1), taxRows.getBigDecimal(2)));
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
                rows.getString("po_number"), taxLines);
        long duplicateId = rows.getLong("duplicate_of");
        Long duplicateOf = rows.wasNull() ? null : duplicateId;
        List<ReviewReason> reasons = readReasons(rows.getString("review_reasons"));
        return new StoredDocument(rows.getLong("id"), rows.getString("sha256"), rows.getString("file_name"),
                rows.getString("source_uri"), RecordStatus.fromLabel(rows.getString("status")), record,
                duplicateOf, reasons, rows.getObject("received_at", OffsetDateTime.class));
    }

    private static List<ReviewReason> readReasons(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, new TypeReference<List<ReviewReason>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("review_reasons is not a JSON list: " + json, e);
        }
    }
}
