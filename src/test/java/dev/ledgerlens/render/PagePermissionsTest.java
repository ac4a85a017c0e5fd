package dev.ledgerlens.render;

import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** A document's page images are its owner's only, like its kept original: another local user reads neither. */
class PagePermissionsTest {
    @TempDir
    Path work;

    @Test
    void pageImagesAndTheirFolderAreReadableByTheOwnerOnly() throws Exception {
        Path file = Golden.samplesDir().resolve("receipt-usd-grocery-png.png");
        SourceDocument source = new SourceDocument("ab".repeat(32), "file:" + file, file.getFileName().toString(),
                Files.size(file), file);

        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(source, new PageSpec(200, 0, 0, 0, true, false), work);

        Path page = rendered.pages().get(0).image();
        assertThat(Files.getPosixFilePermissions(page)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(page.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
