package dev.ledgerlens.extract.openai;

import java.math.BigDecimal;

/**
 * One request of a batch input file, ready to write.
 *
 * @param customId        the line's {@code custom_id}: how its answer is matched to its document
 * @param json            the whole line ({@code custom_id}, {@code method}, {@code url}, {@code body}), without the newline
 * @param estimatedTokens the request's input tokens, estimated the way OpenAI counts them
 * @param worstCostUsd    its worst case at the model's batch price (estimated input plus the answer's token cap),
 *                        as charged to the run budget
 */
public record BatchLine(String customId, String json, long estimatedTokens, BigDecimal worstCostUsd) {
}
