package dev.ledgerlens.stress;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guarantee "never lose a document, never store one twice", checked from the tables alone: every expected
 * document has exactly one {@code documents} row, a stored status and exactly one extraction; no other rows
 * exist and the dead-letter queue is empty. Reads only tables every version of the schema has, so it does not
 * depend on how documents are claimed. Not thread-safe (one check at a time).
 *
 * @param statusCounts documents rows by status
 * @param violations   one line per broken guarantee; empty when all held
 */
public record ExactlyOnceCheck(Map<String, Long> statusCounts, List<String> violations) {

    /** @param expected SHA-256 → file name of every document that was put in */
    public static ExactlyOnceCheck of(DataSource dataSource, Map<String, String> expected) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> extractions = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("""
                    select d.sha256, d.status, count(*) over (partition by d.sha256),
                           (select count(*) from extractions e where e.document_id = d.id)
                    from documents d""")) {
                while (result.next()) {
                    status.put(result.getString(1), result.getString(2));
                    rows.put(result.getString(1), result.getLong(3));
                    extractions.put(result.getString(1), result.getLong(4));
                    counts.merge(result.getString(2), 1L, Long::sum);
                }
            }
            try (ResultSet result = statement.executeQuery("select count(*) from dead_letters")) {
                result.next();
                if (result.getLong(1) > 0) {
                    violations.add(result.getLong(1) + " dead letters, expected none (the scripted model always answers)");
                }
            }
        }
        expected.forEach((sha, name) -> {
            if (!status.containsKey(sha)) {
                violations.add(name + ": lost (no documents row)");
                return;
            }
            if (rows.get(sha) != 1) {
                violations.add(name + ": " + rows.get(sha) + " documents rows");
            }
            if (!Set.of("valid", "needs_review").contains(status.get(sha))) {
                violations.add(name + ": status " + status.get(sha) + ", expected stored");
            }
            if (extractions.get(sha) != 1) {
                violations.add(name + ": stored " + extractions.get(sha) + " times (extractions rows)");
            }
        });
        if (status.size() != expected.size()) {
            violations.add(status.size() + " documents rows for " + expected.size() + " input documents");
        }
        return new ExactlyOnceCheck(counts, List.copyOf(violations));
    }
}
