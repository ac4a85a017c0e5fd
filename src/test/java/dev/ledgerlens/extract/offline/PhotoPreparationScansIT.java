package dev.ledgerlens.extract.offline;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scans stay as they are: {@link PhotoPreparer} runs (no OCR) over every SROIE receipt of {@code ../shared/data}
 * (400 scans, a few of them on a black scanner lid) and declines every one, so the engine reads them exactly as before.
 * Prints the preparation's CPU time per image (decoding not counted). About 20 s on two cores; skipped when the data
 * folder is absent.
 */
class PhotoPreparationScansIT {
    private static final List<Path> SETS = List.of(Path.of("../shared/data/sroie-train-sample/img"),
            Path.of("../shared/data/sroie-train-check/img"));

    @Test
    void noSroieScanIsChanged() throws IOException {
        assumeTrue(SETS.stream().allMatch(Files::isDirectory), "SROIE images not found at " + SETS + "; run from the worktree beside ../shared");
        PhotoPreparer preparer = new PhotoPreparer();
        List<String> changed = new ArrayList<>();
        long nanos = 0;
        int images = 0;
        for (Path set : SETS) {
            try (Stream<Path> files = Files.list(set)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".jpg")).sorted().toList()) {
                    BufferedImage gray = ScanPreprocessor.toGray(ImageIO.read(file.toFile()));
                    long started = System.nanoTime();
                    boolean taken = preparer.prepare(gray).isPresent();
                    nanos += System.nanoTime() - started;
                    images++;
                    if (taken) {
                        changed.add(file.getFileName().toString());
                    }
                }
            }
        }
        System.out.printf("photo preparation on %d SROIE scans: %d changed, %.1f ms per image%n", images, changed.size(),
                nanos / 1e6 / images);
        assertThat(images).isEqualTo(400);
        assertThat(changed).as("SROIE scans the photo preparation changed").isEmpty();
    }
}
