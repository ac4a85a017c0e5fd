package dev.ledgerlens.extract.openai;

/**
 * One answer of the model with what it cost, independent of the wire API.
 *
 * @param text             the answer text (null when there was none)
 * @param refusal          the model's refusal text, or null
 * @param truncated        true when the answer was cut off (token cap)
 * @param filtered         true when the provider's content filter stopped the answer
 * @param promptTokens     reported input tokens
 * @param cachedTokens     reported cached input tokens
 * @param completionTokens reported output tokens
 * @param requestId        the {@code x-request-id} header, or the response id when the header is absent
 */
record ModelReply(String text, String refusal, boolean truncated, boolean filtered, long promptTokens,
                  long cachedTokens, long completionTokens, String requestId) {
}
