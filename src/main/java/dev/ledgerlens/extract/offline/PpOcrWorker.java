package dev.ledgerlens.extract.offline;

import com.benjaminwan.ocrlibrary.OcrResult;
import com.benjaminwan.ocrlibrary.Point;
import com.benjaminwan.ocrlibrary.TextBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mymonstercat.Model;
import io.github.mymonstercat.ocr.InferenceEngine;
import io.github.mymonstercat.ocr.config.HardwareConfig;
import io.github.mymonstercat.ocr.config.ParamConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The PP-OCR reader's own process ({@link PpOcr} starts it). RapidOcr's native library prints its progress to the
 * process's standard output, keeps one engine per process and holds gigabytes while it works (docs/benchmarks.md);
 * in a worker of its own none of that reaches the pipeline, and a crash in native code costs one page's second
 * reading, not the run.
 *
 * <p>Protocol, one request at a time: the parent writes an image path on a line of standard input; the worker
 * answers with one line that starts with {@link #MARKER} followed by JSON, {@code {"lines":[{"text", "left",
 * "top", "width", "height", "confidence"}]}} or {@code {"error": "..."}}. Other lines on standard output are
 * the native library's chatter. End of input ends the worker.
 */
public final class PpOcrWorker {
    static final String MARKER = "\u0001ledgerlens-ppocr\u0001";

    /**
     * How far each detected text box is grown before its line is cut out for the recogniser, unless the parent
     * says otherwise (the library's own default is 1.6). At 1.6 the cut clips the first and last characters of a
     * line and the commas and full stops beside them; on the SROIE sample PP-OCR alone read markedly more addresses
     * and shop names right at 2.0, and fewer again beyond it (docs/benchmarks.md, "The one large step").
     */
    static final float UNCLIP_RATIO = 2.0f;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int maxSide = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        float unclipRatio = args.length > 2 ? Float.parseFloat(args[2]) : UNCLIP_RATIO;
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        InferenceEngine engine = InferenceEngine.getInstance(Model.ONNX_PPOCR_V4, new HardwareConfig(threads, -1));
        ParamConfig params = ParamConfig.getDefaultConfig();
        // pages arrive upright (EXIF orientation is applied when they are rendered); the angle classifier costs time
        params.setDoAngle(false);
        params.setMostAngle(false);
        // the detector works on the page as sent (already scaled below to at most maxSide), not the library's
        // default size
        params.setMaxSideLen(maxSide);
        params.setUnClipRatio(unclipRatio);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String image;
        while ((image = in.readLine()) != null) {
            ObjectNode answer = json.createObjectNode();
            java.io.File scaledCopy = null;
            try {
                // A 600 dpi page is read as well at half the size and four times as fast: lines are scaled to
                // 48 px high for the recogniser anyway. Boxes are scaled back to the page's pixels.
                double back = 1.0;
                String input = image;
                // the header says whether the page needs scaling; only then are its pixels decoded here
                int[] size = maxSide > 0 ? ScanPreprocessor.imageSize(java.nio.file.Path.of(image)) : null;
                java.awt.image.BufferedImage page = size != null && Math.max(size[0], size[1]) > maxSide
                        ? javax.imageio.ImageIO.read(new java.io.File(image)) : null;
                if (page != null) {
                    double scale = (double) maxSide / Math.max(page.getWidth(), page.getHeight());
                    java.awt.image.BufferedImage small = new java.awt.image.BufferedImage((int) Math.round(page.getWidth() * scale),
                            (int) Math.round(page.getHeight() * scale), java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
                    java.awt.Graphics2D g = small.createGraphics();
                    try {
                        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                        g.drawImage(page, 0, 0, small.getWidth(), small.getHeight(), null);
                    } finally {
                        g.dispose();
                    }
                    scaledCopy = java.io.File.createTempFile("ledgerlens-ppocr-", ".bmp");
                    javax.imageio.ImageIO.write(small, "bmp", scaledCopy);
                    input = scaledCopy.getAbsolutePath();
                    back = (double) page.getWidth() / small.getWidth();
                }
                OcrResult result = engine.runOcr(input, params);
                ArrayNode lines = answer.putArray("lines");
                for (TextBlock block : result.getTextBlocks()) {
                    String text = block.getText() == null ? "" : block.getText().strip();
                    if (text.isEmpty() || block.getBoxPoint() == null || block.getBoxPoint().isEmpty()) {
                        continue;
                    }
                    int left = Integer.MAX_VALUE;
                    int top = Integer.MAX_VALUE;
                    int right = Integer.MIN_VALUE;
                    int bottom = Integer.MIN_VALUE;
                    for (Point point : block.getBoxPoint()) {
                        left = Math.min(left, point.getX());
                        top = Math.min(top, point.getY());
                        right = Math.max(right, point.getX());
                        bottom = Math.max(bottom, point.getY());
                    }
                    lines.addObject().put("text", normalise(text))
                            .put("left", (int) Math.round(Math.max(0, left) * back)).put("top", (int) Math.round(Math.max(0, top) * back))
                            .put("width", (int) Math.max(1, Math.round((right - left) * back)))
                            .put("height", (int) Math.max(1, Math.round((bottom - top) * back)))
                            .put("confidence", confidence(block.getCharScores()));
                }
            } catch (RuntimeException | LinkageError | java.io.IOException e) {
                answer.removeAll();
                answer.put("error", e.toString());
            } finally {
                if (scaledCopy != null) {
                    java.nio.file.Files.deleteIfExists(scaledCopy.toPath());
                }
            }
            // a line of its own even if the native library left a partial line on the stream
            out.print("\n" + MARKER + json.writeValueAsString(answer) + "\n");
            out.flush();
        }
    }

    /**
     * The recogniser was trained on Chinese as well as English and writes full-width punctuation ("（M)") where a
     * receipt prints ASCII; compatibility normalisation (NFKC) turns it back.
     */
    static String normalise(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
    }

    /** The mean character score, 0–100; 0 when the recogniser gave none. */
    static float confidence(float[] scores) {
        if (scores == null || scores.length == 0) {
            return 0f;
        }
        double sum = 0;
        for (float score : scores) {
            sum += score;
        }
        return (float) (100 * sum / scores.length);
    }

    private PpOcrWorker() {
    }
}
