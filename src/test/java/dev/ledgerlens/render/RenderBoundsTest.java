package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.HostileCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * One pathological page must not hang the render stage or exhaust the heap: a page that takes far longer than the
 * deadline fails as RENDER_TIMEOUT on time and stops burning CPU; an embedded image too large to decode is refused
 * from its dictionary; a poster-sized page is drawn at the model's size, not at its own.
 */
class RenderBoundsTest {
    /** What a tile vision model sees at most: fit into 2048×2048, shortest side 768. */
    private static final PageSpec TILE_MODEL = new PageSpec(150, 2048, 768, 0, false, true);
    /** 400,000 strokes in a 92 KB file: 146 s of rasterising unbounded (measured here), against a 1 s deadline. */
    private static final int STROKES = 400_000;

    @TempDir
    Path work;

    @Test
    void aPageThatRendersForeverFailsAtTheDeadlineAndItsThreadStops() throws IOException {
        Path file = Files.write(work.resolve("slow.pdf"), HostileCorpus.slowPagePdf(STROKES));
        DocumentRenderer renderer = new DocumentRenderer(withTimeout(Duration.ofSeconds(1)));
        SourceDocument source = DocumentRendererTest.source(file);

        long start = System.nanoTime();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.render(source, TILE_MODEL, work.resolve("pages")));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure).as("no failure: the page rendered within 1 s").isNotNull();
        assertThat(failure.reason()).isEqualTo(FailureReason.RENDER_TIMEOUT);
        // the bound catches a deadline that does not fire, with room for a loaded build machine (two
        // test JVMs and OCR workers on 2 cores stretched the 1 s deadline to just over 3 s once)
        assertThat(elapsedMillis).as("time until the caller got its answer").isLessThan(8_000);
        // the abandoned worker notices the interrupt at its next operator and ends
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("ledgerlens-render-" + source.shortId())));
        try (Stream<Path> left = Files.walk(work.resolve("pages"))) {
            assertThat(left.filter(Files::isRegularFile)).as("page files left behind").isEmpty();
        }
    }

    @Test
    void anEmbeddedImageDeclaringMoreThanThePixelCapIsRefusedBeforeDecoding() throws IOException {
        Path file = Files.write(work.resolve("huge-image.pdf"), HostileCorpus.imagePdf(12_000));
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

        long start = System.nanoTime();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.render(DocumentRendererTest.source(file), TILE_MODEL, work));

        assertThat(failure.reason()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(failure.getMessage()).contains("12000×12000", "ledgerlens.render.max-pixels");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms: refused without inflating 144 MB").isLessThan(2_000);
    }

    @Test
    void aPageWhoseDrawingInstructionsInflateTo1GbIsRefusedWithoutHoldingThem() throws IOException {
        // 1 GB of content in a ~1 MB file: PDFBox would read it all into memory before drawing (3 GB exhausted a 2 GB heap)
        Path file = Files.write(work.resolve("bomb.pdf"), HostileCorpus.contentBombPdf(1L << 30));
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());
        System.gc();
        long heapBefore = usedHeap();

        long start = System.nanoTime();
        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.render(DocumentRendererTest.source(file), TILE_MODEL, work));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure).as("the bomb rendered").isNotNull();
        assertThat(failure.reason()).isEqualTo(FailureReason.TOO_LARGE);
        assertThat(failure.getMessage()).contains("decode to more than 32 MB");
        assertThat(elapsedMillis).as("ms: counting stops at the limit").isLessThan(5_000);
        assertThat(usedHeap() - heapBefore).as("heap grown, bytes").isLessThan(64L << 20);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void anEmbeddedImageUnderTheCapIsDrawnSubsampledInASmallHeap() throws IOException {
        // 9,000² = 81 MP, under the 100 MP cap: 81 MB of grey samples if decoded whole, drawn subsampled instead
        Path file = Files.write(work.resolve("big-image.pdf"), HostileCorpus.imagePdf(9_000));
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

        RenderedDocument rendered = renderer.render(DocumentRendererTest.source(file), TILE_MODEL, work);

        assertThat(rendered.pages()).singleElement()
                .satisfies(page -> assertThat(Math.max(page.width(), page.height())).isLessThanOrEqualTo(2048));
    }

    @Test
    void aPageOf200By200InchesIsDrawnAtTheModelsSize() throws IOException {
        Path file = Files.write(work.resolve("poster.pdf"), HostileCorpus.posterPdf());
        DocumentRenderer renderer = new DocumentRenderer(RenderSettings.defaults());

        RenderedDocument rendered = renderer.render(DocumentRendererTest.source(file), TILE_MODEL, work);

        assertThat(rendered.pages()).singleElement().satisfies(page -> {
            assertThat(page.width()).isLessThanOrEqualTo(768);
            assertThat(page.height()).isLessThanOrEqualTo(768);
            assertThat(page.textLayer().text()).contains("TOTAL");
        });
    }

    private static RenderSettings withTimeout(Duration timeout) {
        RenderSettings defaults = RenderSettings.defaults();
        return new RenderSettings(defaults.maxPages(), defaults.maxPixels(), defaults.jpegQuality(), timeout);
    }
}
