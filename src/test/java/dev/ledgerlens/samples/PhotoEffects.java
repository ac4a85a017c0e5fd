package dev.ledgerlens.samples;

import dev.ledgerlens.extract.offline.PageMap;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * What a phone camera or a cheap scanner does to a clean page, to make test documents that look taken rather than
 * printed: the paper laid on a table and seen at an angle (a perspective), light falling off across the sheet with a
 * shadow, a slight blur, sensor noise, a turned scan. Deterministic for a given {@link Random}. Stateless.
 */
final class PhotoEffects {
    private PhotoEffects() {
    }

    /**
     * The page photographed on a table: a {@code width} × {@code height} colour picture of a wood-brown background
     * with the page seen in perspective on it, filling {@code fill} of the frame (its corners moved inwards by up to
     * {@code tilt} of the page size),
     * lit unevenly, blurred and noisy.
     */
    static BufferedImage photograph(BufferedImage page, int width, int height, double fill, double tilt, Random random) {
        BufferedImage photo = table(width, height, random);
        // where the page's corners land: the page fills most of the frame, each corner pushed in by its own amount
        double scale = Math.min(width * fill / page.getWidth(), height * fill / page.getHeight());
        double pageWidth = page.getWidth() * scale;
        double pageHeight = page.getHeight() * scale;
        double left = (width - pageWidth) / 2;
        double top = (height - pageHeight) / 2;
        double[][] corners = {
                {left + jitter(random, tilt * pageWidth), top + jitter(random, tilt * pageHeight)},
                {left + pageWidth - jitter(random, tilt * pageWidth), top + jitter(random, tilt * pageHeight)},
                {left + pageWidth - jitter(random, tilt * pageWidth), top + pageHeight - jitter(random, tilt * pageHeight)},
                {left + jitter(random, tilt * pageWidth), top + pageHeight - jitter(random, tilt * pageHeight)}};
        return paint(photo, page, corners, 0.0, random);
    }

    /**
     * The corners (top left, top right, bottom right, bottom left) of a page held up to the camera at an angle: filling
     * {@code fill} of a {@code width} × {@code height} frame, turned by {@code degrees}, and its top edge narrower than
     * its bottom edge by {@code keystone} of its width (the camera tilted over the table, the sheet's top further away).
     */
    static double[][] handheldCorners(BufferedImage page, int width, int height, double fill, double degrees, double keystone) {
        double scale = Math.min(width * fill / page.getWidth(), height * fill / page.getHeight());
        double halfWidth = page.getWidth() * scale / 2;
        double halfHeight = page.getHeight() * scale / 2;
        double[][] flat = {{-halfWidth * (1 - keystone), -halfHeight}, {halfWidth * (1 - keystone), -halfHeight},
                {halfWidth, halfHeight}, {-halfWidth, halfHeight}};
        double radians = Math.toRadians(degrees);
        double[][] corners = new double[4][];
        for (int i = 0; i < 4; i++) {
            corners[i] = new double[] {width / 2.0 + flat[i][0] * Math.cos(radians) - flat[i][1] * Math.sin(radians),
                    height / 2.0 + flat[i][0] * Math.sin(radians) + flat[i][1] * Math.cos(radians)};
        }
        return corners;
    }

    /**
     * The page photographed on a table with its corners at {@code corners} of a {@code width} × {@code height} frame, lit
     * unevenly with a soft shadow, and the light falling further off across the sheet by {@code shade} (0: none, 0.4: the
     * far side at 60 %), blurred and noisy.
     */
    static BufferedImage photograph(BufferedImage page, int width, int height, double[][] corners, double shade, Random random) {
        return paint(table(width, height, random), page, corners, shade, random);
    }

    /** The table: a brown with slow grain, so the paper stands out as it does on a desk. */
    private static BufferedImage table(int width, int height, Random random) {
        BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double grain = 12 * Math.sin(x * 0.05 + Math.sin(y * 0.013) * 3) + random.nextGaussian() * 6;
                int r = clamp(120 + grain);
                int g = clamp(84 + grain * 0.8);
                int b = clamp(52 + grain * 0.5);
                photo.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return photo;
    }

