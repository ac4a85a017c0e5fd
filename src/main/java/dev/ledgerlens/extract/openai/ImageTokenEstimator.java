package dev.ledgerlens.extract.openai;

import dev.ledgerlens.render.PageSpec;

/**
 * Image tokens by OpenAI's published rules, and the largest image a model actually looks at.
 * Used to size pages before rendering (no pixel the API would throw away is sent) and to estimate
 * a request's cost before sending it (run budget, tokens-per-minute limiter).
 * Stateless and thread-safe.
 */
public final class ImageTokenEstimator {
    /** Tile models fit the image into this square first. */
    static final int TILE_FIT = 2048;
    /** …then scale the shortest side down to this. */
    static final int TILE_SHORT_SIDE = 768;
    /** Tile side, px. */
    static final int TILE = 512;
    /** A {@code low}-detail image is looked at as at most 512×512. */
    static final int LOW_DETAIL_SIDE = 512;

    private final VisionModel model;

    public ImageTokenEstimator(VisionModel model) {
        this.model = model;
    }

    public ImageTokenEstimator(String modelName) {
        this(VisionModel.of(modelName));
    }

    public VisionModel model() {
        return model;
    }

    /** Tokens one width×height image costs at this detail. */
    public long imageTokens(int width, int height, OpenAiSettings.Detail detail) {
        if (model.kind() == VisionModel.Kind.PATCH) {
            return (long) Math.ceil(patches(width, height) * model.multiplier());
        }
        if (detail == OpenAiSettings.Detail.LOW) {
            return model.baseTokens();
        }
        double[] size = tileVisibleSize(width, height);
        long tiles = (long) Math.ceil(size[0] / TILE) * (long) Math.ceil(size[1] / TILE);
        return model.baseTokens() + tiles * model.tileTokens();
    }

    /** Patch models: the patches a width×height image uses after the API's downscaling (at most the budget). */
    public long patches(int width, int height) {
        double scale = PageSpec.patchScale(width, height, model.patchBudget());
        return Math.min(model.patchBudget(), PageSpec.patches(width * scale, height * scale));
    }

    /**
     * The size, px, the model looks at for a width×height image ({@code [width, height]}, fractional as in the guide).
     * Never larger than the input: the API does not upscale.
     */
    public double[] visibleSize(int width, int height, OpenAiSettings.Detail detail) {
        if (model.kind() == VisionModel.Kind.PATCH) {
            double scale = PageSpec.patchScale(width, height, model.patchBudget());
            return new double[] {width * scale, height * scale};
        }
        if (detail == OpenAiSettings.Detail.LOW) {
            double scale = Math.min(1.0, (double) LOW_DETAIL_SIDE / Math.max(width, height));
            return new double[] {width * scale, height * scale};
        }
        return tileVisibleSize(width, height);
    }

    private static double[] tileVisibleSize(int width, int height) {
        double fit = Math.min(1.0, (double) TILE_FIT / Math.max(width, height));
        double w = width * fit;
        double h = height * fit;
        double shorten = Math.min(1.0, TILE_SHORT_SIDE / Math.min(w, h));
        return new double[] {w * shorten, h * shorten};
    }

    /**
     * How pages should be rendered for this model: exactly the visible size and no larger,
     * colour (models read coloured stamps and highlights), the smaller of PNG and JPEG.
     */
    public PageSpec pageSpec(OpenAiSettings.Detail detail) {
        // 200 DPI keeps 8-pt receipt print legible before the downscale; larger gains nothing once scaled.
        int dpi = 200;
        if (model.kind() == VisionModel.Kind.PATCH) {
            return new PageSpec(dpi, 0, 0, 0, false, true, model.patchBudget());
        }
        if (detail == OpenAiSettings.Detail.LOW) {
            return new PageSpec(dpi, LOW_DETAIL_SIDE, 0, 0, false, true, 0);
        }
        return new PageSpec(dpi, TILE_FIT, TILE_SHORT_SIDE, 0, false, true, 0);
    }

    /** A rough count for prompt text: about four characters per token for English and JSON. */
    public static long textTokens(String text) {
        return (text.length() + 3) / 4;
    }
}
