package dev.ledgerlens.store;

import dev.ledgerlens.ingest.DocumentClaims;
import dev.ledgerlens.ingest.SourceDocument;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Claims on documents by their SHA-256 (the documents table's identity column): the store side of
 * {@link DocumentClaims}. Thread-safe: every call takes its own connection from the pool.
 */
public final class ClaimRepository implements DocumentClaims {
    private final DataSource dataSource;

    public ClaimRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
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
                    // not 'queued' (given back by an OpenAI batch): the run takes those up from their kept originals,
                    // once each, with the re-ask each may be owed; the file read again is already known
                    return new Claim(rows.getLong(1), "processing".equals(status), status);
                }
            }
        } catch (SQLException e) {
            throw StoreException.of("claiming document " + document.shortId(), e);
        }
    }
}
