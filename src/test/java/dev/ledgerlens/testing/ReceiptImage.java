package dev.ledgerlens.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Receipt images drawn for tests: black monospaced text on white, one printed row per line, clean enough for OCR. */
public final class ReceiptImage {
    private ReceiptImage() {
    }

    /** An image 900 px wide with {@code lines} printed 60 px apart. */
    public static BufferedImage draw(String... lines) {
        BufferedImage image = new BufferedImage(900, 80 + lines.length * 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font(Font.MONOSPACED, Font.BOLD, 34));
        for (int i = 0; i < lines.length; i++) {
            graphics.drawString(lines[i], 40, 70 + i * 60);
        }
        graphics.dispose();
        return image;
    }
}
