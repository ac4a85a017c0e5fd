package dev.ledgerlens.extract.offline;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.Graphics2D;
import java.awt.Color;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Cleans a scanned page before OCR: grey levels, a photo's paper straightened ({@link PhotoPreparer}), cropping to the
 * printed area, rescaling, contrast stretch, deskew.
 * Each step is switched by {@link OfflineSettings}; docs/benchmarks.md has what each step does to accuracy
 * on real receipts (only deskew helped enough to be on by default).
 *
 * <p>Stateless and thread-safe.
 */
public final class ScanPreprocessor {
    private final int upscaleMinWidth;
    private final int downscaleMaxWidth;
    private final boolean stretchContrast;
    private final boolean deskew;
    private final boolean crop;
    /** Straightens photos, or null when {@code ledgerlens.offline.photo-preparation} is off. */
    private final PhotoPreparer photos;

    /**
     * @param upscaleMinWidth scale narrower pages up to this width, px (0 = never)
     * @param downscaleMaxWidth scale wider pages down to this width, px (0 = never)
     * @param stretchContrast map the darkest 1% to black and the lightest 1% to white
     * @param deskew          rotate by the angle (±5°) that makes text rows most horizontal
     * @param crop            cut the page to the printed area first (a receipt laid on a flatbed scanner),
     *                        so that the width limits apply to the receipt, not to the scanner glass
     */
    public ScanPreprocessor(int upscaleMinWidth, int downscaleMaxWidth, boolean stretchContrast, boolean deskew, boolean crop) {
        this(upscaleMinWidth, downscaleMaxWidth, stretchContrast, deskew, crop, null);
    }

    /**
     * @param photos straightens a photographed page first (null: pages are taken as they are); a page it takes is not
     *               cropped, since its paper already fills it
     */
    public ScanPreprocessor(int upscaleMinWidth, int downscaleMaxWidth, boolean stretchContrast, boolean deskew, boolean crop,
                            PhotoPreparer photos) {
        this.photos = photos;
        this.crop = crop;
        this.upscaleMinWidth = upscaleMinWidth;
        this.downscaleMaxWidth = downscaleMaxWidth;
        this.stretchContrast = stretchContrast;
        this.deskew = deskew;
    }

    /**
     * The result of preparing a page: the image for OCR, the factor from page pixels to OCR pixels and where
     * the OCR image starts on the page. A point (x, y) of the OCR image is (left + x / scale, top + y / scale) on the page,
     * or, for a straightened photo, {@code photo} applied to (x / scale, y / scale).
     *
     * @param photo where a point of the straightened photo lies on the page; null when the page was not a photo
     */
    public record Prepared(BufferedImage image, double scale, int left, int top, PageMap photo) {

        public Prepared(BufferedImage image, double scale, int left, int top) {
            this(image, scale, left, top, null);
        }

        /** A reading of {@link #image()} with its word boxes moved back into the page image's pixels. */
        public dev.ledgerlens.render.TextLayer onPage(dev.ledgerlens.render.TextLayer layer) {
            if (scale == 1.0 && left == 0 && top == 0 && photo == null) {
                return layer;
            }
            double back = 1.0 / scale;
            java.util.List<dev.ledgerlens.render.Word> words = new java.util.ArrayList<>(layer.words().size());
            for (dev.ledgerlens.render.Word word : layer.words()) {
                if (photo != null) {
                    int[] box = photo.box((int) Math.round(word.left() * back), (int) Math.round(word.top() * back),
                            (int) Math.round(word.width() * back), (int) Math.round(word.height() * back));
                    words.add(new dev.ledgerlens.render.Word(word.text(), box[0], box[1], box[2], box[3], word.confidence()));
                    continue;
                }
                words.add(new dev.ledgerlens.render.Word(word.text(), left + (int) Math.round(word.left() * back),
                        top + (int) Math.round(word.top() * back), (int) Math.round(word.width() * back),
                        (int) Math.round(word.height() * back), word.confidence()));
            }
            return new dev.ledgerlens.render.TextLayer(layer.text(), words, dev.ledgerlens.render.TextLayer.Origin.OCR);
        }
    }

    /**
     * A prepared page with its grey levels stretched (the darkest 1% to black, the lightest 1% to white), for faint
     * print that thresholding takes for paper; the page itself when its contrast is already stretched or spans the
     * whole range.
     */
    public Prepared stretched(Prepared prepared) {
        if (stretchContrast) {
            return prepared;
        }
        BufferedImage stretched = stretch(prepared.image());
        return stretched == prepared.image() ? prepared
                : new Prepared(stretched, prepared.scale(), prepared.left(), prepared.top(), prepared.photo());
    }

