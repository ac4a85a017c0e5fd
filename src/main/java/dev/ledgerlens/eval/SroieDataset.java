package dev.ledgerlens.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A folder of labelled receipts laid out like the SROIE 2019 data: {@code img/<id>.jpg}, {@code entities/<id>.json}
 * with company, date, address and total, and for {@code --text-source box} {@code box/<id>.txt}, the ground-truth
 * text lines. Reads only; immutable and thread-safe.
 */
public final class SroieDataset {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    private SroieDataset(Path folder) {
        this.folder = folder;
    }

    /**
     * The dataset in {@code folder}.
     *
     * @throws LedgerlensException CONFIGURATION_INVALID when the folder has no {@code img/} and {@code entities/}
     */
    public static SroieDataset open(Path folder) {
        if (!Files.isDirectory(folder.resolve("entities")) || !Files.isDirectory(folder.resolve("img"))) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    folder + " is not laid out like SROIE: it needs img/ and entities/ folders");
        }
        return new SroieDataset(folder);
    }

    public Path folder() {
        return folder;
    }

    /**
     * The receipts' ids, sorted: every {@code every}-th one starting with the first (1 = all), then the first
     * {@code limit} of those (0 = no limit).
     */
    public List<String> ids(int every, int limit) {
        Path entities = folder.resolve("entities");
        List<String> all;
        try (Stream<Path> files = Files.list(entities)) {
            all = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - 5))
                    .sorted().toList();
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot list " + entities + ": " + e.getMessage(), e);
        }
        int step = Math.max(1, every);
        Stream<String> chosen = IntStream.range(0, all.size()).filter(index -> index % step == 0).mapToObj(all::get);
        return (limit > 0 ? chosen.limit(limit) : chosen).toList();
    }

    /** The receipt's scan. */
    public Path image(String id) {
        return folder.resolve("img").resolve(id + ".jpg");
    }

    /**
     * The receipt's scan as a document arriving in {@code run}: identified by the SHA-256 of its bytes.
     *
     * @throws LedgerlensException SOURCE_UNREADABLE when the scan cannot be read
     */
    public SourceDocument source(String id) {
        Path image = image(id);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.SOURCE_UNREADABLE, "cannot read " + image + ": " + e.getMessage(), e);
        }
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return new SourceDocument(sha256, image.toUri().toString(), image.getFileName().toString(), bytes.length, image);
    }

    /** The receipt's labels (company, date, address, total), as the dataset writes them. */
    public JsonNode labels(String id) {
        Path file = folder.resolve("entities").resolve(id + ".json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read the labels " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ground-truth lines as a text layer: one word per box (its text may hold spaces), one line per box, in the
     * scan's pixels times {@code scale}.
     *
     * @throws LedgerlensException CONFIGURATION_INVALID when the receipt has no {@code box/<id>.txt}
     */
    public TextLayer boxText(String id, double scale) {
        Path boxFile = folder.resolve("box").resolve(id + ".txt");
        if (!Files.isRegularFile(boxFile)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "no ground-truth text " + boxFile);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(boxFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read " + boxFile + ": " + e.getMessage(), e);
        }
        List<Word> words = new ArrayList<>();
        for (String raw : lines) {
            String[] parts = raw.split(",", 9);
            if (parts.length < 9 || parts[8].isBlank()) {
                continue;
            }
            int[] xy = new int[8];
            for (int i = 0; i < 8; i++) {
                xy[i] = (int) Math.round(Integer.parseInt(parts[i].strip()) * scale);
            }
            int left = Math.min(Math.min(xy[0], xy[2]), Math.min(xy[4], xy[6]));
            int right = Math.max(Math.max(xy[0], xy[2]), Math.max(xy[4], xy[6]));
            int top = Math.min(Math.min(xy[1], xy[3]), Math.min(xy[5], xy[7]));
            int bottom = Math.max(Math.max(xy[1], xy[3]), Math.max(xy[5], xy[7]));
            words.add(new Word(parts[8].strip(), left, top, right - left, bottom - top, 100f));
        }
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            text.append(word.text().replaceAll("\\s+", " ")).append('\n');
        }
        return new TextLayer(text.toString(), words, TextLayer.Origin.OCR);
    }
}
