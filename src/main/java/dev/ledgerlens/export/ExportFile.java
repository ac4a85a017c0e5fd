package dev.ledgerlens.export;

import dev.ledgerlens.store.StoredDocument;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One file of an export, rendered in memory before anything is written: its path, the import setting the accountant
 * must choose for it, the documents it carries and its bytes.
 *
 * @param path          where it goes
 * @param importSetting what to choose on the import screen ("Tax Exclusive"), empty for csv and jsonl
 * @param documents     the documents in it, in file order
 * @param content       the bytes (UTF-8 text)
 */
public record ExportFile(Path path, String importSetting, List<StoredDocument> documents, byte[] content) {
    public ExportFile {
        documents = List.copyOf(documents);
    }

    /** Hex SHA-256 of the content: two files with the same hash are the same import. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