    /** Prepares one page image. */
    public Prepared prepare(BufferedImage page) {
        BufferedImage gray = toGray(page);
        double scale = 1.0;
        int left = 0;
        int top = 0;
        PageMap photo = null;
        if (photos != null) {
            java.util.Optional<PhotoPreparer.Photo> straightened = photos.prepare(gray);
            if (straightened.isPresent()) {
                gray = straightened.get().image();
                photo = straightened.get().toPhoto();
            }
        }
        if (crop && photo == null) {
            int[] box = printedArea(gray);
            if (box != null) {
                left = box[0];
                top = box[1];
                gray = copy(gray.getSubimage(box[0], box[1], box[2] - box[0], box[3] - box[1]));
            }
        }
        if (upscaleMinWidth > 0 && gray.getWidth() < upscaleMinWidth) {
            scale = (double) upscaleMinWidth / gray.getWidth();
            gray = resize(gray, scale);
        } else if (downscaleMaxWidth > 0 && gray.getWidth() > downscaleMaxWidth) {
            scale = (double) downscaleMaxWidth / gray.getWidth();
            gray = resize(gray, scale);
        }
        if (stretchContrast) {
            gray = stretch(gray);
        }
        if (deskew) {
            double angle = skewAngle(gray);
            if (Math.abs(angle) >= 0.3) {
                gray = rotate(gray, -angle);
            }
        }
        return new Prepared(gray, scale, left, top, photo);
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setRect(image.getRaster().createTranslatedChild(0, 0));
        return out;
    }

