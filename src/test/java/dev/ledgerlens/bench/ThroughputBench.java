package dev.ledgerlens.bench;

import dev.ledgerlens.testing.ToolFlags;
import dev.ledgerlens.ingest.InputDisposition;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.BatchRun;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.stress.ReceiptBatch;
import dev.ledgerlens.testing.FakeOpenAiServer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Throughput against the model bound. A {@link FakeOpenAiServer} answers every request after a fixed latency L;
 * with C documents in flight ({@code LEDGERLENS_CONCURRENCY}) no pipeline can beat C/L documents per second, so
 * the ratio measured/(C/L) says how much of the model's capacity the pipeline leaves unused. Each C runs the real
 * application in this JVM (embedded PostgreSQL, render, the OpenAI engine over HTTP, validation, store) over
 * {@code rounds × C} distinct one-page receipts, each answered with its own fields; the clock runs from the start
 * of the batch run to its end, so start-up of the file consumer and the tail of the last round count against us.
 * The steady-state rate leaves out the first and last C documents (start-up and JIT warm-up, the tail).
 *
 * <p>Command line: {@code ThroughputBench <workdir> [--latency-ms 1500] [--concurrency 8,32,64] [--rounds 8]};
 * prints one line per C and exits non-zero when a document is not stored. Not thread-safe.
 */
