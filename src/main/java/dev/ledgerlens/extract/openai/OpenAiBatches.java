package dev.ledgerlens.extract.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCancelParams;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchError;
import com.openai.models.batches.BatchListParams;
import com.openai.models.batches.BatchRetrieveParams;
import com.openai.models.files.FileContentParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleteParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenAI's Files and Batches services through the official SDK, on the engine's client (its key, base URL,
 * retries and timeouts): upload a batch input file, create, retrieve, list and cancel batches, download their
 * output and error files. Failures are translated like the engine's ({@link ApiFailureTranslator}): a rejected key is
 * AUTHENTICATION_FAILED, a server still failing after the SDK's retries is MODEL_UNAVAILABLE, and so on.
 * Thread-safe (the SDK client is).
 */
public final class OpenAiBatches {
    /** The only completion window the API offers. */
    static final BatchCreateParams.CompletionWindow WINDOW = BatchCreateParams.CompletionWindow._24H;

    private final OpenAIClient client;
    private final ApiFailureTranslator translator;
    private final String model;

    OpenAiBatches(OpenAIClient client, ApiFailureTranslator translator, String model) {
        this.client = client;
        this.translator = translator;
        this.model = model;
    }

    /**
     * A batch as the API last reported it.
     *
     * @param id           the batch's id ({@code batch_…})
     * @param status       validating, in_progress, finalizing, completed, failed, expired, cancelling or cancelled
     * @param inputFileId  the file of its requests
     * @param outputFileId the file of its answers, once there is one
     * @param errorFileId  the file of its failed requests, once there is one
     * @param total        requests in the batch
     * @param completed    requests answered so far
     * @param failed       requests failed so far
     * @param errors       for a failed batch, the API's messages (with the input line where it names one)
     * @param createdAt    when it was created
     * @param expiresAt    when its completion window ends
     * @param endedAt      when it reached its final status (completed, failed, expired, cancelled), if it has
     */
    public record RemoteBatch(String id, String status, String inputFileId, Optional<String> outputFileId,
                              Optional<String> errorFileId, long total, long completed, long failed, List<String> errors,
                              Instant createdAt, Optional<Instant> expiresAt, Optional<Instant> endedAt) {
        /** True once the batch will not change any more. */
        public boolean ended() {
            return switch (status) {
                case "completed", "failed", "expired", "cancelled" -> true;
                default -> false;
            };
        }
    }

    /** Uploads a batch input file ({@code purpose=batch}) under its own file name; returns the file id. */
    public String upload(Path file) {
        return call(() -> client.files().create(FileCreateParams.builder()
                .file(file)
                .purpose(FilePurpose.BATCH)
                .build()).id());
    }

    /** The ids of batch files named {@code fileName} (a file whose upload was cut off by a crash may be there). */
    public List<String> filesNamed(String fileName) {
        return call(() -> client.files().list(FileListParams.builder().purpose("batch").build()).autoPager().stream()
                .filter(file -> fileName.equals(file.filename()))
                .map(FileObject::id)
                .toList());
    }

    /** Deletes a file. */
    public void deleteFile(String fileId) {
        call(() -> client.files().delete(FileDeleteParams.builder().fileId(fileId).build()));
    }

    /**
     * Creates a batch of the requests in an uploaded file, with {@code completion_window=24h}.
     *
     * @param endpoint the endpoint every line names ({@link OpenAiExtractor#batchEndpoint()})
     * @param metadata up to 16 short key-value pairs, to find the batch again
     */
    public RemoteBatch create(String inputFileId, String endpoint, Map<String, String> metadata) {
        BatchCreateParams.Metadata.Builder tags = BatchCreateParams.Metadata.builder();
        metadata.forEach(tags::putProperty);
        return call(() -> remote(client.batches().create(BatchCreateParams.builder()
                .inputFileId(inputFileId)
                .endpoint(BatchCreateParams.Endpoint.of(endpoint))
                .completionWindow(WINDOW)
                .metadata(tags.build())
                .build())));
    }

    /** The batch created from {@code inputFileId}, if there is one (a crash may have cut off the answer to a create). */
    public Optional<RemoteBatch> findByInputFile(String inputFileId) {
        return call(() -> client.batches().list(BatchListParams.builder().limit(100L).build()).autoPager().stream()
                .filter(batch -> inputFileId.equals(batch.inputFileId()))
                .findFirst()
                .map(OpenAiBatches::remote));
    }

    public RemoteBatch retrieve(String batchId) {
        return call(() -> remote(client.batches().retrieve(BatchRetrieveParams.builder().batchId(batchId).build())));
    }

    /** Asks the API to cancel a batch: it is {@code cancelling} for up to 10 minutes, then {@code cancelled}. */
    public RemoteBatch cancel(String batchId) {
        return call(() -> remote(client.batches().cancel(BatchCancelParams.builder().batchId(batchId).build())));
    }

    /** Downloads a file's content to {@code target} (replaced if it exists). */
    public Path download(String fileId, Path target) {
        return call(() -> {
            try (HttpResponse response = client.files().content(FileContentParams.builder().fileId(fileId).build());
                 InputStream body = response.body()) {
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                throw new LedgerlensException(dev.ledgerlens.failure.FailureReason.MODEL_UNAVAILABLE,
                        "could not download file " + fileId + " to " + target + ": " + e.getMessage(), e);
            }
        });
    }

    private <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (OpenAIException e) {
            throw translator.translate(e, model);
        }
    }

    private static RemoteBatch remote(Batch batch) {
        List<String> errors = batch.errors().flatMap(Batch.Errors::data).orElse(List.of()).stream()
                .map(OpenAiBatches::describe).toList();
        Optional<Long> ended = batch.completedAt().or(batch::failedAt).or(batch::expiredAt).or(batch::cancelledAt);
        return new RemoteBatch(batch.id(), batch.status().asString(), batch.inputFileId(), batch.outputFileId(),
                batch.errorFileId(),
                batch.requestCounts().map(counts -> counts.total()).orElse(0L),
                batch.requestCounts().map(counts -> counts.completed()).orElse(0L),
                batch.requestCounts().map(counts -> counts.failed()).orElse(0L),
                errors, Instant.ofEpochSecond(batch.createdAt()), batch.expiresAt().map(Instant::ofEpochSecond),
                ended.map(Instant::ofEpochSecond));
    }

    private static String describe(BatchError error) {
        return error.code().orElse("error") + ": " + error.message().orElse("(no message)")
                + error.line().map(line -> " (input line " + line + ")").orElse("");
    }
}
