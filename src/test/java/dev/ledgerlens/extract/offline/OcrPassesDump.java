package dev.ledgerlens.extract.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.app.ConfigSource;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.render.RenderedDocument;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tuning tool for the offline engine: runs every OCR pass on each receipt of a SROIE-style folder and writes one
 * JSON line per receipt with each pass's four scored fields, their confidences and whether each is right, so
 * that ways of combining passes can be compared without re-running OCR.
 *
 * <p>{@code OcrPassesDump <dataset> <out.jsonl> [limit]}; configuration from the environment as for {@code run}.
 */
public final class OcrPassesDump {
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args[0]);
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ObjectMapper json = new ObjectMapper();
        OfflineSettings settings = OfflineSettings.from(ConfigSource.load(null, System.getenv()));
        List<String> ids = SroieEvaluator.ids(dataset, limit);
        try (OfflineExtractor extractor = OfflineExtractor.create(settings);
             PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[1])), true, StandardCharsets.UTF_8)) {
            // the evaluator reads the dataset's receipts as documents exactly as `ledgerlens eval` does
            SroieEvaluator layout = new SroieEvaluator(extractor, SroieEvaluator.TextSource.OCR, 1);
            for (String id : ids) {
                Path image = dataset.resolve("img").resolve(id + ".jpg");
                JsonNode expected = json.readTree(dataset.resolve("entities").resolve(id + ".json").toFile());
                RenderedDocument document = layout.document(dataset, id, image);
                long started = System.nanoTime();
                OfflineExtractor.Reading reading = extractor.read(document);
                ObjectNode line = json.createObjectNode().put("id", id).put("ms", (System.nanoTime() - started) / 1_000_000);
                line.set("expected", expected);
                ArrayNode passes = line.putArray("passes");
                for (ReceiptParser.Parsed pass : reading.passes()) {
                    RawFields f = pass.fields();
                    ObjectNode p = passes.addObject();
                    field(p, "company", f.storeName(), pass.confidence().get("store_name"),
                            SroieEvaluator.sameText(expected.path("company").asText(null), f.storeName()));
                    field(p, "address", f.storeAddress(), pass.confidence().get("store_address"),
                            SroieEvaluator.sameText(expected.path("address").asText(null), f.storeAddress()));
                    field(p, "date", f.date(), pass.confidence().get("date"),
                            SroieEvaluator.sameDate(expected.path("date").asText(null), f.date()));
                    field(p, "total", f.total(), pass.confidence().get("total"),
                            SroieEvaluator.sameAmount(expected.path("total").asText(null), f.total()));
                }
                out.println(line);
                System.err.println(id + " " + line.get("ms") + " ms");
            }
        }
    }

    private static void field(ObjectNode pass, String name, String value, Double confidence, boolean right) {
        pass.putObject(name).put("value", value).put("key", value == null ? null : SroieEvaluator.normalise(value))
                .put("confidence", confidence == null ? 0 : confidence).put("right", right);
    }

    private OcrPassesDump() {
    }
}
