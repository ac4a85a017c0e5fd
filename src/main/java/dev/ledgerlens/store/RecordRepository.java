package dev.ledgerlens.store;

import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.render.RenderedPage;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.RecordStatus;
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
import java.util.Optional;

/**
 * The store stage's writes: a validated document's pages, extraction (with usage), line items and tax lines,
 * its new status, and whether it is a near-duplicate of an earlier record.
 * Thread-safe: every call takes its own connection from the pool.
 */
public final class RecordRepository {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRepository.class);

    private final DataSource dataSource;

    public RecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
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
     * Storing is idempotent for a document that is already stored: when the server committed but its answer was
     * lost (it went down, the connection broke), the attempt failed as DATABASE_UNAVAILABLE and is redelivered;
     * the redelivery finds the document stored and returns that outcome instead of a second extraction.
     * <p>
     * A replayed document is still {@code dead_lettered} while it goes through the pipeline again (a crash or a
     * fatal stop mid-replay leaves it in the queue, its letter open); storing it closes its open dead letters in
     * this same transaction, so the letter is closed exactly when the record exists.
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
                insertInvoiceFields(connection, extractionId, record);
                try (PreparedStatement statement = connection.prepareStatement("""
                        update documents set status = ?, document_type = ?, page_count = ?, media_type = ?,
                               current_extraction = ?, duplicate_of = ?, review_reasons = ?::jsonb, updated_at = now()
                        where id = ?""")) {
                    statement.setString(1, status.label());
                    statement.setString(2, record.documentType());
                    statement.setInt(3, extraction.document().pageCount());
                    statement.setString(4, extraction.document().type().mediaType());
                    statement.setLong(5, extractionId);
                    SqlValues.setNullableLong(statement, 6, duplicateOf);
                    statement.setString(7, Json.write(validated.reasons()));
                    statement.setLong(8, documentId);
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement(
                        "update dead_letters set replayed_at = now() where document_id = ? and replayed_at is null")) {
                    statement.setLong(1, documentId);
                    statement.executeUpdate();
                }
                connection.commit();
                return new StoreResult(extractionId, status, duplicateOf);
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            } catch (AssertionError brokenConnection) {
                // pgjdbc asserts in BatchResultHandler.isAutoCommit when the connection breaks inside a batch (the
                // server went away): a broken connection like any other, redelivered, not a defect of the document
                StoreException.rollback(connection, new SQLException(brokenConnection));
                throw new LedgerlensException(FailureReason.DATABASE_UNAVAILABLE, "the connection broke while storing"
                        + " document " + documentId + ": " + brokenConnection.getMessage(), brokenConnection);
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
                insert into pages (document_id, page_number, width, height, media_type, text_origin, text_content, words)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
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
                statement.setString(8, Json.write(page.hasTextLayer() ? page.textLayer().words()
                        : extraction.ocrWords().getOrDefault(page.pageNumber(), java.util.List.of()))
                        .replace("\\u0000", "")); // jsonb refuses NUL, which a damaged text layer can hold
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
                    estimated_tokens, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, request_ids,
                    vendor_key)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb,
                        ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            statement.setLong(i++, documentId);
            statement.setString(i++, extraction.engine());
            statement.setString(i++, usage == null ? extraction.engine() : usage.model());
            statement.setString(i++, record.documentType());
            statement.setString(i++, record.storeName());
            statement.setString(i++, record.storeAddress());
            SqlValues.setDate(statement, i++, record.date());
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
            SqlValues.setDate(statement, i++, record.dueDate());
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
            statement.setString(i++, usage == null ? null : usage.requestIds());
            statement.setString(i, vendorKey(record.storeName()));
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

    /**
     * The fields that came with e-invoices (migration V6): the extraction's header fields, each line's unit and VAT,
     * each tax line's base and category. Written after the rows they extend; skipped when the record has none.
     */
    private static void insertInvoiceFields(Connection connection, long extractionId, DocumentRecord record)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update extractions set vendor_vat_id = ?, buyer_reference = ?, net_total = ?, charges = ?,
                       amount_due = ?, iban = ?, type_code = ?
                where id = ?""")) {
            statement.setString(1, record.vendorVatId());
            statement.setString(2, record.buyerReference());
            statement.setBigDecimal(3, record.netTotal());
            statement.setBigDecimal(4, record.charges());
            statement.setBigDecimal(5, record.amountDue());
            statement.setString(6, record.iban());
            statement.setString(7, record.typeCode());
            statement.setLong(8, extractionId);
            statement.executeUpdate();
        }
        if (record.items().stream().anyMatch(item -> item.unit() != null || item.vatCategory() != null || item.vatRate() != null)) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "update line_items set unit = ?, vat_category = ?, vat_rate = ? where extraction_id = ? and position = ?")) {
                for (int position = 0; position < record.items().size(); position++) {
                    DocumentRecord.LineItem item = record.items().get(position);
                    statement.setString(1, item.unit());
                    statement.setString(2, item.vatCategory());
                    statement.setBigDecimal(3, item.vatRate());
                    statement.setLong(4, extractionId);
                    statement.setInt(5, position);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        if (record.taxLines().stream().anyMatch(line -> line.base() != null || line.category() != null)) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "update tax_lines set base = ?, category = ? where extraction_id = ? and position = ?")) {
                for (int position = 0; position < record.taxLines().size(); position++) {
                    DocumentRecord.TaxLine line = record.taxLines().get(position);
                    statement.setBigDecimal(1, line.base());
                    statement.setString(2, line.category());
                    statement.setLong(3, extractionId);
                    statement.setInt(4, position);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    /** Unicode spaces of every kind, and the invisible format characters that ride along with them. */
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("[\\s\\p{Z}\\p{Cf}]+");

    /**
     * A vendor name folded for comparison: compatibility-normalised (full-width letters, ligatures), every kind of
     * space and invisible format character removed, lower case. Stored with the extraction, so that the lock below and
     * the query for an earlier record compare exactly the same key.
     */
    static String vendorKey(String storeName) {
        if (storeName == null) {
            return null;
        }
        String folded = SPACES.matcher(java.text.Normalizer.normalize(storeName, java.text.Normalizer.Form.NFKC))
                .replaceAll("").toLowerCase(java.util.Locale.ROOT);
        return folded.isEmpty() ? null : folded;
    }

    /**
     * The near-duplicate key: vendor, number, date, total, and whether it is a credit note (a credit note with the
     * number, date and total of its invoice is not a copy of it); null when incomplete.
     */
    private static String duplicateKey(DocumentRecord record) {
        String vendor = vendorKey(record.storeName());
        if (vendor == null || record.date() == null || record.total() == null) {
            return null;
        }
        return (record.isCreditNote() ? "credit|" : "") + vendor + "|" + (record.invoiceNumber() == null ? "" : record.invoiceNumber()) + "|" + record.date() + "|"
                + record.total().stripTrailingZeros().toPlainString();
    }

    /** An earlier stored record with the same vendor, document number, date and total but other bytes. */
    private static Optional<Long> findNearDuplicate(Connection connection, long documentId, DocumentRecord record)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select d.id from documents d join extractions e on e.id = d.current_extraction
                where d.id <> ? and d.status in ('valid', 'needs_review', 'approved', 'rejected')
                  and e.vendor_key = ? and (coalesce(e.document_type, '') = 'credit_note') = ?
                  and e.document_date = ? and e.total = ?
                  and coalesce(e.invoice_number, '') = coalesce(?, '')
                order by d.id limit 1""")) {
            statement.setLong(1, documentId);
            statement.setString(2, vendorKey(record.storeName()));
            statement.setBoolean(3, record.isCreditNote());
            SqlValues.setDate(statement, 4, record.date());
            statement.setBigDecimal(5, record.total());
            statement.setString(6, record.invoiceNumber());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }
}
