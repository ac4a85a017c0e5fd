package dev.ledgerlens.render;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a JPEG's markers say before a byte of it is decoded: its size and components (from the frame header) and, for a
 * progressive JPEG, how many scans it has. Each progressive scan makes the decoder pass over the whole image again:
 * real encoders write about ten, and a file of 50,000 tiny scans (a few bytes each) keeps a decoder busy for minutes
 * on a small image. Immutable.
 *
 * @param width       pixels per line, 0 when no frame header came before the first scan
 * @param height      lines
 * @param components  colour components (1 grey, 3 YCbCr, 4 CMYK)
 * @param progressive whether the frame is progressive (scans refine the whole image in turn)
 * @param scans       scans counted, at most {@code maxScans + 1}; for a sequential JPEG only the first is counted
 */
record JpegStructure(int width, int height, int components, boolean progressive, int scans) {
    /** 100 scans: libjpeg's progressive script has 10 for colour, tuned encoders rarely more than 20. */
    static final int MAX_SCANS = 100;

    /**
     * Reads the markers of the JPEG in {@code in} (from its start) and stops at the end of the image, at the first scan
     * of a sequential JPEG, or once more than {@code maxScans} scans are counted. A file cut short gives what was read
     * up to its end: whether that is damage is the decoder's to say.
     *
     * @throws IOException when the stream cannot be read or is not a JPEG
     */
    static JpegStructure read(InputStream in, int maxScans) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw new IOException("not a JPEG: no start-of-image marker");
        }
        Counted counted = new Counted();
        try {
            walk(in, maxScans, counted);
        } catch (EOFException e) {
            // cut short: what was counted stands
        }
        return new JpegStructure(counted.width, counted.height, counted.components, counted.progressive, counted.scans);
    }

    /** The walk's findings so far. */
    private static final class Counted {
        int width;
        int height;
        int components;
        boolean progressive;
        int scans;
    }

    private static void walk(InputStream in, int maxScans, Counted counted) throws IOException {
        int marker = nextMarker(in);
        while (marker != 0xD9) {
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = nextMarker(in); // markers without a segment
                continue;
            }
            int length = (readByte(in) << 8) | readByte(in);
            if (length < 2) {
                throw new IOException("damaged JPEG: a segment of length " + length);
            }
            if (isFrame(marker) && length >= 8) {
                readByte(in); // sample precision
                counted.height = (readByte(in) << 8) | readByte(in);
                counted.width = (readByte(in) << 8) | readByte(in);
                counted.components = readByte(in);
                counted.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                skip(in, length - 8);
            } else {
                skip(in, length - 2);
            }
            if (marker == 0xDA) {
                counted.scans++;
                if (!counted.progressive || counted.scans > maxScans) {
                    return;
                }
                marker = afterEntropyCodedData(in);
            } else {
                marker = nextMarker(in);
            }
        }
    }

    /** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** The marker after a marker's 0xFF (fill bytes skipped). */
    private static int nextMarker(InputStream in) throws IOException {
        int b = readByte(in);
        while (b != 0xFF) {
            b = readByte(in); // garbage between segments: decoders skip it too
        }
        while (b == 0xFF) {
            b = readByte(in);
        }
        return b;
    }

    /** Skips a scan's entropy-coded data (where 0xFF is followed by 0x00 or a restart marker) to the next marker. */
    private static int afterEntropyCodedData(InputStream in) throws IOException {
        while (true) {
            int b = readByte(in);
            if (b != 0xFF) {
                continue;
            }
            while (b == 0xFF) {
                b = readByte(in);
            }
            if (b != 0x00 && (b < 0xD0 || b > 0xD7)) {
                return b;
            }
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the JPEG ends before its end-of-image marker");
        }
        return b;
    }

    private static void skip(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                readByte(in);
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
