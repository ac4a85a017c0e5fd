package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.BatchResult;
import dev.ledgerlens.store.BatchRepository;

/**
 * A document's line from a finished OpenAI batch, on its way through validation and the store.
 *
 * @param requestId       its row in {@code batch_requests}
 * @param batchId         OpenAI's id of the batch it came in
 * @param result          the output (or error) line
 * @param estimatedTokens the request's input tokens as estimated when it was written
 * @param latencyMillis   the batch's turnaround, from its creation to its end
 * @param earlier         for the answer to a re-ask, the first answer it followed up; null for a first answer
 */
public record CollectedAnswer(long requestId, String batchId, BatchResult result, long estimatedTokens,
                              long latencyMillis, BatchRepository.FirstAnswer earlier) {
}
