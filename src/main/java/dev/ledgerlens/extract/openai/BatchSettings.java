package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;

/**
 * How {@code run --once} uses OpenAI's Batch API. Immutable.
 *
 * @param submit true: new documents are written into batches (half the price, answers within 24 hours) instead of
 *               being sent one by one; {@code run --once --batch} sets it for one run
 * @param reask  where the re-ask of a batch answer that fails validation goes
 */
public record BatchSettings(boolean submit, Reask reask) {
    public static final String BATCH = "ledgerlens.openai.batch";
    public static final String BATCH_REASK = "ledgerlens.openai.batch-reask";

    /** Where a re-ask of a collected answer goes. */
    public enum Reask {
        /** Asked at once, online, while collecting: the record is stored in the same collect, at the online price. */
        ONLINE,
        /** Into the next batch: half the price, one more night's wait; the document is {@code queued} meanwhile. */
        BATCH
    }

    public static BatchSettings from(ConfigSource config) {
        // Defaults mirror config/application.properties, where each one has its reason next to it.
        return new BatchSettings(config.getBoolean(BATCH, false), config.getEnum(BATCH_REASK, Reask.class, Reask.ONLINE));
    }
}
