package dev.ledgerlens.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a field's signals ({@link ConfidenceScorer#features}) become the probability that its value is right: per field a
 * logistic model, {@code p = 1 / (1 + e^-(intercept + Σ weight × signal))}, fitted on labelled documents. The weights
 * are read from a properties file ({@code <field>.intercept}, {@code <field>.<signal>}); a field without an intercept
 * is not scored. The shipped model ({@link #offline()}) was fitted on the SROIE tuning set; docs/validation.md
 * ("Confidence") has the command that fits it and its reliability on receipts it was not fitted on. Immutable and
 * thread-safe.
 */
public final class ConfidenceModel {
    /** The shipped model of the offline engine's signals. */
    static final String OFFLINE = "confidence-offline.properties";

    private final Map<String, Map<String, Double>> weights;

    public ConfidenceModel(Map<String, Map<String, Double>> weights) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        weights.forEach((field, each) -> copy.put(field, Map.copyOf(each)));
        this.weights = Map.copyOf(copy);
    }

    /** The model shipped for the offline engine. */
    public static ConfidenceModel offline() {
        try (InputStream in = ConfidenceModel.class.getResourceAsStream(OFFLINE)) {
            if (in == null) {
                throw new IllegalStateException(OFFLINE + " is missing from the classpath (a damaged build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return parse(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OFFLINE, e);
        }
    }

    /** A model from {@code <field>.intercept} and {@code <field>.<signal>} entries. */
    public static ConfidenceModel parse(Properties properties) {
        Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            weights.computeIfAbsent(key.substring(0, dot), field -> new LinkedHashMap<>())
                    .put(key.substring(dot + 1), Double.parseDouble(properties.getProperty(key).strip()));
        }
        return new ConfidenceModel(weights);
    }

    /** Whether the model scores {@code field}. */
    public boolean knows(String field) {
        return weights.containsKey(field) && weights.get(field).containsKey("intercept");
    }

    /** The probability that the field's value is right, given its signals; a signal the model does not weigh adds nothing. */
    public double probability(String field, Map<String, Double> signals) {
        Map<String, Double> fieldWeights = weights.get(field);
        double z = fieldWeights.getOrDefault("intercept", 0.0);
        for (Map.Entry<String, Double> signal : signals.entrySet()) {
            z += fieldWeights.getOrDefault(signal.getKey(), 0.0) * signal.getValue();
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The weights, per field. */
    public Map<String, Map<String, Double>> weights() {
        return weights;
    }
}
