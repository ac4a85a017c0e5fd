package dev.ledgerlens.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL as a user gets it: durable (fsync on) and closed to anyone without its password, over
 * TCP and over its socket; a second process of the same data directory attaches with the password file.
 */
class EmbeddedDatabaseTest {
    @TempDir
    Path data;

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void aCommitSurvivesAPowerCutAndNoOneWithoutThePasswordGetsIn() throws Exception {
        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null,
                data.resolve("postgres"), 2, "127.0.0.1"));
             Connection connection = database.dataSource().getConnection()) {
            assertThat(show(connection, "fsync")).isEqualTo("on");
            assertThat(show(connection, "full_page_writes")).isEqualTo("on");
            assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(show(connection, "password_encryption")).isEqualTo("scram-sha-256");

            Path passwordFile = data.resolve("postgres-password");
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("postgres"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            String password = Files.readString(passwordFile).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            int port = Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).trim());

            // over TCP: no password, a wrong one
            assertThatThrownBy(() -> tcp(port, null).getConnection().close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> tcp(port, "guess").getConnection().close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            // over the socket: the same
            PGSimpleDataSource socket = LocalPostgres.attach(data.resolve("postgres"));
            socket.setPassword(null);
            assertThatThrownBy(() -> socket.getConnection().close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            socket.setPassword("guess");
            assertThatThrownBy(() -> socket.getConnection().close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            // with it, both ways
            try (Connection viaTcp = tcp(port, password).getConnection()) {
                assertThat(viaTcp.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void byDefaultTheServerListensOnItsPrivateSocketOnly() throws Exception {
        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null,
                data.resolve("postgres"), 2));
             Connection connection = database.dataSource().getConnection()) {
            assertThat(show(connection, "listen_addresses")).isEmpty();
            assertThat(show(connection, "unix_socket_permissions")).isEqualTo("0700");
            assertThat(show(connection, "unix_socket_directories")).isEqualTo(data.resolve("postgres").toString());

            // a second Ledgerlens process on the same data directory attaches with the password file
            try (Database second = Database.open(new DatabaseSettings(Optional.empty(), null, null,
                    data.resolve("postgres"), 2));
                 Connection other = second.dataSource().getConnection()) {
                assertThat(other.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void aClusterFromBeforePasswordsGetsOneAtItsNextStart() throws Exception {
        Path cluster = data.resolve("postgres");
        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null, cluster, 2))) {
            assertThat(database.isReachable()).isTrue();
        }
        // what an older version left: trust authentication and no password file
        Files.writeString(cluster.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        Files.delete(data.resolve("postgres-password"));

        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null, cluster, 2, "127.0.0.1"))) {
            assertThat(database.isReachable()).isTrue();
            assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).doesNotContain("trust");
            int port = Integer.parseInt(Files.readAllLines(cluster.resolve("postmaster.pid")).get(3).trim());
            assertThatThrownBy(() -> tcp(port, null).getConnection().close()).isInstanceOf(SQLException.class);
            try (Connection connection = tcp(port, Files.readString(data.resolve("postgres-password")).trim()).getConnection()) {
                assertThat(connection.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void aPidFileNamingAnotherProcessIsStaleAndNeverSignalled() throws Exception {
        Path cluster = data.resolve("postgres");
        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null, cluster, 2))) {
            assertThat(database.isReachable()).isTrue();
        }
        // after a reboot the pid in the file may be any process: here, this test's own JVM
        long someoneElse = ProcessHandle.current().pid();
        Files.writeString(cluster.resolve("postmaster.pid"), someoneElse + "\n" + cluster + "\n0\n5432\n" + cluster + "\n\n");
        assertThat(LocalPostgres.isServerOf(ProcessHandle.current(), cluster)).isFalse();

        try (Database database = Database.open(new DatabaseSettings(Optional.empty(), null, null, cluster, 2))) {
            assertThat(database.isReachable()).as("started after removing the stale pid file").isTrue();
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private static PGSimpleDataSource tcp(int port, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser("postgres");
        dataSource.setPassword(password);
        return dataSource;
    }
}
