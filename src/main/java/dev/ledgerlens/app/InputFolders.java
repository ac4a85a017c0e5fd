package dev.ledgerlens.app;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the folder a run reads before it starts. */
final class InputFolders {
    private InputFolders() {
    }

    /**
     * Refuses an input folder that holds the data directory ({@code watch --input .} with the default {@code ./data}):
     * the run would take its own database files, kept originals and page images for documents, and move them away.
     */
    static void requireDataDirectoryOutside(Path input, Path dataDir) {
        Path folder = real(input);
        Path data = real(dataDir);
        if (data.startsWith(folder)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "the data directory " + data
                    + " is inside the input folder " + folder + ": the run would read its own database, originals and page"
                    + " images as documents. Read a folder that does not hold it (e.g. --input " + folder.resolve("inbox")
                    + "), or move the data directory elsewhere (LEDGERLENS_DATA_DIR).");
        }
    }

    /** The real path where the folder exists (links resolved), else the absolute normalised one. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }
}
