package dev.ledgerlens.extract.offline;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.BOXA;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.PTA;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Optional;

import static org.bytedeco.leptonica.global.leptonica.boxaDestroy;
import static org.bytedeco.leptonica.global.leptonica.boxaGetBoxGeometry;
import static org.bytedeco.leptonica.global.leptonica.boxaGetCount;
import static org.bytedeco.leptonica.global.leptonica.pixAddBorder;
import static org.bytedeco.leptonica.global.leptonica.pixBackgroundNormSimple;
import static org.bytedeco.leptonica.global.leptonica.pixConnCompBB;
import static org.bytedeco.leptonica.global.leptonica.pixCreate;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixGammaTRC;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixProjectivePtaGray;
import static org.bytedeco.leptonica.global.leptonica.pixScaleGrayLI;
import static org.bytedeco.leptonica.global.leptonica.pixThresholdToBinary;
import static org.bytedeco.leptonica.global.leptonica.ptaAddPt;
import static org.bytedeco.leptonica.global.leptonica.ptaCreate;
import static org.bytedeco.leptonica.global.leptonica.ptaDestroy;

/**
 * Prepares a phone photo of a receipt or invoice for OCR: finds the sheet of paper against the darker table (or hand)
 * it lies on, warps its four corners to an upright rectangle, evens out light and shadow, and scales it up when its
 * print is too small for Tesseract. A page that is not such a photo (a scan, where the paper fills the image on a white
 * ground) is declined and left exactly as it is.
 *
 * <p>Leptonica (which ships with Tesseract) does the pixel work: background normalisation, the projective warp, grey
 * scaling and the connected components that measure the print. Only finding the corners is done here: the largest
 * bright region of a reduced copy is the paper; its extreme points along the two diagonals are the corners, which
 * holds for a sheet turned by less than 45° and seen at any reasonable angle.
 *
 * <p>Stateless and thread-safe (every Leptonica image is made and freed within one call).
 */
public final class PhotoPreparer {
    /** Paper is found on a copy whose long side is this many pixels: the corners to a few pixels, in a few ms. */
    private static final int DETECT_SIDE = 600;
    /** A sheet filling more of the frame than this is a scan or a cropped photo: nothing to cut away. */
    private static final double MAX_PAPER_SHARE = 0.90;
    /** A bright region filling less than this is not the document (a label on a box, a reflection). */
    private static final double MIN_PAPER_SHARE = 0.10;
    /** The ground around the paper must be darker than the paper by this many grey levels (of 255): a table, not a white desk. */
    private static final int MIN_CONTRAST = 60;
    /**
     * A ground darker than this (of 255) is a flatbed scanner's open lid, not a table: a scan whose paper stands
     * upright (every edge within {@link #UPRIGHT_DEGREES} of the axes) is left as it is, as scans are. SROIE has such scans.
     */
    private static final int SCANNER_BLACK = 20;
    private static final double UPRIGHT_DEGREES = 4.0;
    /** Opposite edges of the outline may converge by this much (perspective); more, and it is no sheet. */
    private static final double MAX_CONVERGENCE_DEGREES = 15.0;
    /** The region must fill its four-corner outline to this share (a sheet is a quadrilateral, a blob is not). */
    private static final double MIN_QUAD_FILL = 0.90;
    /** The grey Leptonica's background normalisation brings the paper to. */
    private static final int PAPER_GREY = 200;
    /** Median height of the print's connected components (capitals and lower case, px) below which the page is scaled up. */
    private static final int SMALL_PRINT = 20;
    /** ... and the height it is scaled up to: Tesseract reads best with an x-height of 20 to 30 px. */
    private static final int TARGET_PRINT = 30;
    /** Never scale up more than this, nor beyond {@link #MAX_SIDE} (the longest page side the engine takes): a blurred photo gains nothing from more. */
    private static final double MAX_UPSCALE = 3.0;
    private static final int MAX_SIDE = 4200;

    /** A photo straightened: the paper upright, light evened out, print at OCR size; {@code toPhoto} maps its pixels back. */
    public record Photo(BufferedImage image, PageMap toPhoto) {
    }

