package dev.ledgerlens.config;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Configuration values by key, from {@code config/application.properties} (shipped in the jar),
 * an optional external properties file, and the environment, in rising precedence.
 * A key {@code ledgerlens.openai.api} is overridden by the variable {@code LEDGERLENS_OPENAI_API}.
 * Immutable and thread-safe. Typed getters fail with a message naming the key and the variable to fix.
 */
public final class ConfigSource {
    private static final String DEFAULTS = "config/application.properties";

    private final Properties properties;
    private final Map<String, String> environment;

    public ConfigSource(Properties properties, Map<String, String> environment) {
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.environment = Map.copyOf(environment);
    }

    /** The shipped defaults, then {@code externalFile} if given, then the process environment. */
    public static ConfigSource load(Path externalFile, Map<String, String> environment) {
        Properties properties = new Properties();
        try (InputStream in = ConfigSource.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        DEFAULTS + " is missing from the classpath; rebuild with 'mvn package'");
            }
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read " + DEFAULTS, e);
        }
        if (externalFile != null) {
            try (Reader reader = Files.newBufferedReader(externalFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        "cannot read the configuration file " + externalFile + ": " + e.getMessage(), e);
            }
        }
        return new ConfigSource(properties, environment);
    }

    /** A copy with some keys set, taking precedence over everything (command-line options, tests). */
    public ConfigSource with(Map<String, String> overrides) {
        Properties copy = new Properties();
        copy.putAll(properties);
        Map<String, String> env = new java.util.HashMap<>(environment);
        overrides.forEach((key, value) -> {
            env.remove(environmentName(key));
            if (value == null) {
                copy.remove(key);
            } else {
                copy.setProperty(key, value);
            }
        });
        return new ConfigSource(copy, env);
    }

    /** {@code ledgerlens.openai.api} → {@code LEDGERLENS_OPENAI_API}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A raw environment variable that has no property key (OPENAI_API_KEY, OPENAI_BASE_URL). */
    public Optional<String> environment(String variable) {
        return Optional.ofNullable(environment.get(variable)).filter(v -> !v.isBlank());
    }

    public Optional<String> get(String key) {
        String fromEnv = environment.get(environmentName(key));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        return Optional.ofNullable(properties.getProperty(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Integer::parseInt)).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, "a whole number", Long::parseLong)).orElse(defaultValue);
    }

    public BigDecimal getDecimal(String key, BigDecimal defaultValue) {
        return get(key).map(v -> parse(key, v, "a decimal number", BigDecimal::new)).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw invalid(key, v, "true or false");
        }).orElse(defaultValue);
    }

    /** Durations as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d}. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parse(key, v, "a duration like 30s, 5m or PT30S", ConfigSource::parseDuration))
                .orElse(defaultValue);
    }

    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        return get(key).map(v -> {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw invalid(key, v, "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
            }
        }).orElse(defaultValue);
    }

    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private <T> T parse(String key, String value, String expected, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw invalid(key, value, expected);
        }
    }

    /** The error for a bad value: says which key or variable to change and what it should look like. */
    public static LedgerlensException invalid(String key, String value, String expected) {
        return new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                "'" + key + "' (environment " + environmentName(key) + ") is '" + value + "'; it must be " + expected);
    }
}
