package dev.ledgerlens.render;

import com.pngencoder.PngEncoder;
import dev.ledgerlens.failure.DiskFull;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Brings a decoded page to its final pixels (orientation, size, grey or RGB on white) and writes it as
 * {@code page-0001.png} or {@code .jpg}. Stateless apart from its settings; thread-safe.
 */
final class PageEncoder {
    private static final java.nio.file.attribute.FileAttribute<java.util.Set<java.nio.file.attribute.PosixFilePermission>>
            OWNER_ONLY = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    static final String PNG = "image/png";
    static final String JPEG = "image/jpeg";

    /**
     * Deflate levels, without PNG's per-row predictors (which cost 2-3x the time and, on rendered text, saved
     * nothing: {@code docs/benchmarks.md}). Level 1 for pages read locally by OCR; level 6 for pages sent over the
     * network, where it is smaller than ImageIO's writer at its default and still faster.
     */
    static final int FAST_PNG = 1;
    static final int SMALL_PNG = 6;

    private final float jpegQuality;

    PageEncoder(float jpegQuality) {
        this.jpegQuality = jpegQuality;
    }

    /**
     * Encodes {@code image} (already at its final size and colour model) into {@code folder}: PNG, or the
     * smaller of PNG and JPEG when the spec prefers the smallest encoding.
     */
    RenderedPage write(BufferedImage page, int pageNumber, PageSpec spec, Path folder, TextLayer textLayer)
            throws IOException {
        // Black-and-white pages (most invoices and receipts) lose nothing as one grey channel, and a grey PNG
        // is several times smaller and faster to write than the same pixels as RGB.
        BufferedImage image = withoutColour(page);
        // A spec that wants PNG only is feeding local OCR: deflate fast (2.5× quicker, ~20% larger files).
        // A spec that wants the smallest file is going over the network: deflate harder.
        byte[] bytes;
        String mediaType;
        Likely likely = spec.preferSmallestEncoding() ? likelySmaller(image) : Likely.PNG;
        if (likely == Likely.JPEG) {
            // photos and scans: JPEG is several times smaller, PNG's deflate would be wasted CPU
            bytes = jpeg(image, jpegQuality);
            mediaType = JPEG;
        } else {
            bytes = png(image, spec.preferSmallestEncoding() ? SMALL_PNG : FAST_PNG);
            mediaType = PNG;
            if (likely == Likely.EITHER) {
                byte[] jpeg = jpeg(image, jpegQuality);
                if (jpeg.length < bytes.length) {
                    bytes = jpeg;
                    mediaType = JPEG;
                }
            }
        }
        String name = String.format(Locale.ROOT, "page-%04d.%s", pageNumber, mediaType.equals(PNG) ? "png" : "jpg");
        Path file = folder.resolve(name);
        // readable by the owner only, like the kept originals: a page image is the document
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file, java.util.Set.of(
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                java.nio.file.StandardOpenOption.WRITE), OWNER_ONLY)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY.value()); // also when the file was already there
        } catch (IOException e) {
            // The work folder, not the document, is at fault (disk full, permissions): say so, not "corrupt".
            throw DiskFull.or(FailureReason.INTERNAL_ERROR, "cannot write the page image " + file + ": " + e.getMessage(), e);
        }
        return new RenderedPage(pageNumber, file, mediaType, image.getWidth(), image.getHeight(), textLayer);
    }

    /**
     * The same pixels as a one-channel grey image when every pixel of an RGB page has red = green = blue (rendered
     * text and line art in black, white and anti-aliased grey); otherwise the page itself. Exact: the grey level is
     * the shared channel value, not a colour-space conversion.
     */
    static BufferedImage withoutColour(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB
                || !(image.getRaster().getDataBuffer() instanceof DataBufferInt buffer)
                || image.getRaster().getSampleModel().getWidth() != image.getWidth()) {
            return image;
        }
        int[] pixels = buffer.getData();
        int count = image.getWidth() * image.getHeight();
        if (buffer.getOffset() != 0 || pixels.length < count) {
            return image;
        }
        for (int i = 0; i < count; i++) {
            int rgb = pixels[i];
            int blue = rgb & 0xff;
            if (((rgb >> 8) & 0xff) != blue || ((rgb >> 16) & 0xff) != blue) {
                return image;
            }
        }
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] levels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            levels[i] = (byte) pixels[i];
        }
        return grey;
    }

    /** Which encoding is expected to be smaller; EITHER means encode both and compare. */
    enum Likely { PNG, JPEG, EITHER }

    /**
     * Predicts the smaller encoding from the number of distinct grey levels on a sample grid, so that most pages
     * are encoded once instead of twice (encoding was most of the pipeline's CPU at high concurrency). Rendered text
     * and line art have few levels and deflate well (PNG); photos and scans have many (JPEG). In between, both
     * are encoded and the smaller kept, as before.
     */
    static Likely likelySmaller(BufferedImage image) {
        int distinct = levels(image);
        // thresholds from EncodingChoiceTest (samples and SROIE scans at a model's page size): anti-aliased text
        // renders show 35-75 levels, where either can win; scans and photos 86-231, where JPEG is 2-10x smaller
        if (distinct <= FEW_LEVELS) {
            return Likely.PNG;
        }
        return distinct >= MANY_LEVELS ? Likely.JPEG : Likely.EITHER;
    }

    /** Distinct grey levels on a grid of about 64×64 samples. */
    static int levels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int stepX = Math.max(1, width / 64);
        int stepY = Math.max(1, height / 64);
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int y = 0; y < height; y += stepY) {
            for (int x = 0; x < width; x += stepX) {
                int rgb = image.getRGB(x, y);
                int grey = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                if (!seen[grey]) {
                    seen[grey] = true;
                    distinct++;
                }
            }
        }
        return distinct;
    }

    private static final int FEW_LEVELS = 40;
    private static final int MANY_LEVELS = 80;

    /** The pixel size of a {@code width×height} image after fitting it into the spec (and the pixel cap), never up. */
    static int[] fittedSize(int width, int height, PageSpec spec, long maxPixels) {
        double scale = spec.scaleFor(width, height);
        double pixels = (double) width * height * scale * scale;
        if (pixels > maxPixels) {
            scale *= Math.sqrt(maxPixels / pixels);
        }
        // floor, not round: a side of 2048.4 px must not become 2049 and break the spec's limit
        return new int[] {Math.max(1, (int) Math.floor(width * scale)), Math.max(1, (int) Math.floor(height * scale))};
    }

    /**
     * Returns {@code source} turned upright for EXIF {@code orientation} (1–8), scaled to {@code width×height}
     * (the upright size) and converted to grey or RGB on a white background (transparent areas become paper).
     */
    static BufferedImage fit(BufferedImage source, int orientation, int width, int height, boolean grayscale) {
        BufferedImage upright = orient(source, orientation);
        int targetType = grayscale ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        if (upright.getWidth() == width && upright.getHeight() == height && upright.getType() == targetType) {
            return upright;
        }
        BufferedImage current = upright;
        // Halve in steps first: one bilinear pass over a large reduction skips pixels and thins text strokes.
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2, targetType);
        }
        return draw(current, width, height, targetType);
    }

    /** EXIF orientation values: 1 upright, 3 upside down, 6 turn 90° clockwise to view, 8 counter-clockwise; 2/4/5/7 mirrored. */
    static BufferedImage orient(BufferedImage source, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return source;
        }
        int w = source.getWidth();
        int h = source.getHeight();
        boolean swaps = orientation >= 5;
        // x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12, in the constructor's order (m00, m10, m01, m11, m02, m12)
        AffineTransform transform = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored left-right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored top-bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turn 90° clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: turn 90° counter-clockwise
        };
        int type = source.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(source, transform, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, int type) {
        BufferedImage out = new BufferedImage(width, height, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A PNG at {@code deflateLevel} (0-9), written on the calling thread. */
    static byte[] png(BufferedImage image, int deflateLevel) {
        return new PngEncoder()
                .withBufferedImage(image)
                .withCompressionLevel(deflateLevel)
                .withPredictorEncoding(false)
                // documents are already rendered in parallel: no extra threads per page
                .withMultiThreadedCompressionEnabled(false)
                .toBytes();
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
            // A memory cache: ImageIO's default file cache writes every page through a temp file.
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
