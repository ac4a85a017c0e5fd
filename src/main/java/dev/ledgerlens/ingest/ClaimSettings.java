package dev.ledgerlens.ingest;

import dev.ledgerlens.config.ConfigSource;

import java.time.Duration;

/**
 * How long a claim on a source file or object survives its holder, see {@link SourceClaims}. Immutable.
 *
 * @param maxAge    a claim not refreshed for this long belongs to a dead instance and is taken over
 * @param keepAlive how often a live instance refreshes its claims; well below {@code maxAge}
 */
public record ClaimSettings(Duration maxAge, Duration keepAlive) {

    public static ClaimSettings from(ConfigSource config) {
        // 30s: a restarted run waits at most this long for files its killed predecessor held
        Duration maxAge = config.getDuration("ledgerlens.claims.max-age", Duration.ofSeconds(30));
        // a third of the maximum age: two refreshes may be late (GC pause, slow database) before a claim is lost
        Duration keepAlive = config.getDuration("ledgerlens.claims.keep-alive", maxAge.dividedBy(3));
        if (keepAlive.isZero() || keepAlive.isNegative() || keepAlive.compareTo(maxAge) >= 0) {
            throw ConfigSource.invalid("ledgerlens.claims.keep-alive", keepAlive.toString(),
                    "positive and shorter than ledgerlens.claims.max-age (" + maxAge + ")");
        }
        return new ClaimSettings(maxAge, keepAlive);
    }
}
