package dev.ledgerlens.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.testing.FakeOpenAiServer;
import dev.ledgerlens.testing.HostileCorpus;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import com.sun.management.GarbageCollectionNotificationInfo;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cases of the bomb matrix, run one after another in one JVM by {@link BombMatrixIT}: the real application
 * (embedded PostgreSQL, the OpenAI engine against {@link FakeOpenAiServer}) is opened once, warmed up, and then runs
 * over each case's inbox in turn. For each case it appends to the report file, one JSON object a line, flushed at
 * once: {@code {"event":"start","case":…}} before the case, and after it {@code {"event":"end","case":…}} with what
 * became of each file, how long the run took, how far the heap grew above its level right before the case, which log
 * lines the case produced, and whether any render thread was still alive or the process still busy ten seconds after
 * the render deadline. A case that ends the JVM (an exhausted heap, with {@code -XX:+ExitOnOutOfMemoryError}) leaves
 * its start line without an end line: that is how the parent names it.
 *
 * <p>Arguments: the cases file (a JSON array of {@code {"name": folder name, "inbox": path}}), the data folder, the
 * report file, the answers file ({@code sha256 → answer JSON}), and {@code timed} or {@code heap}: a heap run forces
 * a full collection every 100 ms to weigh what each case holds, which slows it down, so its times and outcomes are not
 * the cases' (its render deadline is ten times longer).
 */
public final class BombMatrixChild {
    /** The render deadline in the matrix: long enough for any honest file here, short enough to wait out. */
    static final Duration RENDER_TIMEOUT = Duration.ofSeconds(10);
    /** How long after the deadline no render thread may be alive, and no core busy. */
    static final Duration AFTER_DEADLINE = Duration.ofSeconds(10);

