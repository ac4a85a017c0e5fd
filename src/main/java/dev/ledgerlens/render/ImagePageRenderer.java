package dev.ledgerlens.render;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.ingest.SourceDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a photo or scan image: checks its declared size before decoding, decodes (every page of a TIFF, the
 * first frame of a GIF), turns it upright by its EXIF orientation and fits it to the spec.
 * Thread-safe: readers are created per call.
 */
final class ImagePageRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePageRenderer.class);
    private final RenderSettings settings;
    private final PageEncoder encoder;

    ImagePageRenderer(RenderSettings settings, PageEncoder encoder) {
        this.settings = settings;
        this.encoder = encoder;
    }

    RenderedDocument render(SourceDocument source, DocumentType type, PageSpec spec, Path folder) {
        String name = source.fileName();
        if (type == DocumentType.JPEG) {
            refuseScanBomb(source.content(), name);
        }
        int orientation = orientation(source.content(), type);
        try (ImageInputStream input = new AbandonableImageInput(source.content())) {
            ImageReader reader = readerFor(input, type, name);
            try {
                // ignoreMetadata: orientation comes from metadata-extractor, and metadata parsing costs time and memory
                reader.setInput(input, false, true);
                int pageCount = type == DocumentType.TIFF ? reader.getNumImages(true) : 1;
                if (pageCount < 1) {
                    throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                            "'" + name + "' is a " + type + " file without any image in it");
                }
                if (pageCount > settings.maxPages()) {
                    throw new LedgerlensException(FailureReason.PAGE_LIMIT, "'" + name + "' has " + pageCount
                            + " pages, more than ledgerlens.render.max-pages = " + settings.maxPages());
                }
                List<RenderedPage> pages = new ArrayList<>(pageCount);
                RenderDeadline deadline = RenderDeadline.start(settings.timeout());
                for (int index = 0; index < pageCount; index++) {
                    pages.add(renderPage(reader, index, orientation, spec, folder, name, type));
                    deadline.check(name, index + 1, pageCount);
                }
                return new RenderedDocument(source, type, pageCount, pages);
            } finally {
                reader.dispose();
            }
        } catch (LedgerlensException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO decoders report damaged data with IOExceptions and, in places, runtime exceptions
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT,
                    "'" + name + "' is a damaged " + type + " image: " + e, e);
        }
    }

    private static ImageReader readerFor(ImageInputStream input, DocumentType type, String name) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new LedgerlensException(FailureReason.UNSUPPORTED_TYPE,
                    "'" + name + "' looks like " + type + " but no decoder for it is installed, or its header is damaged");
        }
        return readers.next();
    }

    private RenderedPage renderPage(ImageReader reader, int index, int orientation, PageSpec spec, Path folder,
                                    String name, DocumentType type) throws IOException {
        // Width and height come from the header: a 50000×50000 "pixel bomb" is refused before any decoding.
        int width = reader.getWidth(index);
        int height = reader.getHeight(index);
        long pixels = (long) width * height;
        if (pixels > settings.maxPixels()) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, String.format(Locale.ROOT,
                    "'%s' declares an image of %d×%d px (%.1f megapixels), more than ledgerlens.render.max-pixels = %d",
                    name, width, height, pixels / 1e6, settings.maxPixels()));
        }
        int[] size = PageEncoder.fittedSize(width, height, spec, settings.maxPixels());
        ImageReadParam param = reader.getDefaultReadParam();
        int subsampling = Math.max(1, Math.min(width / size[0], height / size[1]));
        if (subsampling > 1) {
            // Decode every n-th pixel: a 12 MP photo shrunk to 2 MP never occupies 48 MB of heap.
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage decoded;
        try {
            decoded = reader.read(index, param);
        } finally {
            reader.removeAllIIOReadWarningListeners();
        }
        Abandonment.check(); // a decoder that swallowed the failed read: its picture is incomplete
        if (!warnings.isEmpty() && !(type == DocumentType.JPEG && warnings.stream().allMatch(ImagePageRenderer::damageWithinData))) {
            // Decoders fill what is missing from a cut-off file with grey and only warn; half a receipt is not a receipt.
            throw new LedgerlensException(FailureReason.CORRUPT_DOCUMENT, "'" + name + "' is a damaged " + type
                    + " image (page " + (index + 1) + "): " + String.join("; ", warnings));
        }
        if (!warnings.isEmpty()) {
            LOG.warn("'{}' decoded whole despite damaged JPEG data (page {}): {}", name, index + 1, String.join("; ", warnings));
        }
        boolean turned = orientation >= 5 && orientation <= 8;
        BufferedImage page = PageEncoder.fit(decoded, orientation, turned ? size[1] : size[0],
                turned ? size[0] : size[1], spec.grayscale());
        return encoder.write(page, index + 1, spec, folder, null);
    }

    /**
     * Whether a JPEG decoder's warning is about damage inside data that is all there: a code the Huffman tables do not
     * hold, or stray bytes before a marker. libjpeg then decodes on and the picture is whole but for a few blocks (a
     * scanner's bit error). What it calls a "premature end" (of the file, or of a scan's data) means the data ran out and
     * the rest of the picture is grey fill: that stays corrupt.
     */
    static boolean damageWithinData(String warning) {
        String text = warning.toLowerCase(Locale.ROOT);
        return !text.contains("premature end") && (text.contains("bad huffman code") || text.contains("extraneous bytes before marker"));
    }

    /**
     * Fails with TOO_LARGE when a progressive JPEG has more than {@link JpegStructure#MAX_SCANS} scans: each one makes
     * the decoder pass over the whole image again, inside native code that no deadline reaches.
     */
    private static void refuseScanBomb(Path file, String name) {
        JpegStructure jpeg;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            jpeg = JpegStructure.read(in, JpegStructure.MAX_SCANS);
        } catch (IOException e) {
            return; // not readable as a JPEG: the decoder says what is wrong with it
        }
        if (jpeg.scans() > JpegStructure.MAX_SCANS) {
            throw new LedgerlensException(FailureReason.TOO_LARGE, String.format(Locale.ROOT,
                    "'%s' is a progressive JPEG of more than %d scans; each scan is a pass of the decoder over the whole"
                            + " %d×%d image (real photos have about 10)", name, JpegStructure.MAX_SCANS,
                    jpeg.width(), jpeg.height()));
        }
    }

    /**
     * The image file as ImageIO reads it, failing every read once the render thread is interrupted (abandoned at its
     * deadline). Decoders pull their input as they go, a progressive JPEG scan by scan; the JPEG decoder runs in native
     * code that neither an interrupt nor {@code ImageReader.abort()} reaches while it consumes scans, but a failed read
     * ends it.
     */
    private static final class AbandonableImageInput extends FileImageInputStream {
        AbandonableImageInput(Path file) throws IOException {
            super(file.toFile());
        }

        @Override
        public int read() throws IOException {
            Abandonment.check();
            return super.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Abandonment.check();
            return super.read(bytes, offset, length);
        }
    }

    /**
     * The EXIF orientation (1–8), 1 when absent. Only the EXIF block is read, wherever the format keeps it: the rest of
     * the metadata is never parsed, so a PNG text or colour-profile chunk that inflates to gigabytes, or an XMP packet,
     * is skipped unread. Damaged metadata does not make the pixels unusable, so it counts as "no orientation" rather
     * than a failure; the picture may then come out turned.
     */
    static int orientation(Path file, DocumentType type) {
        try {
            Metadata metadata = switch (type) {
                case JPEG -> JpegMetadataReader.readMetadata(file.toFile(), List.of(new ExifReader()));
                case PNG -> pngExif(file);
                case TIFF -> TiffMetadataReader.readMetadata(file.toFile());
                case WEBP -> WebpMetadataReader.readMetadata(file.toFile());
                default -> null; // GIF has no EXIF
            };
            ExifIFD0Directory exif = metadata == null ? null : metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int value = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return value >= 1 && value <= 8 ? value : 1;
            }
            return 1;
        } catch (ImageProcessingException | MetadataException | IOException e) {
            return 1;
        }
    }

    /** The EXIF of a PNG's {@code eXIf} chunk; every other chunk is skipped by its length without being read. */
    private static Metadata pngExif(Path file) throws IOException, ImageProcessingException {
        Metadata metadata = new Metadata();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            for (PngChunk chunk : new PngChunkReader().extract(new StreamReader(in), Set.of(PngChunkType.eXIf))) {
                new ExifReader().extract(new ByteArrayReader(chunk.getBytes()), metadata);
            }
        }
        return metadata;
    }
}
