package dev.ledgerlens.app;

import dev.ledgerlens.store.BatchRepository;

/**
 * A known document taken up again from its kept original, without reading a source: an answer collected from an
 * OpenAI batch, or a document a batch gave back to the queue. The resume route sends it through the same stages as
 * any document.
 *
 * @param documentId its row
 * @param sha256     its identity, which names its kept original
 * @param sourceUri  where it first came from
 * @param fileName   its file name as the user knows it
 * @param answer     its answer collected from a batch, or null (a queued document: it is asked again)
 * @param reask      for a queued document whose re-ask goes into the next batch: the first answer and its violations;
 *                   else null
 */
public record ResumeRequest(long documentId, String sha256, String sourceUri, String fileName, CollectedAnswer answer,
                            BatchRepository.FirstAnswer reask) {
}