    /** The page drawn onto {@code photo} with its corners at {@code corners}, the light falling off, blurred. */
    private static BufferedImage paint(BufferedImage photo, BufferedImage page, double[][] corners, double shade, Random random) {
        int width = photo.getWidth();
        int height = photo.getHeight();
        double[] fromPhoto = homography(corners, new double[][] {
                {0, 0}, {page.getWidth(), 0}, {page.getWidth(), page.getHeight()}, {0, page.getHeight()}});
        // light falls off from one side, and a soft shadow (a hand, the phone) lies across one corner
        double lightAngle = random.nextDouble() * Math.PI * 2;
        double shadowX = width * (0.2 + 0.6 * random.nextDouble());
        double shadowY = height * (0.2 + 0.6 * random.nextDouble());
        double shadowRadius = Math.min(width, height) * 0.35;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double w = fromPhoto[6] * x + fromPhoto[7] * y + 1;
                double u = (fromPhoto[0] * x + fromPhoto[1] * y + fromPhoto[2]) / w;
                double v = (fromPhoto[3] * x + fromPhoto[4] * y + fromPhoto[5]) / w;
                double light = 0.82 + 0.16 * Math.cos(lightAngle) * (x - width / 2.0) / width
                        + 0.16 * Math.sin(lightAngle) * (y - height / 2.0) / height;
                double distance = Math.hypot(x - shadowX, y - shadowY);
                if (distance < shadowRadius) {
                    light *= 0.78 + 0.22 * distance / shadowRadius;
                }
                // a hand or the phone between the lamp and the sheet: darker towards the right, softly
                light *= 1 - shade * Math.min(1, Math.max(0, (double) x / width * 1.4 - 0.2));
                if (u >= 0 && v >= 0 && u < page.getWidth() - 1 && v < page.getHeight() - 1) {
                    double grey = bilinear(page, u, v);
                    // warm white paper, black ink
                    int r = clamp((grey * 0.97 + 2) * light + random.nextGaussian() * 5);
                    int g = clamp((grey * 0.95 + 2) * light + random.nextGaussian() * 5);
                    int b = clamp((grey * 0.88 + 4) * light + random.nextGaussian() * 5);
                    photo.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    int rgb = photo.getRGB(x, y);
                    photo.setRGB(x, y, (clamp(((rgb >> 16) & 0xff) * light) << 16) | (clamp(((rgb >> 8) & 0xff) * light) << 8)
                            | clamp((rgb & 0xff) * light));
                }
            }
        }
        return blur(photo);
    }

    /** A flatbed scan: the page turned by {@code degrees}, grey, with a little noise. */
    static BufferedImage scan(BufferedImage page, double degrees, Random random) {
        BufferedImage turned = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = turned.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, turned.getWidth(), turned.getHeight());
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(page, AffineTransform.getRotateInstance(Math.toRadians(degrees), page.getWidth() / 2.0,
                    page.getHeight() / 2.0), null);
        } finally {
            graphics.dispose();
        }
        var raster = turned.getRaster();
        for (int y = 0; y < turned.getHeight(); y++) {
            for (int x = 0; x < turned.getWidth(); x++) {
                raster.setSample(x, y, 0, clamp(raster.getSample(x, y, 0) * 0.96 + 6 + random.nextGaussian() * 7));
            }
        }
        return turned;
    }

    /** The picture turned clockwise by {@code quarterTurns} × 90° (a photo taken with the phone held sideways or upside down). */
    static BufferedImage turn(BufferedImage image, int quarterTurns) {
        BufferedImage current = image;
        for (int turn = 0; turn < Math.floorMod(quarterTurns, 4); turn++) {
            BufferedImage next = new BufferedImage(current.getHeight(), current.getWidth(), current.getType());
            for (int y = 0; y < current.getHeight(); y++) {
                for (int x = 0; x < current.getWidth(); x++) {
                    next.setRGB(current.getHeight() - 1 - y, x, current.getRGB(x, y));
                }
            }
            current = next;
        }
        return current;
    }

    private static double jitter(Random random, double range) {
        return range * (0.25 + 0.75 * random.nextDouble());
    }

    private static double bilinear(BufferedImage page, double u, double v) {
        int x = (int) u;
        int y = (int) v;
        double fx = u - x;
        double fy = v - y;
        var raster = page.getRaster();
        double top = raster.getSample(x, y, 0) * (1 - fx) + raster.getSample(x + 1, y, 0) * fx;
        double bottom = raster.getSample(x, y + 1, 0) * (1 - fx) + raster.getSample(x + 1, y + 1, 0) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** A 3×3 box blur: the focus of a phone camera at arm's length. */
    private static BufferedImage blur(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        int[] result = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(width - 1, Math.max(0, x + dx));
                        int yy = Math.min(height - 1, Math.max(0, y + dy));
                        int rgb = pixels[yy * width + xx];
                        r += (rgb >> 16) & 0xff;
                        g += (rgb >> 8) & 0xff;
                        b += rgb & 0xff;
                        n++;
                    }
                }
                result[y * width + x] = ((r / n) << 16) | ((g / n) << 8) | (b / n);
            }
        }
        out.setRGB(0, 0, width, height, result, 0, width);
        return out;
    }

    /**
     * The projective map taking each of the four {@code from} points to the {@code to} point of the same index, as
     * the eight coefficients (a, b, c, d, e, f, g, h) of u = (ax + by + c) / (gx + hy + 1), v = (dx + ey + f) / (gx + hy + 1):
     * the engine's own {@link PageMap}, which maps word boxes back onto a straightened photo.
     */
    static double[] homography(double[][] from, double[][] to) {
        return PageMap.between(from, to).coefficients();
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
