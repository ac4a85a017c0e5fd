package dev.ledgerlens.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The export ledger ({@code exports}, {@code export_items}): which files went out in which accounting format, with
 * the SHA-256 of their bytes and the documents they carried, so that the next default export leaves those documents
 * out. Thread-safe: every call takes its own connection from the pool.
 */
public final class ExportLedger {
    private final DataSource dataSource;

    public ExportLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One recorded file. */
    public record Entry(long id, String format, OffsetDateTime createdAt, String fileName, String sha256,
                        String importSetting, int bills, boolean repeated) {
    }

    /** A file about to be recorded, with the documents (their ids) it carries. */
    public record NewFile(String fileName, String sha256, String importSetting, int bills, List<Long> documentIds) {
        public NewFile {
            documentIds = List.copyOf(documentIds);
        }
    }

    /** What runs while the export lock of a format is held. */
    @FunctionalInterface
    public interface Locked<T> {
        T run(Session session);
    }

    /** Writing side of the ledger, valid inside {@link #locked}. */
    public interface Session {
        /**
         * Inserts the files and their documents, runs {@code write} (which puts the files on disk) and commits. If
         * {@code write} throws, nothing is recorded; if the commit fails, the exception says so and the caller must
         * take back what {@code write} wrote.
         */
        List<Entry> record(boolean repeated, List<NewFile> files, Runnable write);
    }

    /**
     * Runs {@code work} holding the export lock of {@code format} (a PostgreSQL advisory lock on its own connection,
     * released when the work ends or the process dies), so that two exports of one format, on one machine or
     * several, never select the same records as not yet exported.
     */
    public <T> T locked(String format, Locked<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, lockName(format));
                lock.execute();
            }
            try {
                return work.run((repeated, files, write) -> record(connection, format, repeated, files, write));
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
                    unlock.setString(1, lockName(format));
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw StoreException.of("holding the export lock of " + format, e);
        }
    }

    private static String lockName(String format) {
        return "ledgerlens.export." + format;
    }

    private static List<Entry> record(Connection connection, String format, boolean repeated, List<NewFile> files,
                                      Runnable write) {
        try {
            connection.setAutoCommit(false);
            List<Entry> entries = new ArrayList<>();
            try {
                for (NewFile file : files) {
                    entries.add(insert(connection, format, repeated, file));
                }
                write.run();
                connection.commit();
                return entries;
            } catch (SQLException | RuntimeException e) {
                StoreException.rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.of("recording an export", e);
        }
    }

    private static Entry insert(Connection connection, String format, boolean repeated, NewFile file) throws SQLException {
        Entry entry;
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into exports (format, file_name, sha256, import_setting, bills, repeated)
                values (?, ?, ?, ?, ?, ?)
                returning id, format, created_at, file_name, sha256, import_setting, bills, repeated""")) {
            statement.setString(1, format);
            statement.setString(2, file.fileName());
            statement.setString(3, file.sha256());
            statement.setString(4, file.importSetting());
            statement.setInt(5, file.bills());
            statement.setBoolean(6, repeated);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                entry = entry(rows);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into export_items (export_id, document_id) values (?, ?) on conflict do nothing")) {
            for (long documentId : file.documentIds()) {
                statement.setLong(1, entry.id());
                statement.setLong(2, documentId);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        return entry;
    }

    /** Every recorded file, newest first; only one format's when {@code format} is not null. */
    public List<Entry> list(String format) {
        String sql = "select id, format, created_at, file_name, sha256, import_setting, bills, repeated from exports"
                + (format == null ? "" : " where format = ?") + " order by id desc";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (format != null) {
                statement.setString(1, format);
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw StoreException.of("listing exports", e);
        }
    }

    /** The first recorded file of a format with exactly these bytes, if any: a repeat of an earlier export. */
    public Optional<Entry> firstWithBytes(String format, String sha256) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, format, created_at, file_name, sha256, import_setting, bills, repeated from exports"
                             + " where format = ? and sha256 = ? order by id limit 1")) {
            statement.setString(1, format);
            statement.setString(2, sha256);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.of("looking up an export by its bytes", e);
        }
    }

    /** The ids of the documents a recorded file carried, in id order. */
    public List<Long> documentsOf(long exportId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select document_id from export_items where export_id = ? order by document_id")) {
            statement.setLong(1, exportId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw StoreException.of("reading an export's documents", e);
        }
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        return new Entry(rows.getLong("id"), rows.getString("format"), rows.getObject("created_at", OffsetDateTime.class),
                rows.getString("file_name"), rows.getString("sha256"), rows.getString("import_setting"),
                rows.getInt("bills"), rows.getBoolean("repeated"));
    }
}