public final class ThroughputBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> flags = ToolFlags.after(args);
        Path work = Path.of(args[0]);
        Duration latency = Duration.ofMillis(Long.parseLong(flags.getOrDefault("latency-ms", "1500")));
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "8"));
        boolean failed = false;
        System.out.printf(Locale.ROOT, "heap -Xmx%d MB, %d cores, load average before: %s%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), loadAverage());
        boolean engineOnly = Boolean.parseBoolean(flags.getOrDefault("engine-only", "false"));
        // --fsync on|off: the same run on an external PostgreSQL with fsync on or off (what durability costs); absent:
        // the embedded PostgreSQL as shipped (fsync on)
        String fsync = flags.get("fsync");
        for (String c : flags.getOrDefault("concurrency", "8,32,64").split(",")) {
            int concurrency = Integer.parseInt(c.trim());
            if (fsync != null) {
                try (dev.ledgerlens.stress.ExternalPostgres database = dev.ledgerlens.stress.ExternalPostgres.start(
                        dev.ledgerlens.stress.ExternalPostgres.binaries().orElseThrow(), "-c fsync=" + fsync
                                + " -c full_page_writes=" + fsync + " -c synchronous_commit=on")) {
                    System.out.printf(Locale.ROOT, "external PostgreSQL, fsync %s%n", fsync);
                    failed |= !run(work.resolve("c" + c + "-fsync-" + fsync), concurrency, latency, rounds, database.jdbcUrl());
                }
                continue;
            }
            failed |= engineOnly ? !engineOnly(work.resolve("engine-c" + c), concurrency, latency, rounds)
                    : !run(work.resolve("c" + c), concurrency, latency, rounds, null);
        }
        System.out.println("load average after: " + loadAverage());
        System.exit(failed ? 1 : 0);
    }

    private static boolean run(Path work, int concurrency, Duration latency, int rounds, String databaseUrl) throws Exception {
        int documents = concurrency * rounds;
        Path inbox = work.resolve("inbox");
        // distinct receipts with distinct fields, each answered with its own (looked up by the document header):
        // every document is stored as an original, as on a real night, not as a near-duplicate of the first
        ReceiptBatch batch = ReceiptBatch.write(inbox, documents);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.latency(latency).forgetBodies();
            batch.script(model);
            Properties properties = new Properties();
            properties.setProperty("ledgerlens.input.exclude", ".*\\.expected\\.json");
            Map<String, String> environment = new HashMap<>(Map.of(
                    "LEDGERLENS_DATA_DIR", work.resolve("data").toString(),
                    "LEDGERLENS_ENGINE", "openai",
                    "LEDGERLENS_CONCURRENCY", Integer.toString(concurrency),
                    "OPENAI_API_KEY", "sk-throughput-bench",
                    "OPENAI_BASE_URL", model.baseUrl()));
            if (databaseUrl != null) {
                environment.put("LEDGERLENS_DB_URL", databaseUrl);
                environment.put("LEDGERLENS_DB_USER", "postgres");
            }
            ConfigSource config = new ConfigSource(properties, environment);
            try (Application application = Application.open(config)) {
                application.extractor(); // engine construction is start-up, not throughput
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpuBefore = os.getProcessCpuTime();
                long started = System.nanoTime();
                RunTracker tracker = new RunTracker();
                // Steady state: from the moment C documents have finished to the moment N − C have. A pipeline that
                // keeps C requests in flight finishes C documents per L in between, whether in waves or evenly; the
                // first and last C (start-up, JIT warm-up, the run's tail) fall outside the window.
                long[] window = new long[2];
                java.util.concurrent.atomic.AtomicLong finishedCount = new java.util.concurrent.atomic.AtomicLong();
                tracker.onChange(() -> {
                    long finished = tracker.summary().finished();
                    long previous = finishedCount.getAndAccumulate(finished, Math::max);
                    if (previous < concurrency && finished >= concurrency) {
                        window[0] = System.nanoTime();
                    }
                    if (previous < documents - concurrency && finished >= documents - concurrency) {
                        window[1] = System.nanoTime();
                    }
                });
                // the run's timeline on stderr: when documents arrive, are drawn and finish
                java.util.concurrent.ScheduledExecutorService timeline = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                timeline.scheduleAtFixedRate(() -> {
                    RunTracker.Summary now = tracker.summary();
                    System.err.printf(Locale.ROOT, "timeline t=%.1fs arrived=%d rendered=%d finished=%d requests=%d%n",
                            (System.nanoTime() - started) / 1e9, now.documents(), now.pages(), now.finished(), model.requestCount());
                }, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                RunTracker.Summary summary;
                try {
                    summary = new BatchRun(application).run(inbox, InputDisposition.After.KEEP, tracker, null);
                } finally {
                    timeline.shutdownNow();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
                double bound = concurrency / (latency.toMillis() / 1000.0);
                double docsPerSecond = summary.stored() / seconds;
                double steadySeconds = (window[1] - window[0]) / 1e9;
                double steadyRate = window[0] == 0 || window[1] <= window[0] ? Double.NaN
                        : (documents - 2.0 * concurrency) / steadySeconds;
                StringBuilder stages = new StringBuilder();
                summary.stageTimes().forEach((stage, time) -> stages.append(String.format(Locale.ROOT, " %s=%.0fms",
                        stage.label(), time.toMillis() / (double) Math.max(1, summary.documents()))));
                System.out.printf(Locale.ROOT,
                        "C=%d L=%dms: %d documents (%d pages) stored in %.1f s = %.2f docs/s, %.2f pages/s; C/L = %.2f docs/s;"
                                + " ratio %.3f; ideal time %.1f s; steady state (documents C+1 to N-C) %.2f docs/s, ratio %.3f;"
                                + " JVM CPU %.1f s (%.0f ms/doc); mean stage time per doc:%s;"
                                + " requests %d; dead letters %d%n",
                        concurrency, latency.toMillis(), summary.stored(), summary.pages(), seconds, docsPerSecond,
                        summary.pages() / seconds, bound, docsPerSecond / bound, documents / bound, steadyRate,
                        steadyRate / bound, cpu,
                        1000 * cpu / Math.max(1, summary.stored()), stages, model.requestCount(), summary.deadLettered());
                return summary.stored() == documents && summary.deadLettered() == 0;
            }
        }
    }

    /**
     * The HTTP client alone: C threads each send {@code rounds} pre-rendered documents through the OpenAI engine,
     * no Camel, database or rendering. Shows whether the SDK's connection handling holds requests back.
     */
    private static boolean engineOnly(Path work, int concurrency, Duration latency, int rounds) throws Exception {
        ReceiptBatch batch = ReceiptBatch.writeUniform(work.resolve("inbox"), concurrency);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.latency(latency);
            model.otherwise(FakeOpenAiServer.Reply.json(batch.documents().get(0).answerJson()));
            ConfigSource config = new ConfigSource(new Properties(), Map.of(
                    "OPENAI_API_KEY", "sk-throughput-bench", "OPENAI_BASE_URL", model.baseUrl(),
                    "LEDGERLENS_CONCURRENCY", Integer.toString(concurrency)));
            dev.ledgerlens.extract.openai.OpenAiExtractor engine = dev.ledgerlens.extract.openai.OpenAiExtractor.from(config);
            dev.ledgerlens.render.DocumentRenderer renderer =
                    new dev.ledgerlens.render.DocumentRenderer(dev.ledgerlens.render.RenderSettings.from(config));
            java.util.List<dev.ledgerlens.render.RenderedDocument> rendered = new java.util.ArrayList<>();
            for (ReceiptBatch.Receipt receipt : batch.documents()) {
                rendered.add(renderer.render(new dev.ledgerlens.ingest.SourceDocument(receipt.sha256(),
                        "file:" + receipt.file(), receipt.file().getFileName().toString(), Files.size(receipt.file()),
                        receipt.file()), engine.pageSpec(), work.resolve("pages")));
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
            long started = System.nanoTime();
            java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (dev.ledgerlens.render.RenderedDocument document : rendered) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        engine.extract(document);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                future.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            double bound = concurrency / (latency.toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "engine only, C=%d L=%dms: %d requests in %.1f s = %.2f/s; C/L = %.2f/s; ratio %.3f%n",
                    concurrency, latency.toMillis(), concurrency * rounds, seconds, concurrency * rounds / seconds, bound,
                    concurrency * rounds / seconds / bound);
            engine.close();
            return true;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