    /** The photo's paper straightened, or empty when {@code gray} (TYPE_BYTE_GRAY) shows no sheet against a darker ground. */
    public Optional<Photo> prepare(BufferedImage gray) {
        double[][] corners = paperCorners(gray);
        if (corners == null) {
            return Optional.empty();
        }
        int width = (int) Math.round(Math.max(distance(corners[0], corners[1]), distance(corners[3], corners[2])));
        int height = (int) Math.round(Math.max(distance(corners[0], corners[3]), distance(corners[1], corners[2])));
        double[][] rectangle = {{0, 0}, {width, 0}, {width, height}, {0, height}};
        PIX page = toPix(gray);
        PIX straight = null;
        PIX even = null;
        PIX scaled = null;
        try {
            straight = warp(page, corners, width, height);
            even = pixBackgroundNormSimple(straight, null, null);
            if (even == null) {
                return Optional.empty();
            }
            // the normalised paper is grey 200 give or take its tiles; stretched, paper turns white and ink stays black
            pixGammaTRC(even, even, 1.0f, 0, PAPER_GREY);
            PageMap toPhoto = PageMap.between(rectangle, corners);
            double scale = upscale(even);
            if (scale > 1.0) {
                scaled = pixScaleGrayLI(even, (float) scale, (float) scale);
                scale = (double) pixGetWidth(scaled) / width;
                toPhoto = toPhoto.afterScaling(scale);
                return Optional.of(new Photo(fromPix(scaled), toPhoto));
            }
            return Optional.of(new Photo(fromPix(even), toPhoto));
        } finally {
            pixDestroy(page);
            destroy(straight);
            destroy(even);
            destroy(scaled);
        }
    }

