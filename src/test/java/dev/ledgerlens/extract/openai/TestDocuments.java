package dev.ledgerlens.extract.openai;

import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentType;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Small real PNG pages on disk and configurations pointed at a fake server, for the engine's tests. */
final class TestDocuments {
    static final String API_KEY = "sk-test-SECRET-0123456789abcdef";

    private TestDocuments() {
    }

    /** A document of {@code pages} PNG pages of 120×160 px, identified by {@code sha256}. */
    static RenderedDocument document(Path dir, String sha256, int pages) {
        try {
            Path original = Files.writeString(dir.resolve(sha256 + ".pdf"), "%PDF-1.7 fake");
            List<RenderedPage> rendered = new ArrayList<>();
            for (int number = 1; number <= pages; number++) {
                BufferedImage image = new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB);
                Graphics2D graphics = image.createGraphics();
                graphics.setColor(Color.WHITE);
                graphics.fillRect(0, 0, 120, 160);
                graphics.setColor(Color.BLACK);
                graphics.drawString("page " + number, 10, 20);
                graphics.dispose();
                Path file = dir.resolve(sha256 + "-" + number + ".png");
                ImageIO.write(image, "png", file.toFile());
                rendered.add(new RenderedPage(number, file, "image/png", 120, 160, null));
            }
            SourceDocument source = new SourceDocument(sha256, "file:/inbox/" + sha256 + ".pdf", sha256 + ".pdf",
                    Files.size(original), original);
            return new RenderedDocument(source, DocumentType.PDF, pages, rendered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for a fake server at {@code baseUrl}, fast retries, plus overrides by environment name. */
    static OpenAiSettings settings(String baseUrl, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", API_KEY);
        env.put("OPENAI_BASE_URL", baseUrl);
        env.put("LEDGERLENS_OPENAI_MAX_RETRIES", "2");
        env.put("LEDGERLENS_OPENAI_TIMEOUT", "5s");
        env.putAll(overrides);
        return OpenAiSettings.from(new ConfigSource(new Properties(), env));
    }

    static String fields(String storeName, String total, String... itemNames) {
        StringBuilder items = new StringBuilder();
        for (String name : itemNames) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"name\":\"").append(name).append("\",\"qty\":\"1\",\"unit_price\":null,\"price\":\"1.00\"}");
        }
        return "{\"document_type\":\"receipt\",\"store_name\":" + quote(storeName) + ",\"store_address\":null,"
                + "\"date\":\"15/01/2019\",\"time\":null,\"items\":[" + items + "],\"subtotal\":null,\"tax\":null,"
                + "\"tip\":null,\"discount\":null,\"total\":" + quote(total) + ",\"currency\":\"RM\",\"payment_method\":null,"
                + "\"invoice_number\":null,\"due_date\":null,\"vendor_tax_id\":null,\"bill_to\":null,\"po_number\":null,"
                + "\"tax_lines\":[]}";
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
