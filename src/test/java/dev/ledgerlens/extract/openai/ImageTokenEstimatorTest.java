package dev.ledgerlens.extract.openai;

import dev.ledgerlens.render.PageSpec;
import org.junit.jupiter.api.Test;

import static dev.ledgerlens.extract.openai.OpenAiSettings.Detail.HIGH;
import static dev.ledgerlens.extract.openai.OpenAiSettings.Detail.LOW;
import static org.assertj.core.api.Assertions.assertThat;

class ImageTokenEstimatorTest {
    private final ImageTokenEstimator tile = new ImageTokenEstimator("gpt-4.1");
    private final ImageTokenEstimator patch = new ImageTokenEstimator("gpt-4.1-mini");

    @Test
    void reproducesTheVisionGuideVectorsExactly() {
        assertThat(tile.imageTokens(1024, 1024, HIGH)).isEqualTo(765);
        assertThat(tile.imageTokens(1024, 1024, LOW)).isEqualTo(85);
        assertThat(tile.imageTokens(2048, 4096, HIGH)).isEqualTo(1105);
        assertThat(patch.patches(1024, 1024)).isEqualTo(1024);
        assertThat(patch.patches(1800, 2400)).isEqualTo(1452);
    }

    @Test
    void patchModelsMultiplyPatchesByTheirFactor() {
        assertThat(patch.imageTokens(1024, 1024, HIGH)).isEqualTo((long) Math.ceil(1024 * 1.62));
        assertThat(new ImageTokenEstimator("gpt-4.1-nano-2025-04-14").imageTokens(1024, 1024, LOW))
                .isEqualTo((long) Math.ceil(1024 * 2.46));
        assertThat(new ImageTokenEstimator("o4-mini").imageTokens(1800, 2400, HIGH)).isEqualTo((long) Math.ceil(1452 * 1.72));
    }

    @Test
    void unknownModelsAreEstimatedLikeGpt4o() {
        ImageTokenEstimator local = new ImageTokenEstimator("qwen2.5-vl-7b-instruct");
        assertThat(local.model().isDocumented()).isFalse();
        assertThat(local.imageTokens(1024, 1024, HIGH)).isEqualTo(765);
    }

    @Test
    void renderedPagesAreNeverLargerThanWhatTheModelSees() {
        int[][] sizes = {{1654, 2339}, {2480, 3508}, {1800, 2400}, {600, 5000}, {5000, 600}, {1024, 1024},
                {1275, 1650}, {3000, 4000}, {500, 700}, {2049, 33}, {4961, 7016}, {1057, 1409}};
        for (ImageTokenEstimator estimator : new ImageTokenEstimator[] {tile, patch}) {
            for (OpenAiSettings.Detail detail : OpenAiSettings.Detail.values()) {
                PageSpec spec = estimator.pageSpec(detail);
                assertThat(spec.preferSmallestEncoding()).isTrue();
                for (int[] size : sizes) {
                    double scale = spec.scaleFor(size[0], size[1]);
                    int width = (int) Math.round(size[0] * scale);
                    int height = (int) Math.round(size[1] * scale);
                    double[] visible = estimator.visibleSize(size[0], size[1], detail);
                    String what = estimator.model().prefix() + " " + detail + " " + size[0] + "x" + size[1]
                            + " rendered " + width + "x" + height;
                    assertThat(width).as(what).isLessThanOrEqualTo((int) Math.ceil(visible[0]));
                    assertThat(height).as(what).isLessThanOrEqualTo((int) Math.ceil(visible[1]));
                    // ...and the model would not shrink it further: what is rendered is what is seen.
                    double[] again = estimator.visibleSize(width, height, detail);
                    assertThat(again[0]).as(what).isGreaterThanOrEqualTo(width - 1.0);
                    assertThat(again[1]).as(what).isGreaterThanOrEqualTo(height - 1.0);
                    if (estimator == patch) {
                        assertThat(PageSpec.patches(width, height)).as(what).isLessThanOrEqualTo(1536);
                    }
                }
            }
        }
    }

    @Test
    void tileModelsSeeAtMost2048ThenShortSide768() {
        double[] seen = tile.visibleSize(2048, 4096, HIGH);
        assertThat(seen[0]).isEqualTo(768.0);
        assertThat(seen[1]).isEqualTo(1536.0);
        assertThat(tile.pageSpec(HIGH).maxShortSide()).isEqualTo(768);
        assertThat(tile.pageSpec(LOW).maxLongSide()).isEqualTo(512);
    }
}
