package dev.ledgerlens.extract.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tesseract's own process ({@link TesseractWorkers} starts it): the parent can end it when Tesseract's page layout
 * analysis, which checks no deadline, runs on past one. Its heap holds one page at a time.
 *
 * <p>Arguments: the tessdata folder, the language, the deadline in ms. Protocol, one request at a time: the parent
 * writes the segmentation mode, the number of call variables and each as two UTF strings, the width, the height
 * (all big-endian ints) and the grey pixels; the worker answers with one line that starts with {@link #MARKER}
 * followed by JSON, {@code {"text", "words": [{"text", "left", "top", "width", "height", "confidence"}]}} or
 * {@code {"reason", "message"}} (a {@code FailureReason} name). Other output is Tesseract's chatter. End of input ends
 * the worker. Before the first request the worker answers {@link #READY} once Tesseract is loaded.
 */
public final class TesseractWorker {
    static final String MARKER = "\u0001ledgerlens-tesseract\u0001";
    /** The first answer: Tesseract is loaded and the worker takes requests. */
    static final String READY = "ready";

    private TesseractWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path tessdata = Path.of(args[0]);
        String language = args[1];
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        try (TesseractHandles handles = new TesseractHandles(tessdata, language, 1, Map.of(), timeout);
             DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16))) {
            handles.prepare();
            out.println(MARKER + READY); // the parent's deadlines count from here, not from the JVM's start
            out.flush();
            while (true) {
                int segmentation;
                try {
                    segmentation = in.readInt();
                } catch (EOFException e) {
                    return; // the parent closed our input: done
                }
                Map<String, String> variables = new LinkedHashMap<>();
                for (int count = in.readInt(); count > 0; count--) {
                    variables.put(in.readUTF(), in.readUTF());
                }
                int width = in.readInt();
                int height = in.readInt();
                byte[] gray = new byte[Math.multiplyExact(width, height)];
                in.readFully(gray);
                ObjectNode answer = json.createObjectNode();
                try {
                    TextLayer layer = handles.read(gray, width, height, segmentation, variables);
                    answer.put("text", layer.text());
                    ArrayNode words = answer.putArray("words");
                    for (Word word : layer.words()) {
                        words.addObject().put("text", word.text()).put("left", word.left()).put("top", word.top())
                                .put("width", word.width()).put("height", word.height())
                                .put("confidence", word.confidence());
                    }
                } catch (LedgerlensException e) {
                    answer.put("reason", e.reason().name()).put("message", e.getMessage());
                }
                out.println(MARKER + json.writeValueAsString(answer));
                out.flush();
            }
        }
    }
}
