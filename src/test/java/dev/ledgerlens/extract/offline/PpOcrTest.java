package dev.ledgerlens.extract.offline;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real PP-OCR worker on a sample receipt: lines with boxes and confidences, and recovery from a stuck worker. */
class PpOcrTest {
    private static final Path RECEIPT = Path.of("sample-inputs/receipt-usd-grocery-png.png");
    private static PpOcr reader;

    @BeforeAll
    static void start() {
        reader = new PpOcr(2, 2400, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        reader.close();
    }

    @Test
    void readsTheReceiptsLinesWithBoxesAndConfidences() {
        TextLayer layer = reader.read(RECEIPT);
        assertThat(layer.origin()).isEqualTo(TextLayer.Origin.OCR);
        assertThat(layer.text()).contains("FRESH MART").contains("18.89");
        Word total = layer.words().stream().filter(word -> word.text().contains("18.89")).findFirst().orElseThrow();
        Word name = layer.words().stream().filter(word -> word.text().contains("FRESH MART")).findFirst().orElseThrow();
        assertThat(name.top()).as("the name is printed above the total").isLessThan(total.top());
        assertThat(total.width()).isPositive();
        assertThat(total.confidence()).isBetween(50f, 100f);
    }

    @Test
    void aLargePageIsReadScaledDownWithBoxesInThePagesPixels() {
        Word full = line(reader.read(RECEIPT), "18.89");
        try (PpOcr scaling = new PpOcr(2, 700, Duration.ofMinutes(2))) {
            Word scaled = line(scaling.read(RECEIPT), "18.89");
            assertThat(scaled.left()).isCloseTo(full.left(), org.assertj.core.data.Offset.offset(12));
            assertThat(scaled.top()).isCloseTo(full.top(), org.assertj.core.data.Offset.offset(12));
            assertThat(scaled.width()).isCloseTo(full.width(), org.assertj.core.data.Offset.offset(24));
        }
    }

    @Test
    void aClosedReaderLeavesNoUnpackedLibraryBehind() throws Exception {
        // its own folder, not a count of the shared temp folder, which other processes' readers change meanwhile
        Path folder;
        try (PpOcr own = new PpOcr(1, 2400, Duration.ofMinutes(2))) {
            own.read(RECEIPT);
            folder = own.workerFolder();
            assertThat(folder).as("its own folder for the native library and models").isNotNull().isDirectory();
            assertThat(folder.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(folder.getFileName().toString()).startsWith("ledgerlens-ppocr-");
        }
        assertThat(folder).doesNotExist();
    }

    @Test
    void fullWidthPunctuationIsWrittenAsPrinted() {
        assertThat(PpOcrWorker.normalise("MR.D.I.Y.（M) SDN BHD：")).isEqualTo("MR.D.I.Y.(M) SDN BHD:");
    }

    private static Word line(TextLayer layer, String text) {
        return layer.words().stream().filter(word -> word.text().contains(text)).findFirst().orElseThrow();
    }

    @Test
    void aWorkerThatTakesTooLongIsStopped() {
        try (PpOcr impatient = new PpOcr(1, 2400, Duration.ofMillis(1))) {
            assertThatThrownBy(() -> impatient.read(RECEIPT))
                    .isInstanceOfSatisfying(LedgerlensException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.OCR_FAILED))
                    .hasMessageContaining("longer than");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> workers().count() <= 1);
        }
    }

    @Test
    void aWorkerThatDiedIsReplacedByTheNextRead() {
        reader.read(RECEIPT);
        workers().forEach(ProcessHandle::destroyForcibly);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> workers().findAny().isEmpty());
        try {
            reader.read(RECEIPT);
        } catch (LedgerlensException e) {
            // the request may have reached the dead worker's pipe: this read fails, the next starts a new worker
            assertThat(e.reason()).isEqualTo(FailureReason.OCR_FAILED);
        }
        assertThat(reader.read(RECEIPT).text()).contains("FRESH MART");
    }

    private static java.util.stream.Stream<ProcessHandle> workers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> child.info().commandLine().orElse("").contains(PpOcrWorker.class.getName()));
    }

    @Test
    void aMissingImageIsAnOcrFailure() {
        assertThatThrownBy(() -> reader.read(Path.of("sample-inputs/no-such-page.png")))
                .isInstanceOfSatisfying(LedgerlensException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.OCR_FAILED));
    }
}