    private BombMatrixChild() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode cases = json.readTree(Path.of(args[0]).toFile());
        Path data = Path.of(args[1]);
        Path report = Path.of(args[2]);
        boolean weighHeap = args[4].equals("heap");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
             Writer lines = Files.newBufferedWriter(report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (Iterator<Map.Entry<String, JsonNode>> answers = json.readTree(Path.of(args[3]).toFile()).fields();
                 answers.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = answers.next();
                model.when(answer.getKey(), FakeOpenAiServer.Reply.json(answer.getValue().asText()));
            }
            try (Application application = Application.open(new ConfigSource(new Properties(), Map.of(
                    "LEDGERLENS_DATA_DIR", data.toString(),
                    "LEDGERLENS_ENGINE", "openai",
                    "OPENAI_API_KEY", "bomb-matrix-key",
                    "OPENAI_BASE_URL", model.baseUrl(),
                    "LEDGERLENS_CONCURRENCY", "1",
                    "LEDGERLENS_OPENAI_MAX_RETRIES", "0",
                    // a full collection every 100 ms slows rendering: the heap is weighed without the deadline's help
                    "LEDGERLENS_RENDER_TIMEOUT", (weighHeap ? 10 * RENDER_TIMEOUT.toSeconds() : RENDER_TIMEOUT.toSeconds()) + "s")))) {
                warmUp(application, data.resolveSibling(data.getFileName() + "-warm-up"), model);
                for (JsonNode matrixCase : cases) {
                    String name = matrixCase.path("name").asText();
                    write(lines, json.createObjectNode().put("event", "start").put("case", name));
                    ObjectNode result = runCase(application, Path.of(matrixCase.path("inbox").asText()), weighHeap, logs, json);
                    write(lines, result.put("event", "end").put("case", name));
                }
            }
        }
        System.exit(0);
    }

    /** One case, measured against the heap level right before it. */
    private static ObjectNode runCase(Application application, Path inbox, boolean weighHeap,
                                      ListAppender<ILoggingEvent> logs, ObjectMapper json) throws Exception {
        ObjectNode result = json.createObjectNode();
        // the rows of earlier cases stay in the database: this case's are those numbered above them
        long lastDocument = maxId(application, "documents");
        long lastLetter = maxId(application, "dead_letters");
        clear(logs);
        HeapWatch heap = new HeapWatch(weighHeap);
        heap.start();
        long start = System.nanoTime();
        RunTracker.Summary summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP,
                new RunTracker(), null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        heap.stop();
        result.put("millis", millis);
        result.put("heapBaselineBytes", heap.baseline);
        result.put("peakUsedBytes", heap.peakUsed.get());
        result.put("peakAfterGcBytes", heap.peakAfterGc.get());
        result.put("summary", summary.toString());
        ArrayNode documents = result.putArray("documents");
        ArrayNode letters = result.putArray("deadLetters");
        try (Connection connection = application.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select file_name, status from documents where id > " + lastDocument)) {
                while (rows.next()) {
                    documents.addObject().put("file", rows.getString(1)).put("status", rows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "select file_name, reason, message from dead_letters where id > " + lastLetter)) {
                while (rows.next()) {
                    letters.addObject().put("file", rows.getString(1)).put("reason", rows.getString(2))
                            .put("message", rows.getString(3));
                }
            }
        }
        // A document abandoned at its deadline ended the run no earlier than that deadline: wait the grace after it.
        boolean timedOut = letters.findValuesAsText("reason").contains("RENDER_TIMEOUT");
        if (timedOut) {
            TimeUnit.MILLISECONDS.sleep(AFTER_DEADLINE.toMillis());
        }
        result.put("waitedAfterDeadline", timedOut);
        ArrayNode alive = result.putArray("renderThreadsAlive");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
            if (thread.getThreadName().matches("ledgerlens-render-[0-9a-f]+")) {
                alive.add(thread.getThreadName() + " " + thread.getThreadState());
            }
        }
        if (!weighHeap) {
            // only the timed run's idle seconds are judged: the heap run's forced collections are not idle
            result.put("threadCpuMillisInTwoIdleSeconds", cpuOver(Duration.ofSeconds(2)));
        }
        ArrayNode logged = result.putArray("logLines");
        for (ILoggingEvent event : clear(logs)) {
            logged.add(event.getLevel() + " " + event.getFormattedMessage());
        }
        result.put("jvmAlive", true);
        return result;
    }

    private static long maxId(Application application, String table) throws SQLException {
        try (Connection connection = application.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select coalesce(max(id), 0) from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Takes what was logged since the last call; the appender appends under its own lock. */
    private static List<ILoggingEvent> clear(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) {
            List<ILoggingEvent> taken = new ArrayList<>(logs.list);
            logs.list.clear();
            return taken;
        }
    }

    /** One line of the report, flushed at once: the next line may never come. */
    private static void write(Writer lines, ObjectNode line) throws IOException {
        lines.write(line.toString());
        lines.write('\n');
        lines.flush();
    }

    /**
     * Runs a plain receipt PDF and PNG through first, so that what is loaded once per process (PDFBox's font table,
     * ImageIO's plugins, the routes) is neither timed nor weighed with the first case.
     */
    private static void warmUp(Application application, Path folder, FakeOpenAiServer model) throws IOException {
        Files.createDirectories(folder);
        byte[] pdf = HostileCorpus.receiptPdf(9_001);
        byte[] png = HostileCorpus.receiptPng(9_002);
        Files.write(folder.resolve("warm-up.pdf"), pdf);
        Files.write(folder.resolve("warm-up.png"), png);
        model.when(HostileCorpus.sha256(pdf), FakeOpenAiServer.Reply.json(HostileCorpus.answerFor(9_001)));
        model.when(HostileCorpus.sha256(png), FakeOpenAiServer.Reply.json(HostileCorpus.answerFor(9_002)));
        new BatchRun(application).run(folder, InputDisposition.After.KEEP, new RunTracker(), null);
    }

    /**
     * CPU time all Java threads used over {@code window}: a render stuck in a decoder would use all of it. (The JIT
     * compiler and the collector are not Java threads, PostgreSQL runs in processes of its own.)
     */
    private static long cpuOver(Duration window) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            before.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        TimeUnit.MILLISECONDS.sleep(window.toMillis());
        long used = 0;
        for (long id : threads.getAllThreadIds()) {
            long now = threads.getThreadCpuTime(id);
            if (now > 0) {
                used += now - before.getOrDefault(id, 0L);
            }
        }
        return used / 1_000_000;
    }

    /**
     * The heap during one case, against the level after a full collection right before it: the most in use at any
     * sample (2 ms apart, garbage included), and the most still in use right after a full collection forced every
     * 100 ms (what the case really held; the young collections G1 makes by itself leave old garbage counted).
     *
     * <p>What a full collection left is read from the collection's own report (its notification's usage after the
     * collection, summed over the heap pools), not from the heap's usage once {@code System.gc()} has returned: on a
     * loaded machine this thread can wait tens of ms for a core after the collection while a decoder allocates
     * hundreds of MB a second, and that garbage would be weighed as held.
     */
    private static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        /** Forced collections made, and those whose report has arrived (reports come on a JVM thread of their own). */
        private final AtomicLong forced = new AtomicLong();
        private final AtomicLong reported = new AtomicLong();
        private final NotificationListener onCollection = this::collected;
        private final boolean collect;
        private volatile boolean running;
        private long baseline;
        private Thread sampler;
        private Thread collector;

        /** @param collect whether to force the collections that weigh what is held (slows the run down) */
        HeapWatch(boolean collect) {
            this.collect = collect;
        }

        void start() throws InterruptedException {
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc ->
                    ((NotificationEmitter) gc).addNotificationListener(onCollection, null, null));
            peakAfterGc.set(0);
            forceCollection();
            awaitReports();
            baseline = peakAfterGc.get();
            peakUsed.set(baseline);
            running = true;
            sampler = every(2, "heap-sampler", () -> peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max));
            collector = every(100, "heap-collector", () -> {
                if (collect) {
                    forceCollection();
                }
            });
        }

        private void forceCollection() {
            forced.incrementAndGet();
            System.gc();
        }

        /** A forced collection's report: what the heap pools held right after it. */
        private void collected(Notification notification, Object handback) {
            if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (!info.getGcCause().equals("System.gc()")) {
                return; // a collection G1 started by itself: old garbage may still be in what it left
            }
            long held = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                if (pool.getType() == MemoryType.HEAP && after != null) {
                    held += after.getUsed();
                }
            }
            peakAfterGc.accumulateAndGet(held, Math::max);
            reported.incrementAndGet();
        }

        /** Waits (up to 5 s) until every forced collection's report has arrived. */
        private void awaitReports() throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reported.get() < forced.get() && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }

        private Thread every(long millis, String name, Runnable action) {
            Thread thread = new Thread(() -> {
                while (running) {
                    action.run();
                    try {
                        TimeUnit.MILLISECONDS.sleep(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
            collector.join();
            awaitReports();
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
                try {
                    ((NotificationEmitter) gc).removeNotificationListener(onCollection);
                } catch (ListenerNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
