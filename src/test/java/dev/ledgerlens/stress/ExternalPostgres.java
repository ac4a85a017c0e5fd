package dev.ledgerlens.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server this test owns, in a fresh temporary data directory, that it can stop and start again
 * with {@code pg_ctl} (an outage as an operator or a failover causes it). Uses Debian's {@code postgresql}
 * binaries when installed, else the ones the embedded PostgreSQL unpacked under {@code /tmp/ledgerlens-postgres-*}.
 * When run as root the server runs as the {@code postgres} user, since PostgreSQL refuses root.
 * Not thread-safe.
 */
public final class ExternalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final List<String> asUser;

    private final String serverOptions;

    private ExternalPostgres(Path bin, Path dataDir, int port, List<String> asUser, String serverOptions) {
        this.serverOptions = serverOptions;
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asUser = asUser;
    }

    /** The folder holding {@code initdb} and {@code pg_ctl}, if any is installed. */
    public static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin")).forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> unpacked = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            unpacked.filter(p -> p.getFileName().toString().matches("ledgerlens-postgres-[0-9a-f]+"))
                    .map(p -> p.resolve("bin")).forEach(candidates::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return candidates.stream()
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                .findFirst();
    }

    /** Creates a data directory with {@code initdb} (trust authentication, loopback only) and starts the server. */
    public static ExternalPostgres start(Path bin) throws IOException, InterruptedException {
        return start(bin, "");
    }

    /** As {@link #start(Path)}, the server started with more options ({@code -c fsync=off}). */
    public static ExternalPostgres start(Path bin, String serverOptions) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "ledgerlens-external-pg-");
        List<String> asUser = List.of();
        if (root) {
            UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dataDir, postgres);
            asUser = List.of("runuser", "-u", "postgres", "--");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ExternalPostgres server = new ExternalPostgres(bin, dataDir, port, asUser, serverOptions);
        server.run(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync");
        server.start();
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server and returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        run(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-l",
                dataDir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 " + serverOptions, "start");
    }

    /**
     * Stops the server: {@code fast} ends every session and rolls back open transactions (a restart, a
     * failover); {@code immediate} is a crash (recovery from the WAL at the next start).
     */
    public void stop(String mode) throws IOException, InterruptedException {
        run(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", mode, "-w", "stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dataDir.resolve("data").resolve("postmaster.pid"))) {
                stop("fast");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("pg_ctl.out").toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " failed: " + Files.readString(dataDir.resolve("pg_ctl.out")));
        }
    }
}