    /**
     * The box (left, top, right, bottom) around the printed area, ignoring scanner specks: columns and rows
     * count as printed when enough of their pixels are dark. Null when the page is nearly all print or blank.
     */
    static int[] printedArea(BufferedImage gray) {
        int width = gray.getWidth();
        int height = gray.getHeight();
        byte[] data = grayBytes(gray);
        int threshold = Math.min(otsu(data), 160);
        int[] columns = new int[width];
        int[] rows = new int[height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((data[y * width + x] & 0xff) < threshold) {
                    columns[x]++;
                    rows[y]++;
                }
            }
        }
        // A speck is a pixel or two; a column through printed text has a few percent of the text height dark.
        int[] horizontal = span(columns, Math.max(3, height / 300));
        int[] vertical = span(rows, Math.max(3, width / 300));
        if (horizontal == null || vertical == null) {
            return null;
        }
        int margin = Math.max(8, (horizontal[1] - horizontal[0]) / 40);
        int left = Math.max(0, horizontal[0] - margin);
        int right = Math.min(width, horizontal[1] + margin);
        int top = Math.max(0, vertical[0] - margin);
        int bottom = Math.min(height, vertical[1] + margin);
        if ((long) (right - left) * (bottom - top) > 0.9 * width * height || right - left < 32 || bottom - top < 32) {
            return null;
        }
        return new int[] {left, top, right, bottom};
    }

    /** First and last index whose count, smoothed over a few neighbours, reaches {@code minimum}. */
    private static int[] span(int[] counts, int minimum) {
        int window = 5;
        int first = -1;
        int last = -1;
        for (int i = 0; i < counts.length; i++) {
            int sum = 0;
            for (int j = Math.max(0, i - window); j <= Math.min(counts.length - 1, i + window); j++) {
                sum += counts[j];
            }
            if (sum / (2 * window + 1) >= minimum) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? null : new int[] {first, last + 1};
    }

    /** A TYPE_BYTE_GRAY copy (or the image itself when it already is one). */
    static BufferedImage toGray(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return image;
        }
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = gray.createGraphics();
        try {
            // Transparent PNG pixels would turn black on a grey canvas; paint them on white paper.
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return gray;
    }

    /** The image's grey levels, one byte per pixel, row by row, as Tesseract's SetImage takes them. */
    static byte[] grayBytes(BufferedImage image) {
        BufferedImage gray = toGray(image);
        byte[] data = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        if (data.length == gray.getWidth() * gray.getHeight()) {
            return data;
        }
        // A sub-image or padded raster: copy row by row.
        byte[] packed = new byte[gray.getWidth() * gray.getHeight()];
        gray.getRaster().getDataElements(0, 0, gray.getWidth(), gray.getHeight(), packed);
        return packed;
    }

    private static BufferedImage resize(BufferedImage gray, double scale) {
        int width = (int) Math.round(gray.getWidth() * scale);
        int height = (int) Math.round(gray.getHeight() * scale);
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.drawImage(gray, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }

    private static BufferedImage stretch(BufferedImage gray) {
        byte[] data = grayBytes(gray);
        int[] histogram = new int[256];
        for (byte value : data) {
            histogram[value & 0xff]++;
        }
        int cut = data.length / 100;
        int low = 0;
        for (int sum = 0; low < 255 && (sum += histogram[low]) <= cut; low++) {
            // find the 1st percentile
        }
        int high = 255;
        for (int sum = 0; high > 0 && (sum += histogram[high]) <= cut; high--) {
            // find the 99th percentile
        }
        if (high - low < 32 || (low == 0 && high == 255)) {
            return gray;
        }
        byte[] lookup = new byte[256];
        for (int value = 0; value < 256; value++) {
            lookup[value] = (byte) Math.max(0, Math.min(255, (value - low) * 255 / (high - low)));
        }
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            target[i] = lookup[data[i] & 0xff];
        }
        return out;
    }

    /**
     * The skew in degrees, found by projection profiles: text rows give the sharpest row-sum profile
     * when they are horizontal. Works on a reduced copy so it costs a few ms.
     */
    static double skewAngle(BufferedImage gray) {
        double reduce = Math.min(1.0, 800.0 / Math.max(gray.getWidth(), gray.getHeight()));
        BufferedImage small = reduce < 1.0 ? resize(gray, reduce) : gray;
        byte[] data = grayBytes(small);
        int width = small.getWidth();
        int height = small.getHeight();
        int threshold = otsu(data);
        int count = 0;
        int[] xs = new int[data.length];
        int[] ys = new int[data.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((data[y * width + x] & 0xff) < threshold) {
                    xs[count] = x;
                    ys[count] = y;
                    count++;
                }
            }
        }
        if (count < 100) {
            return 0;
        }
        double best = 0;
        double bestScore = -1;
        for (double angle = -5; angle <= 5.001; angle += 0.25) {
            double radians = Math.toRadians(angle);
            double sin = Math.sin(radians);
            double cos = Math.cos(radians);
            int extra = (int) Math.ceil(Math.abs(sin) * width) + 1;
            int[] rows = new int[height + 2 * extra];
            for (int i = 0; i < count; i++) {
                int row = (int) Math.round(ys[i] * cos - xs[i] * sin) + extra;
                if (row >= 0 && row < rows.length) {
                    rows[row]++;
                }
            }
            double score = 0;
            for (int i = 1; i < rows.length; i++) {
                double diff = rows[i] - rows[i - 1];
                score += diff * diff;
            }
            if (score > bestScore) {
                bestScore = score;
                best = angle;
            }
        }
        return best;
    }

    /** The grey level that best splits the histogram of {@code data} in two (Otsu): ink from paper, paper from ground. */
    static int otsu(byte[] data) {
        int[] histogram = new int[256];
        for (byte value : data) {
            histogram[value & 0xff]++;
        }
        long total = data.length;
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += (double) i * histogram[i];
        }
        double sumBackground = 0;
        long weightBackground = 0;
        double bestVariance = 0;
        int threshold = 128;
        for (int i = 0; i < 256; i++) {
            weightBackground += histogram[i];
            if (weightBackground == 0) {
                continue;
            }
            long weightForeground = total - weightBackground;
            if (weightForeground == 0) {
                break;
            }
            sumBackground += (double) i * histogram[i];
            double meanBackground = sumBackground / weightBackground;
            double meanForeground = (sum - sumBackground) / weightForeground;
            double variance = (double) weightBackground * weightForeground * Math.pow(meanBackground - meanForeground, 2);
            if (variance > bestVariance) {
                bestVariance = variance;
                threshold = i;
            }
        }
        return threshold;
    }

    private static BufferedImage rotate(BufferedImage gray, double degrees) {
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = out.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, out.getWidth(), out.getHeight());
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            // The caller passes minus the measured skew: rows that fall to the right are turned back up.
            graphics.drawImage(gray, AffineTransform.getRotateInstance(Math.toRadians(degrees),
                    gray.getWidth() / 2.0, gray.getHeight() / 2.0), null);
        } finally {
            graphics.dispose();
        }
        return out;
    }

    /** An image file's width and height from its header, without decoding its pixels. */
    public static int[] imageSize(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new LedgerlensException(FailureReason.UNSUPPORTED_TYPE, "no image reader for " + image);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }
}
