package dev.ledgerlens.extract.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Tesseract in worker processes of its own ({@link TesseractWorker}), one read at a time each, at most
 * {@code poolSize} of them, started on first need (about a second each) and kept. A worker reports a deadline passed
 * during recognition itself; one that has not answered {@link #STOP_GRACE} after the deadline is in the page layout
 * analysis, which nothing inside Tesseract stops, and is ended with its process: the core is free again, and the next
 * read starts a new worker.
 *
 * <p>Thread-safe: each caller borrows a worker of its own; callers beyond the pool wait.
 */
final class TesseractWorkers implements TesseractOcr.PageReader {
    /**
     * 5 s after the deadline: a worker in recognition answers within a word of it; one still silent is in the layout
     * analysis (measured: minutes on a page of random specks) and is stopped.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(TesseractWorkers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end";

    private final Path tessdataDir;
    private final String language;
    private final int poolSize;
    private final Duration timeout;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final Set<Worker> all = new HashSet<>();
    /** Workers being started, counted against the pool before they are in {@link #all}. */
    private int starting;
    private boolean closed;

    TesseractWorkers(Path tessdataDir, String language, int poolSize, Duration timeout) {
        this.tessdataDir = tessdataDir;
        this.language = language;
        this.poolSize = poolSize;
        this.timeout = timeout;
    }

    @Override
    public TextLayer read(byte[] gray, int width, int height, int segmentation, Map<String, String> callVariables) {
        Worker worker = borrow();
        try {
            return worker.read(gray, width, height, segmentation, callVariables);
        } finally {
            giveBack(worker);
        }
    }

    /** Process ids of the workers running now, for tests and the operator's process list. */
    synchronized List<Long> workerPids() {
        return all.stream().filter(worker -> worker.process.isAlive()).map(worker -> worker.process.pid()).toList();
    }

    private Worker borrow() {
        while (true) {
            Worker worker;
            boolean startOne = false;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("TesseractOcr is closed");
                }
                worker = idle.poll();
                if (worker == null && all.size() + starting < poolSize) {
                    starting++;
                    startOne = true;
                }
            }
            if (worker != null) {
                return worker;
            }
            if (startOne) {
                try {
                    Worker started = start(); // outside the lock: it takes a second or two
                    synchronized (this) {
                        all.add(started);
                    }
                    return started;
                } finally {
                    synchronized (this) {
                        starting--;
                    }
                }
            }
            try {
                // a worker comes back, or one that died frees its place: look again now and then
                worker = idle.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "interrupted while waiting for an OCR worker", e);
            }
            if (worker != null) {
                return worker;
            }
        }
    }

    private void giveBack(Worker worker) {
        synchronized (this) {
            if (closed || !worker.process.isAlive()) {
                all.remove(worker);
                worker.stop();
                return;
            }
        }
        idle.add(worker);
    }

    /** 2 minutes for a worker to start and load Tesseract: seconds normally, more on a cold, loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private Worker start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), TesseractWorker.class.getName(),
                tessdataDir.toAbsolutePath().toString(), language, String.valueOf(timeout.toMillis()))
                .redirectErrorStream(true);
        Worker worker;
        try {
            worker = new Worker(builder.start());
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.OCR_FAILED, "cannot start an OCR worker process: " + e.getMessage(), e);
        }
        worker.awaitReady();
        return worker;
    }

    @Override
    public void close() {
        List<Worker> workers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            workers = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        workers.forEach(Worker::finish);
    }

    /** One worker process: requests on its standard input, answers in marked lines on its standard output. */
    private final class Worker {
        private final Process process;
        private final DataOutputStream requests;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        /** The last lines the worker printed besides its answers, for the message when it dies. */
        private final Deque<String> chatter = new ArrayDeque<>();

        Worker(Process process) {
            this.process = process;
            this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            Thread reader = new Thread(this::readAnswers, "ledgerlens-tesseract-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            LOG.debug("Tesseract worker started (pid {})", process.pid());
        }

        private void readAnswers() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    int marker = line.indexOf(TesseractWorker.MARKER);
                    if (marker >= 0) {
                        answers.add(line.substring(marker + TesseractWorker.MARKER.length()));
                    } else if (!line.isBlank()) {
                        LOG.debug("Tesseract worker {}: {}", process.pid(), line);
                        synchronized (chatter) {
                            chatter.addLast(line);
                            if (chatter.size() > 5) {
                                chatter.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("Tesseract worker {} output closed: {}", process.pid(), e.toString());
            } finally {
                answers.add(END);
            }
        }

        /** Waits for the worker to have loaded Tesseract, so that a page's deadline does not pay for the start. */
        void awaitReady() {
            String answer;
            try {
                answer = answers.poll(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "interrupted while an OCR worker started", e);
            }
            if (!TesseractWorker.READY.equals(answer)) {
                stop();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "the OCR worker did not start"
                        + (answer == null ? " within " + START_TIMEOUT.toSeconds() + " s" : "") + lastChatter());
            }
        }

        TextLayer read(byte[] gray, int width, int height, int segmentation, Map<String, String> callVariables) {
            long started = System.nanoTime();
            String answer;
            try {
                requests.writeInt(segmentation);
                requests.writeInt(callVariables.size());
                for (Map.Entry<String, String> variable : callVariables.entrySet()) {
                    requests.writeUTF(variable.getKey());
                    requests.writeUTF(variable.getValue());
                }
                requests.writeInt(width);
                requests.writeInt(height);
                requests.write(gray, 0, width * height);
                requests.flush();
                answer = answers.poll(timeout.plus(STOP_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                stop();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "the OCR worker is gone: " + e.getMessage()
                        + lastChatter(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "reading the page was interrupted (shutting down)", e);
            }
            if (answer == null) {
                stop();
                throw new LedgerlensException(FailureReason.OCR_TIMEOUT, String.format(Locale.ROOT,
                        "Tesseract did not read the %d×%d px page within ledgerlens.offline.ocr-timeout = %s; its"
                                + " worker process was stopped after %d ms, still analysing the page layout (a page of"
                                + " specks or noise)", width, height, timeout, (System.nanoTime() - started) / 1_000_000));
            }
            if (END.equals(answer)) {
                stop();
                throw new LedgerlensException(FailureReason.OCR_FAILED, "the OCR worker ended while reading the page"
                        + lastChatter());
            }
            return layer(answer);
        }

        private String lastChatter() {
            synchronized (chatter) {
                return chatter.isEmpty() ? "" : "; it said: " + String.join(" | ", chatter);
            }
        }

        private TextLayer layer(String answer) {
            JsonNode root;
            try {
                root = JSON.readTree(answer);
            } catch (IOException e) {
                throw new LedgerlensException(FailureReason.OCR_FAILED, "unreadable answer from the OCR worker", e);
            }
            if (root.has("reason")) {
                throw new LedgerlensException(FailureReason.valueOf(root.get("reason").asText()),
                        root.path("message").asText());
            }
            List<Word> words = new ArrayList<>();
            for (JsonNode word : root.path("words")) {
                words.add(new Word(word.get("text").asText(), word.get("left").asInt(), word.get("top").asInt(),
                        word.get("width").asInt(), word.get("height").asInt(), (float) word.get("confidence").asDouble()));
            }
            return new TextLayer(root.path("text").asText(), words, TextLayer.Origin.OCR);
        }

        /** Ends the process at once: the only way to stop Tesseract's layout analysis. */
        void stop() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets an idle worker end on the end of its input, forcing it after 5 s. */
        void finish() {
            try {
                requests.close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
