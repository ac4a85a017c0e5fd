package dev.ledgerlens.extract;

/**
 * What one extraction cost, as recorded in the database.
 *
 * @param model             the model that answered ({@code offline} for the offline engine)
 * @param estimatedTokens   image + prompt tokens estimated before sending
 * @param promptTokens      the API's reported prompt tokens (0 offline)
 * @param completionTokens  the API's reported completion tokens
 * @param cachedTokens      the API's reported cached prompt tokens
 * @param costUsd           estimated cost in USD from the reported usage and the price table
 * @param latencyMillis     wall time of the extraction, including retries
 * @param requestIds        the API's request ids, comma separated (null offline)
 */
public record Usage(String model, long estimatedTokens, long promptTokens, long completionTokens,
                    long cachedTokens, java.math.BigDecimal costUsd, long latencyMillis, String requestIds) {

    public static Usage offline(long latencyMillis) {
        return new Usage("offline", 0, 0, 0, 0, java.math.BigDecimal.ZERO, latencyMillis, null);
    }
}
