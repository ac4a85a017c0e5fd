package dev.ledgerlens.app;

import dev.ledgerlens.extract.openai.BatchSettings;
import dev.ledgerlens.extract.openai.OpenAiExtractor;
import dev.ledgerlens.store.BatchRepository;

/**
 * What the stages need for OpenAI batches in one run: the engine that reads collected answers and writes batch
 * lines, where this run's new documents go (a submitter, or null when they are extracted online), where a failed
 * collected answer's re-ask goes, and the batch tables.
 */
record BatchStage(OpenAiExtractor engine, BatchSubmitter submitter, BatchSettings.Reask reask, BatchRepository batches) {
}
