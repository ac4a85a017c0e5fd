package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch input file keeps to the Batch API's limits on one file: requests and bytes. */
class BatchInputFileTest {
    @TempDir
    Path dir;

    @Test
    void theLimitsAreTheApis() {
        assertThat(BatchInputFile.MAX_REQUESTS).isEqualTo(50_000);
        assertThat(BatchInputFile.MAX_BYTES).isEqualTo(200_000_000L);
    }

    @Test
    void aFileTakesLinesUntilItsRequestOrByteLimitAndSealsToOneJsonLinePerRequest() throws IOException {
        BatchLine line = line("ledgerlens-1-1", 40);
        BatchInputFile byCount = BatchInputFile.create(dir.resolve("count.jsonl"), 3, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            assertThat(byCount.fits(line)).isTrue();
            assertThat(byCount.append(line)).isEqualTo(i + 1);
        }
        assertThat(byCount.fits(line)).as("a 4th request").isFalse();
        byCount.seal();
        assertThat(Files.readAllLines(dir.resolve("count.jsonl"))).hasSize(3).allMatch(text -> text.equals(line.json()));

        long size = line.json().length() + 1;
        BatchInputFile byBytes = BatchInputFile.create(dir.resolve("bytes.jsonl"), 50_000, 2 * size);
        byBytes.append(line);
        assertThat(byBytes.fits(line)).isTrue();
        byBytes.append(line);
        assertThat(byBytes.fits(line)).as("one byte over").isFalse();
        assertThat(byBytes.bytes()).isEqualTo(2 * size);
        byBytes.seal();
    }

    @Test
    void aLineLargerThanAWholeFileIsTooLarge() {
        BatchInputFile file = BatchInputFile.create(dir.resolve("small.jsonl"), 50_000, 100);
        assertThatThrownBy(() -> file.fits(line("ledgerlens-1-1", 200)))
                .isInstanceOfSatisfying(LedgerlensException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(FailureReason.TOO_LARGE));
    }

    private static BatchLine line(String customId, int padding) {
        return new BatchLine(customId, "{\"custom_id\":\"" + customId + "\",\"body\":\"" + "x".repeat(padding) + "\"}",
                10, BigDecimal.ZERO);
    }
}
