package dev.ledgerlens.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;
import dev.ledgerlens.validate.ValidatedDocument;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents, pages, extractions, line items and tax lines tables.
 * Thread-safe: every call takes its own connection from the pool.
 */
public final class DocumentRepository {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentRepository.class);

    private final DataSource dataSource;

    public DocumentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The outcome of claiming a document for processing. */
    public record Claim(long documentId, boolean proceed, String existingStatus) {
    }

    /**
     * Claims a document by its SHA-256. A new document, or one a previous run left unfinished
     * ('processing', e.g. after a crash), is to be processed; any other known document is not.
     */
    public Claim claim(SourceDocument document) {
        String insert = """
                insert into documents (sha256, source_uri, file_name, byte_size, status)
                values (?, ?, ?, ?, 'processing')
                on conflict (sha256) do nothing
                returning id""";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, document.sha256());
                statement.setString(2, document.sourceUri());
                statement.setString(3, document.fileName());
                statement.setLong(4, document.size());
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return new Claim(rows.getLong(1), true, null);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id, status from documents where sha256 = ?")) {
                statement.setString(1, document.sha256());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    String status = rows.getString(2);
                    return new Claim(rows.getLong(1), "processing".equals(status), status);
                }
            }
        } catch (SQLException e) {
            throw StoreException.of("claiming document " + document.shortId(), e);
        }
    }

    /** Puts a document back to 'processing' for a replay from the dead-letter queue. */
    public void reopen(long documentId) {
        update("reopening document " + documentId,
                "update documents set status = 'processing', updated_at = now() where id = ?", documentId);
    }

    public void markDeadLettered(long documentId) {
        update("dead-lettering document " + documentId,
                "update documents set status = 'dead_lettered', updated_at = now() where id = ?", documentId);
    }

    /** Sets a reviewer's decision. Returns false when no stored record has that id. */
    public boolean setReviewStatus(long documentId, RecordStatus status) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     update documents set status = ?, updated_at = now()
                     where id = ? and status in ('valid', 'needs_review', 'duplicate', 'approved', 'rejected')""")) {
            statement.setString(1, status.label());
            statement.setLong(2, documentId);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw StoreException.of("reviewing document " + documentId, e);
        }
    }

    /** What was stored: the status and, for a near-duplicate, the earlier document it repeats. */
    public record StoreResult(long extractionId, RecordStatus status, Long duplicateOf) {
    }

    /**
     * Stores a validated document in one transaction: its pages, the extraction with usage, line items and
     * tax lines, and the document's new status. A record with the same vendor, number, date and total as an
     * earlier stored one (other bytes: a re-scan, a forwarded copy) is stored as {@code duplicate} of it.
     * The check and the insert hold a transaction-scoped advisory lock on that key, so two copies stored
     * at the same moment (by two workers or two instances) cannot both become the original.
     * <p>
     * Storing is idempotent for a document that is no longer {@code processing}: when the server committed but
     * its answer was lost (it went down, the connection broke), the attempt failed as DATABASE_UNAVAILABLE and is
     * redelivered; the redelivery finds the document stored and returns that outcome instead of a second
     * extraction. A replay reopens the document first, so it does store a new extraction.
     */
    public StoreResult store(long documentId, ValidatedDocument validated) {
        Extraction extraction = validated.extraction();
        DocumentRecord record = validated.record();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<StoreResult> earlier = lockStored(connection, documentId);
                if (earlier.isPresent()) {
                    LOG.info("document {} is already stored as {} by an earlier attempt whose commit was not confirmed;"
                            + " not stored again", documentId, earlier.get().status().label());
                    connection.rollback();
                    return earlier.get();
                }
                Long duplicateOf = null;
                String key = duplicateKey(record);
                if (key != null) {
                    try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                        lock.setString(1, key);
                        lock.execute();
                    }
                    duplicateOf = findNearDuplicate(connection, documentId, record).orElse(null);
                }
                RecordStatus status = duplicateOf != null ? RecordStatus.DUPLICATE : validated.status();
                insertPages(connection, documentId, extraction);
                long extractionId = insertExtraction(connection, documentId, validated);
                insertItems(connection, extractionId, record);
                try (PreparedStatement statement = connection.prepareStatement("""
                        update documents set status = ?, document_type = ?, page_count = ?, media_type = ?,
                               current_extraction = ?, duplicate_of = ?, review_reasons = ?::jsonb, updated_at = now()
                        where id = ?""")) {
                    statement.setString(1, status.label());
                    statement.setString(2, record.documentType());
                    statement.setInt(3, extraction.document().pageCount());
                    statement.setString(4, extraction.document().type().mediaType());
                    statement.setLong(5, extractionId);
                    setNullableLong(statement, 6, duplicateOf);
                    statement.setString(7, Json.write(validated.reasons()));
                    statement.setLong(8, documentId);
                    statement.executeUpdate();
                }
                connection.commit();
                return new StoreResult(extractionId, status, duplicateOf);
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("storing document " + documentId, e);
        }
    }

    /**
     * Locks the document's row for this transaction (a second attempt at the same document waits for the first)
     * and returns what an earlier attempt stored, if one did.
     */
    private static Optional<StoreResult> lockStored(Connection connection, long documentId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select status, current_extraction, duplicate_of from documents where id = ? for update")) {
            statement.setLong(1, documentId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("document " + documentId + " does not exist");
                }
                String status = rows.getString(1);
                long extractionId = rows.getLong(2);
                boolean stored = !rows.wasNull() && java.util.Arrays.stream(RecordStatus.values())
                        .anyMatch(s -> s.label().equals(status));
                if (!stored) {
                    return Optional.empty(); // 'processing', or 'dead_lettered' with nothing stored
                }
                long duplicateOf = rows.getLong(3);
                return Optional.of(new StoreResult(extractionId, RecordStatus.fromLabel(status),
                        rows.wasNull() ? null : duplicateOf));
            }
        }
    }

    private static void insertPages(Connection connection, long documentId, Extraction extraction) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from pages where document_id = ?")) {
            delete.setLong(1, documentId); // a replay renders again
            delete.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into pages (document_id, page_number, width, height, media_type, text_origin, text_content)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            for (RenderedPage page : extraction.document().pages()) {
                String text = page.hasTextLayer() ? page.textLayer().text() : extraction.ocrText().get(page.pageNumber());
                String origin = page.hasTextLayer() ? "pdf_text" : text != null ? "ocr" : null;
                statement.setLong(1, documentId);
                statement.setInt(2, page.pageNumber());
                statement.setInt(3, page.width());
                statement.setInt(4, page.height());
                statement.setString(5, page.mediaType());
                statement.setString(6, origin);
                statement.setString(7, text == null ? null : text.replace("\u0000", ""));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static long insertExtraction(Connection connection, long documentId, ValidatedDocument validated)
            throws SQLException {
        Extraction extraction = validated.extraction();
        DocumentRecord record = validated.record();
        Usage usage = extraction.usage();
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into extractions (document_id, engine, model, document_type, store_name, store_address,
                    document_date, document_time, subtotal, tax, tip, discount, total, currency, payment_method,
                    invoice_number, due_date, vendor_tax_id, bill_to, po_number, raw_fields, confidence, grounding,
                    estimated_tokens, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, request_ids)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb,
                        ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            statement.setLong(i++, documentId);
            statement.setString(i++, extraction.engine());
            statement.setString(i++, usage == null ? extraction.engine() : usage.model());
            statement.setString(i++, record.documentType());
            statement.setString(i++, record.storeName());
            statement.setString(i++, record.storeAddress());
            setDate(statement, i++, record.date());
            if (record.time() == null) {
                statement.setNull(i++, Types.TIME);
            } else {
                statement.setTime(i++, Time.valueOf(record.time()));
            }
            statement.setBigDecimal(i++, record.subtotal());
            statement.setBigDecimal(i++, record.tax());
            statement.setBigDecimal(i++, record.tip());
            statement.setBigDecimal(i++, record.discount());
            statement.setBigDecimal(i++, record.total());
            statement.setString(i++, record.currency());
            statement.setString(i++, record.paymentMethod());
            statement.setString(i++, record.invoiceNumber());
            setDate(statement, i++, record.dueDate());
            statement.setString(i++, record.vendorTaxId());
            statement.setString(i++, record.billTo());
            statement.setString(i++, record.poNumber());
            statement.setString(i++, Json.write(extraction.fields()));
            statement.setString(i++, Json.write(extraction.confidence()));
            statement.setString(i++, Json.write(validated.grounding()));
            statement.setLong(i++, usage == null ? 0 : usage.estimatedTokens());
            statement.setLong(i++, usage == null ? 0 : usage.promptTokens());
            statement.setLong(i++, usage == null ? 0 : usage.completionTokens());
            statement.setLong(i++, usage == null ? 0 : usage.cachedTokens());
            statement.setBigDecimal(i++, usage == null || usage.costUsd() == null ? BigDecimal.ZERO : usage.costUsd());
            statement.setLong(i++, usage == null ? 0 : usage.latencyMillis());
            statement.setString(i, usage == null ? null : usage.requestIds());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void insertItems(Connection connection, long extractionId, DocumentRecord record) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into line_items (extraction_id, position, name, qty, unit_price, price) values (?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (DocumentRecord.LineItem item : record.items()) {
                statement.setLong(1, extractionId);
                statement.setInt(2, position++);
                statement.setString(3, item.name());
                statement.setBigDecimal(4, item.qty());
                statement.setBigDecimal(5, item.unitPrice());
                statement.setBigDecimal(6, item.price());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into tax_lines (extraction_id, position, rate, amount) values (?, ?, ?, ?)")) {
            int position = 0;
            for (DocumentRecord.TaxLine line : record.taxLines()) {
                statement.setLong(1, extractionId);
                statement.setInt(2, position++);
                statement.setBigDecimal(3, line.rate());
                statement.setBigDecimal(4, line.amount());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** The near-duplicate key: vendor (case and spaces folded), number, date and total; null when incomplete. */
    private static String duplicateKey(DocumentRecord record) {
        if (record.storeName() == null || record.date() == null || record.total() == null) {
            return null;
        }
        return record.storeName().replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT) + "|"
                + (record.invoiceNumber() == null ? "" : record.invoiceNumber()) + "|" + record.date() + "|"
                + record.total().stripTrailingZeros().toPlainString();
    }

    /** An earlier stored record with the same vendor, document number, date and total but other bytes. */
    private static Optional<Long> findNearDuplicate(Connection connection, long documentId, DocumentRecord record)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select d.id from documents d join extractions e on e.id = d.current_extraction
                where d.id <> ? and d.status in ('valid', 'needs_review', 'approved', 'rejected')
                  and lower(regexp_replace(e.store_name, '\\s+', '', 'g')) = lower(regexp_replace(?, '\\s+', '', 'g'))
                  and e.document_date = ? and e.total = ?
                  and coalesce(e.invoice_number, '') = coalesce(?, '')
                order by d.id limit 1""")) {
            statement.setLong(1, documentId);
            statement.setString(2, record.storeName());
            setDate(statement, 3, record.date());
            statement.setBigDecimal(4, record.total());
            statement.setString(5, record.invoiceNumber());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Document counts by status, every status present (0 when none). */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("processing", "valid", "needs_review", "duplicate", "approved", "rejected",
                "dead_lettered")) {
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
                setDate(statement, i++, query.since());
            }
            if (query.until() != null) {
                setDate(statement, i, query.until());
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
                trimToNull(rows.getString("currency")), rows.getString("payment_method"), rows.getString("invoice_number"),
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

    private void update(String action, String sql, long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.of(action, e);
        }
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, date);
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
