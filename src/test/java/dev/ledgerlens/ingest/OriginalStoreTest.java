package dev.ledgerlens.ingest;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OriginalStoreTest {
    @TempDir
    Path root;

    @Test
    void keepsTheBytesUnderTheirSha256() throws Exception {
        byte[] bytes = "%PDF-1.7 receipt".getBytes(StandardCharsets.US_ASCII);
        OriginalStore store = new OriginalStore(root);

        OriginalStore.Stored stored = store.keep(new ByteArrayInputStream(bytes), 1_000);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(stored.sha256()).isEqualTo(expected);
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(stored.path())).isEqualTo(bytes);
        assertThat(stored.path()).isEqualTo(root.resolve(expected.substring(0, 2)).resolve(expected));
        assertThat(store.contains(expected)).isTrue();
    }

    @Test
    void theSameBytesTwiceAreKeptOnceAndNoTemporaryFileIsLeft() throws Exception {
        OriginalStore store = new OriginalStore(root);
        byte[] bytes = {1, 2, 3};

        OriginalStore.Stored first = store.keep(new ByteArrayInputStream(bytes), 10);
        OriginalStore.Stored second = store.keep(new ByteArrayInputStream(bytes), 10);

        assertThat(second.path()).isEqualTo(first.path());
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(first.path());
        }
    }

    @Test
    void anEmptyFileHasAnIdentityLikeAnyOther() {
        OriginalStore.Stored stored = new OriginalStore(root).keep(new ByteArrayInputStream(new byte[0]), 10);

        assertThat(stored.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(stored.size()).isZero();
    }

    @Test
    void anOversizedFileIsRefusedAfterReadingJustPastTheCapAndLeavesNothingBehind() throws Exception {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                read.addAndGet(length);
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                return length;
            }
        };

        assertThatThrownBy(() -> new OriginalStore(root).keep(endless, 100_000))
                .isInstanceOf(LedgerlensException.class)
                .satisfies(e -> assertThat(((LedgerlensException) e).reason()).isEqualTo(FailureReason.TOO_LARGE));
        assertThat(read.get()).isLessThan(100_000 + 128 * 1024);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }
}
