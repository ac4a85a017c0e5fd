package dev.ledgerlens.extract.openai;

import java.util.List;
import java.util.Locale;

/**
 * How one model family turns an image into tokens, from OpenAI's vision guide.
 * Tile models cut the image into 512 px tiles (base + tiles × per-tile); patch models count
 * 32 px patches up to a budget and multiply. Immutable and thread-safe.
 *
 * @param prefix      the model name prefix this entry applies to ({@code gpt-4.1-mini})
 * @param kind        tile or patch accounting
 * @param baseTokens  tile models: tokens every image costs (and all a {@code low}-detail image costs)
 * @param tileTokens  tile models: tokens per 512 px tile at {@code high} detail
 * @param patchBudget patch models: the most patches an image may use (1,536)
 * @param multiplier  patch models: tokens per patch
 */
public record VisionModel(String prefix, Kind kind, int baseTokens, int tileTokens, int patchBudget, double multiplier) {

    public enum Kind { TILE, PATCH }

    // Longest prefixes first so that gpt-4.1-mini is not taken for gpt-4.1.
    private static final List<VisionModel> KNOWN = List.of(
            patch("gpt-5-mini", 1.62),
            patch("gpt-5-nano", 2.46),
            patch("gpt-4.1-mini", 1.62),
            patch("gpt-4.1-nano", 2.46),
            patch("o4-mini", 1.72),
            tile("gpt-4o-mini", 2833, 5667),
            tile("gpt-4o", 85, 170),
            tile("gpt-4.1", 85, 170),
            tile("gpt-4.5", 85, 170),
            tile("gpt-5", 70, 140),
            tile("o1", 75, 150),
            tile("o3", 75, 150),
            tile("computer-use-preview", 65, 129));

    /** Models OpenAI does not document (local servers: Qwen2-VL, LLaVA…) are estimated like gpt-4o, the commonest rule. */
    private static final VisionModel FALLBACK = tile("", 85, 170);

    static VisionModel tile(String prefix, int base, int perTile) {
        return new VisionModel(prefix, Kind.TILE, base, perTile, 0, 1.0);
    }

    static VisionModel patch(String prefix, double multiplier) {
        return new VisionModel(prefix, Kind.PATCH, 0, 0, 1536, multiplier);
    }

    /** The entry for a model name such as {@code gpt-4.1-mini-2025-04-14}; the gpt-4o rule when unknown. */
    public static VisionModel of(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        for (VisionModel known : KNOWN) {
            if (name.startsWith(known.prefix)) {
                return known;
            }
        }
        return FALLBACK;
    }

    /** True when the model is in OpenAI's published table (false: estimates use the gpt-4o rule). */
    public boolean isDocumented() {
        return !prefix.isEmpty();
    }
}
