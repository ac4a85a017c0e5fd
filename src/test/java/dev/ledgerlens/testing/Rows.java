package dev.ledgerlens.testing;

import dev.ledgerlens.store.Database;
import dev.ledgerlens.store.DatabaseSettings;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Path;

/**
 * Plain SQL reads for integration tests that check what a run left in the database, the way an operator
 * would with {@code psql}. Stateless; thread-safe as the data source is.
 */
public final class Rows {
    private final DataSource dataSource;

    public Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens (starts) the embedded PostgreSQL of a Ledgerlens data directory from the test process. While the test
     * holds it, a {@code ledgerlens} child process on the same data directory attaches to it, exactly like a second
     * Ledgerlens process does, so the test can read between runs without starting the server again.
     */
    public static Database ownEmbedded(Path dataDir) {
        return Database.open(new DatabaseSettings(Optional.empty(), null, null, dataDir.resolve("postgres"), 4));
    }

    /** Every row of a query, column label → value, in order. */
    public List<Map<String, Object>> list(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), rows.getObject(column));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one statement (a test's stand-in for what a crashed process left); returns the rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The one row of a query. */
    public Map<String, Object> one(String sql, Object... parameters) {
        List<Map<String, Object>> rows = list(sql, parameters);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " from: " + sql + " " + rows);
        }
        return rows.get(0);
    }

    /** The first column of the one row of a query, as a long ({@code select count(*) …}). */
    public long count(String sql, Object... parameters) {
        return ((Number) one(sql, parameters).values().iterator().next()).longValue();
    }

    /**
     * Like a {@code pg_dump} grep: every value of every text-like column (text, varchar, char, json, jsonb) of every
     * table in the public schema that contains {@code needle}, as "table.column: value".
     */
    public List<String> textContaining(String needle) {
        List<String> hits = new ArrayList<>();
        List<Map<String, Object>> columns = list("""
                select table_name, column_name from information_schema.columns
                where table_schema = 'public'
                  and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')""");
        if (columns.isEmpty()) {
            throw new AssertionError("no text columns found: is this the Ledgerlens database?");
        }
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            for (Map<String, Object> row : list("select \"" + name + "\"::text as v from \"" + table + "\" where strpos(\""
                    + name + "\"::text, ?) > 0", needle)) {
                hits.add(table + "." + name + ": " + row.get("v"));
            }
        }
        return hits;
    }
}
