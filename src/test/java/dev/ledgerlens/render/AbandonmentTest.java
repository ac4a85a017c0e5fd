package dev.ledgerlens.render;

import dev.ledgerlens.failure.Category;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.HostileCorpus;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * CPU after a deadline: an abandoned render stops soon, in PDFBox's loops and in ImageIO's decoders alike, and no more
 * than {@link DocumentRenderer#MAX_ABANDONED} abandoned renders may still run before new documents wait, and then
 * stop the run.
 */
class AbandonmentTest {
    private static final PageSpec TILE_MODEL = new PageSpec(150, 2048, 768, 0, false, true);

    @TempDir
    Path work;

    @Test
    void aJpegDecodeInNativeCodeStopsSoonAfterTheDeadline() throws IOException {
        // 98 progressive scans of 8192×8192 px: seconds of native decoding, where neither an interrupt nor
        // ImageReader.abort() reaches; the decoder's next read of its input fails instead
        Path file = Files.write(work.resolve("slow.jpg"), HostileCorpus.progressiveScanBombJpeg(8192, 98));
        DocumentRenderer renderer = new DocumentRenderer(withTimeout(Duration.ofMillis(300)));
        SourceDocument source = DocumentRendererTest.source(file);

        LedgerlensException failure = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.render(source, TILE_MODEL, work.resolve("pages")));

        assertThat(failure.reason()).isEqualTo(FailureReason.RENDER_TIMEOUT);
        // the caller waits up to ABANDON_GRACE (2 s) for the worker; unstopped, the decode runs on for seconds more
        assertThat(renderer.abandonedStillRunning()).as("abandoned renders still running when the caller got its answer")
                .isZero();
    }

    @Test
    void theFullPageImageFinderStopsWhenTheRenderIsAbandoned() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(HostileCorpus.slowPagePdf(10_000))) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> new FullPageImageFinder().find(pdf.getPage(0)))
                        .isInstanceOf(InterruptedIOException.class);
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void beyondTwoAbandonedRendersNewDocumentsWaitThenTheRunStops() throws Exception {
        DocumentRenderer renderer = new DocumentRenderer(withTimeout(Duration.ofMillis(200)));
        CountDownLatch release = new CountDownLatch(1);
        // a render stuck where no interrupt reaches (a decoder in a native loop): it ends only when released
        java.util.concurrent.Callable<RenderedDocument> stuck = () -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // as deaf as native code
                }
            }
            return null;
        };
        Path folder = Files.createDirectories(work.resolve("pages"));
        for (int i = 0; i < DocumentRenderer.MAX_ABANDONED; i++) {
            LedgerlensException timedOut = catchThrowableOfType(LedgerlensException.class,
                    () -> renderer.bounded(source("stuck"), folder, stuck));
            assertThat(timedOut.reason()).isEqualTo(FailureReason.RENDER_TIMEOUT);
        }
        assertThat(renderer.abandonedStillRunning()).isEqualTo(DocumentRenderer.MAX_ABANDONED);

        long start = System.nanoTime();
        LedgerlensException refused = catchThrowableOfType(LedgerlensException.class,
                () -> renderer.bounded(source("next"), folder, () -> null));
        assertThat(refused.reason()).isEqualTo(FailureReason.RENDER_STUCK);
        assertThat(refused.reason().category()).isEqualTo(Category.FATAL);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms waited for an abandoned render to end")
                .isGreaterThanOrEqualTo(200);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> renderer.abandonedStillRunning() == 0);
        assertThat(renderer.bounded(source("after"), folder, () -> null)).as("a render once the stuck ones ended").isNull();
    }

    private static SourceDocument source(String name) {
        return new SourceDocument("0123456789ab" + name, "file:/" + name, name, 1, Path.of(name));
    }

    private static RenderSettings withTimeout(Duration timeout) {
        RenderSettings defaults = RenderSettings.defaults();
        return new RenderSettings(defaults.maxPages(), defaults.maxPixels(), defaults.jpegQuality(), timeout);
    }
}
