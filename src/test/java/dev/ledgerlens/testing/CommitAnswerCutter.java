package dev.ledgerlens.testing;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback relay in front of the test PostgreSQL that, once {@link #arm() armed}, lets the next {@code COMMIT}
 * through, waits for the server's answer (so the transaction is committed) and then cuts the connection without
 * passing that answer on: the client sees an I/O error on a commit that did happen, as when the server or the
 * network goes down at that moment.
 */
public final class CommitAnswerCutter implements AutoCloseable {
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A relay to the database {@code target} connects to, with the same user and {@code password}. */
    public CommitAnswerCutter(DataSource target, String password) throws IOException, SQLException {
        URI uri;
        String user;
        try (Connection connection = target.getConnection()) {
            uri = URI.create(connection.getMetaData().getURL().substring("jdbc:".length()));
            user = connection.getMetaData().getUserName();
        }
        targetHost = uri.getHost();
        targetPort = uri.getPort() < 0 ? 5432 : uri.getPort();
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        dataSource.setServerNames(new String[] {listener.getInetAddress().getHostAddress()});
        dataSource.setPortNumbers(new int[] {listener.getLocalPort()});
        dataSource.setDatabaseName(uri.getPath().substring(1));
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setSslMode("disable"); // the relay reads the statements going by
        Thread acceptor = new Thread(this::accept, "commit-answer-cutter");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections through the relay, one per {@code getConnection()}. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The next COMMIT's answer is lost. */
    public void arm() {
        armed.set(true);
    }

    /** Whether a commit's answer was cut. */
    public boolean cut() {
        return cut.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                AtomicBoolean commitSent = new AtomicBoolean();
                pump(client, server, chunk -> {
                    if (contains(chunk, COMMIT) && armed.compareAndSet(true, false)) {
                        commitSent.set(true); // before the server can answer it
                    }
                    return true;
                });
                pump(server, client, chunk -> {
                    if (commitSent.get()) {
                        cut.set(true);
                        closeQuietly(client);
                        closeQuietly(server);
                        return false;
                    }
                    return true;
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface ChunkFilter {
        /** Whether to pass the chunk on. */
        boolean pass(byte[] chunk);
    }

    private static void pump(Socket from, Socket to, ChunkFilter filter) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    byte[] chunk = java.util.Arrays.copyOf(buffer, read);
                    if (!filter.pass(chunk)) {
                        return;
                    }
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the relay of this connection ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "commit-answer-cutter-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] chunk, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= chunk.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (chunk[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CommitAnswerCutter::closeQuietly);
    }
}