    /**
     * The four corners of the paper (top left, top right, bottom right, bottom left, in {@code gray}'s pixels), or null
     * when no sheet stands out from a darker ground.
     */
    static double[][] paperCorners(BufferedImage gray) {
        int fullWidth = gray.getWidth();
        int fullHeight = gray.getHeight();
        double reduce = Math.min(1.0, (double) DETECT_SIDE / Math.max(fullWidth, fullHeight));
        int width = Math.max(1, (int) Math.round(fullWidth * reduce));
        int height = Math.max(1, (int) Math.round(fullHeight * reduce));
        byte[] small = reduced(gray, width, height);
        int threshold = ScanPreprocessor.otsu(small);
        // the paper: the largest 4-connected region brighter than the threshold
        int[] label = new int[small.length];
        int[] stack = new int[small.length];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < small.length; start++) {
            if (label[start] != 0 || (small[start] & 0xff) <= threshold) {
                continue;
            }
            next++;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int x = p % width;
                int y = p / width;
                if (x > 0) {
                    top = push(small, label, stack, top, p - 1, threshold, next);
                }
                if (x < width - 1) {
                    top = push(small, label, stack, top, p + 1, threshold, next);
                }
                if (y > 0) {
                    top = push(small, label, stack, top, p - width, threshold, next);
                }
                if (y < height - 1) {
                    top = push(small, label, stack, top, p + width, threshold, next);
                }
            }
            if (size > bestSize) {
                bestSize = size;
                bestLabel = next;
            }
        }
        if (bestLabel == 0) {
            return null;
        }
        // its outline row by row (print inside the paper counts as paper), its extreme points along the diagonals,
        // and the grey of the paper against the grey of what lies around it
        double[] bestScore = {Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE};
        int[][] extreme = new int[4][];
        long filled = 0;
        long paperSum = 0;
        long groundSum = 0;
        long groundCount = 0;
        for (int y = 0; y < height; y++) {
            int first = -1;
            int last = -1;
            for (int x = 0; x < width; x++) {
                if (label[y * width + x] == bestLabel) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            for (int x = 0; x < width; x++) {
                int value = small[y * width + x] & 0xff;
                if (first >= 0 && x >= first && x <= last) {
                    if (label[y * width + x] == bestLabel) {
                        paperSum += value;
                    }
                } else {
                    groundSum += value;
                    groundCount++;
                }
            }
            if (first < 0) {
                continue;
            }
            filled += last - first + 1;
            for (int x : new int[] {first, last}) {
                // top left has the least x + y, top right the most x - y, bottom right the most x + y, bottom left the least x - y
                double[] scores = {x + y, x - y, x + y, x - y};
                boolean[] wantLess = {true, false, false, true};
                for (int corner = 0; corner < 4; corner++) {
                    if (wantLess[corner] ? scores[corner] < bestScore[corner] : scores[corner] > bestScore[corner]) {
                        bestScore[corner] = scores[corner];
                        extreme[corner] = new int[] {x, y};
                    }
                }
            }
        }
        double share = (double) filled / small.length;
        if (share < MIN_PAPER_SHARE || share > MAX_PAPER_SHARE || groundCount == 0) {
            return null;
        }
        double paperGrey = (double) paperSum / bestSize;
        double groundGrey = (double) groundSum / groundCount;
        if (paperGrey - groundGrey < MIN_CONTRAST) {
            return null;
        }
        double[][] corners = new double[4][];
        for (int corner = 0; corner < 4; corner++) {
            // the pixel's outer edge, in the full image's pixels
            double x = extreme[corner][0] + (corner == 1 || corner == 2 ? 1 : 0);
            double y = extreme[corner][1] + (corner >= 2 ? 1 : 0);
            corners[corner] = new double[] {x * fullWidth / width, y * fullHeight / height};
        }
        double quadArea = area(corners) * width / fullWidth * height / fullHeight;
        if (quadArea <= 0 || filled / quadArea < MIN_QUAD_FILL || filled / quadArea > 1 / MIN_QUAD_FILL || !square(corners)) {
            return null;
        }
        if (groundGrey < SCANNER_BLACK && maxTilt(corners) <= UPRIGHT_DEGREES) {
            return null;
        }
        return corners;
    }

    private static int push(byte[] small, int[] label, int[] stack, int top, int p, int threshold, int next) {
        if (label[p] == 0 && (small[p] & 0xff) > threshold) {
            label[p] = next;
            stack[top++] = p;
        }
        return top;
    }

    /** How far the outline's most tilted edge is turned from the nearest axis, in degrees. */
    private static double maxTilt(double[][] corners) {
        double most = 0;
        for (int i = 0; i < 4; i++) {
            double degrees = edgeDegrees(corners[i], corners[(i + 1) % 4]);
            double fromAxis = Math.abs(degrees - 90 * Math.round(degrees / 90));
            most = Math.max(most, fromAxis);
        }
        return most;
    }

    private static double edgeDegrees(double[] from, double[] to) {
        return Math.toDegrees(Math.atan2(to[1] - from[1], to[0] - from[0]));
    }

    /**
     * Every corner's angle between 60° and 120° and opposite edges within {@link #MAX_CONVERGENCE_DEGREES} of parallel:
     * a sheet seen at an angle, not a sliver, a triangle or a torn outline.
     */
    private static boolean square(double[][] corners) {
        for (int i = 0; i < 2; i++) {
            double one = edgeDegrees(corners[i], corners[i + 1]);
            double opposite = edgeDegrees(corners[(i + 3) % 4], corners[i + 2]);
            double difference = Math.abs(one - opposite) % 360;
            if (Math.min(difference, 360 - difference) > MAX_CONVERGENCE_DEGREES) {
                return false;
            }
        }
        for (int i = 0; i < 4; i++) {
            double[] previous = corners[(i + 3) % 4];
            double[] corner = corners[i];
            double[] following = corners[(i + 1) % 4];
            double ax = previous[0] - corner[0];
            double ay = previous[1] - corner[1];
            double bx = following[0] - corner[0];
            double by = following[1] - corner[1];
            double lengths = Math.hypot(ax, ay) * Math.hypot(bx, by);
            if (lengths == 0 || Math.abs((ax * bx + ay * by) / lengths) > 0.5) {
                return false;
            }
        }
        return true;
    }

    /** The area of the quadrilateral (shoelace formula). */
    private static double area(double[][] corners) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double[] a = corners[i];
            double[] b = corners[(i + 1) % 4];
            sum += a[0] * b[1] - b[0] * a[1];
        }
        return Math.abs(sum) / 2;
    }

    private static double distance(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /** A box-filtered {@code width} × {@code height} copy of the grey levels: averaging keeps print from breaking the paper up. */
    private static byte[] reduced(BufferedImage gray, int width, int height) {
        byte[] data = ScanPreprocessor.grayBytes(gray);
        int fullWidth = gray.getWidth();
        int fullHeight = gray.getHeight();
        byte[] small = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int y0 = (int) ((long) y * fullHeight / height);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * fullHeight / height));
            for (int x = 0; x < width; x++) {
                int x0 = (int) ((long) x * fullWidth / width);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * fullWidth / width));
                long sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        sum += data[yy * fullWidth + xx] & 0xff;
                    }
                }
                small[y * width + x] = (byte) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return small;
    }

    /**
     * The paper warped to a {@code width} × {@code height} rectangle. Leptonica's warp keeps the source's size, so a
     * source smaller than the rectangle gets a white border first, and the rectangle is cut from the top left after.
     */
    private static PIX warp(PIX page, double[][] corners, int width, int height) {
        int border = Math.max(0, Math.max(width - pixGetWidth(page), height - pixGetHeight(page)));
        PIX source = border > 0 ? pixAddBorder(page, border, 0xff) : page;
        PTA from = ptaCreate(4);
        PTA to = ptaCreate(4);
        PIX warped = null;
        try {
            double[][] rectangle = {{0, 0}, {width, 0}, {width, height}, {0, height}};
            for (int i = 0; i < 4; i++) {
                ptaAddPt(from, (float) (corners[i][0] + border), (float) (corners[i][1] + border));
                ptaAddPt(to, (float) rectangle[i][0], (float) rectangle[i][1]);
            }
            warped = pixProjectivePtaGray(source, to, from, (byte) 0xff);
            return clip(warped, width, height);
        } finally {
            ptaDestroy(from);
            ptaDestroy(to);
            if (source != page) {
                pixDestroy(source);
            }
            destroy(warped);
        }
    }

    /** The top left {@code width} × {@code height} of an 8-bit image, as a new image. */
    private static PIX clip(PIX pix, int width, int height) {
        int wpl = pixGetWpl(pix);
        int[] words = new int[wpl * pixGetHeight(pix)];
        pixGetData(pix).get(words);
        PIX out = pixCreate(width, height, 8);
        int outWpl = pixGetWpl(out);
        int[] target = new int[outWpl * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(words, y * wpl, target, y * outWpl, Math.min(wpl, outWpl));
        }
        pixGetData(out).put(target);
        return out;
    }

    /**
     * How much to scale the page up so that its print is read at a comfortable size: 1 when the median height of the
     * print's connected components (letters and digits, once ink is told from paper) is {@link #SMALL_PRINT} px or more.
     */
    private static double upscale(PIX even) {
        PIX binary = pixThresholdToBinary(even, 128);
        BOXA boxes = null;
        try {
            boxes = pixConnCompBB(binary, 8);
            int count = boxaGetCount(boxes);
            int pageHeight = pixGetHeight(even);
            int[] heights = new int[count];
            int glyphs = 0;
            int[] x = new int[1];
            int[] y = new int[1];
            int[] w = new int[1];
            int[] h = new int[1];
            for (int i = 0; i < count; i++) {
                boxaGetBoxGeometry(boxes, i, x, y, w, h);
                // a letter or digit: a few px high at least, not a rule line or a speck, not the page's edge
                if (h[0] >= 5 && h[0] < pageHeight / 8 && w[0] <= 3 * h[0] && w[0] * 8 >= h[0]) {
                    heights[glyphs++] = h[0];
                }
            }
            if (glyphs < 20) {
                return 1.0;
            }
            int[] sorted = Arrays.copyOf(heights, glyphs);
            Arrays.sort(sorted);
            int median = sorted[glyphs / 2];
            if (median >= SMALL_PRINT) {
                return 1.0;
            }
            double scale = Math.min(MAX_UPSCALE, (double) TARGET_PRINT / median);
            return Math.min(scale, (double) MAX_SIDE / Math.max(pixGetWidth(even), pageHeight));
        } finally {
            pixDestroy(binary);
            if (boxes != null) {
                boxaDestroy(boxes);
            }
        }
    }

    /** An 8-bit Leptonica image of a grey image: Leptonica keeps each row as 32-bit words, the first pixel in the top byte. */
    static PIX toPix(BufferedImage gray) {
        int width = gray.getWidth();
        int height = gray.getHeight();
        byte[] data = ScanPreprocessor.grayBytes(gray);
        PIX pix = pixCreate(width, height, 8);
        int wpl = pixGetWpl(pix);
        int[] words = new int[wpl * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                words[y * wpl + (x >> 2)] |= (data[y * width + x] & 0xff) << (24 - 8 * (x & 3));
            }
        }
        IntPointer pointer = pixGetData(pix);
        pointer.put(words);
        return pix;
    }

    /** A TYPE_BYTE_GRAY copy of an 8-bit Leptonica image. */
    static BufferedImage fromPix(PIX pix) {
        int width = pixGetWidth(pix);
        int height = pixGetHeight(pix);
        int wpl = pixGetWpl(pix);
        int[] words = new int[wpl * height];
        pixGetData(pix).get(words);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                target[y * width + x] = (byte) (words[y * wpl + (x >> 2)] >>> (24 - 8 * (x & 3)));
            }
        }
        return image;
    }

    private static void destroy(PIX pix) {
        if (pix != null) {
            pixDestroy(pix);
        }
    }
}
