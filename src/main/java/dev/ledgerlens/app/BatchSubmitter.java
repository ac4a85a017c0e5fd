package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.BatchInputFile;
import dev.ledgerlens.extract.openai.BatchLine;
import dev.ledgerlens.extract.openai.OpenAiBatches;
import dev.ledgerlens.extract.openai.OpenAiExtractor;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.store.BatchRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a run's documents into batch input files and submits them to OpenAI's Batch API: each document's request
 * becomes one line ({@code custom_id} = {@code ledgerlens-<document id>-<attempt>}), a new file starts when the next
 * line would take the current one past the API's limits (50,000 requests, 200 MB), and once the run's documents are
 * all written every file is uploaded ({@code purpose=batch}) and a batch created from it ({@code completion_window=24h}).
 * <p>
 * Every step is recorded before the next one starts (see {@code openai_batches.state}), so that a run killed at any
 * moment leaves nothing behind at OpenAI that the next start does not finish or remove ({@link #recover}): a file cut
 * off while being written is dropped and its documents queued again; a complete file is uploaded; a file whose upload
 * may have happened is looked for by name and deleted before uploading again; an uploaded file becomes its batch (or
 * the batch a cut-off create made is adopted). Documents become {@code submitted} in the transaction that records
 * their batch's id.
 * <p>
 * Thread-safe: the pipeline's workers add lines concurrently; adding is serialised (one file is written at a time).
 */
final class BatchSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitter.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OpenAiExtractor engine;
    private final OpenAiBatches api;
    private final BatchRepository batches;
    private final Path directory;
    private final String model;
    private final int maxRequests;
    private final long maxBytes;
    private final List<Long> written = new ArrayList<>();
    private BatchInputFile current;
    private long currentBatch;

    /**
     * @param directory where input files are written until they are uploaded (under the data directory)
     * @param model     the model named in the requests, recorded with each batch
     */
    BatchSubmitter(OpenAiExtractor engine, BatchRepository batches, Path directory, String model) {
        this(engine, batches, directory, model, BatchInputFile.MAX_REQUESTS, BatchInputFile.MAX_BYTES);
    }

    /** With other limits per input file than the API's (tests of the split). */
    BatchSubmitter(OpenAiExtractor engine, BatchRepository batches, Path directory, String model, int maxRequests,
                   long maxBytes) {
        this.engine = engine;
        this.api = engine.batches();
        this.batches = batches;
        this.directory = directory;
        this.model = model;
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    /**
     * Writes a document's request into the current batch file: its first request, or the re-ask it is owed. The
     * request's worst case is charged to the run budget first (BUDGET_EXHAUSTED when it does not fit).
     *
     * @param reask the first answer whose re-ask this is, or null for a first request
     */
    synchronized BatchLine add(long documentId, RenderedDocument document, BatchRepository.FirstAnswer reask) {
        int attempt = batches.nextAttempt(documentId);
        String customId = "ledgerlens-" + documentId + "-" + attempt;
        BatchLine line = reask == null ? engine.batchLine(document, customId)
                : engine.batchReaskLine(document, reask.answer(), reask.violations(), customId);
        if (current == null || !current.fits(line)) {
            sealCurrent();
            startFile();
        }
        int number = current.append(line);
        batches.addRequest(currentBatch, documentId, number, customId, attempt, reask == null ? null : reask.requestId(),
                line.estimatedTokens(), line.worstCostUsd());
        return line;
    }

    /** Seals the last file and submits every batch this run wrote, noting each in the run's summary. */
    synchronized void finish(RunTracker tracker) {
        sealCurrent();
        for (long id : written) {
            batches.find(String.valueOf(id)).ifPresent(batch -> submit(batch, false, tracker));
        }
        written.clear();
    }

    /**
     * Finishes what a killed run left: batches still being written are dropped (their documents queued again), the
     * others are uploaded and created (see the class comment). Call under the batch lock, before this run writes.
     */
    void recover(RunTracker tracker) {
        for (BatchRepository.Batch batch : batches.unsubmitted()) {
            if ("writing".equals(batch.state())) {
                deleteLocal(batch.localFile());
                batches.abandon(batch.id(), "cut off while being written (the run stopped); its documents were queued again");
                LOG.warn("batch file {} was cut off by a stopped run: dropped, its documents queued again", batch.fileName());
                continue;
            }
            LOG.info("submitting batch file {} left {} by a stopped run", batch.fileName(), batch.state());
            submit(batch, true, tracker);
        }
    }

    /** Uploads (unless done) and creates the batch of a sealed file; its documents become submitted. */
    private void submit(BatchRepository.Batch batch, boolean recovering, RunTracker tracker) {
        String state = batch.state();
        String fileId = batch.inputFileId();
        if ("uploading".equals(state)) {
            // the upload may have reached OpenAI before the stop: a file under this name is removed, not left behind
            for (String orphan : api.filesNamed(batch.fileName())) {
                api.deleteFile(orphan);
                LOG.info("deleted {} ({}), an upload cut off by a stopped run", orphan, batch.fileName());
            }
            state = "sealed";
        }
        if ("sealed".equals(state)) {
            if (!Files.isRegularFile(batch.localFile())) {
                batches.abandon(batch.id(), "its input file " + batch.localFile() + " is gone; its documents were queued again");
                LOG.warn("batch file {} is gone: its documents are queued again", batch.localFile());
                return;
            }
            batches.uploading(batch.id());
            fileId = api.upload(batch.localFile());
            batches.uploaded(batch.id(), fileId);
        }
        String inputFileId = fileId;
        Optional<OpenAiBatches.RemoteBatch> adopted = recovering ? api.findByInputFile(inputFileId) : Optional.empty();
        OpenAiBatches.RemoteBatch remote = adopted.orElseGet(() -> api.create(inputFileId, batch.endpoint(),
                Map.of("ledgerlens_batch", String.valueOf(batch.id()), "ledgerlens_file", batch.fileName())));
        batches.opened(batch.id(), remote.id(), remote.status(), remote.createdAt(), remote.expiresAt().orElse(null));
        deleteLocal(batch.localFile());
        int requests = batches.requests(batch.id()).size();
        LOG.info("batch {} created from {} ({} request(s), {}){}", remote.id(), inputFileId, requests, batch.fileName(),
                adopted.isPresent() ? ": adopted, a stopped run had created it" : "");
        tracker.batch(new RunTracker.BatchNote(remote.id(), RunTracker.BatchEvent.SUBMITTED, remote.status(), requests, 0, 0, 0,
                remote.expiresAt().orElse(null), null));
    }

    private void startFile() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot create " + directory
                    + " for batch input files: " + e.getMessage(), e);
        }
        String name = "ledgerlens-batch-" + LocalDateTime.now().format(STAMP) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".jsonl";
        Path path = directory.resolve(name);
        current = BatchInputFile.create(path, maxRequests, maxBytes);
        currentBatch = batches.newBatch(engine.batchEndpoint(), model, path, name);
        written.add(currentBatch);
    }

    private void sealCurrent() {
        if (current == null) {
            return;
        }
        current.seal();
        batches.sized(currentBatch, current.bytes());
        batches.sealed(currentBatch);
        LOG.info("batch file {} sealed: {} request(s), {} bytes", current.path().getFileName(), current.lines(),
                current.bytes());
        current = null;
    }

    private static void deleteLocal(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the batch is recorded; a stray file in the data directory costs disk space only
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
