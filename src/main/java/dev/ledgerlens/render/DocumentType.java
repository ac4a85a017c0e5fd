package dev.ledgerlens.render;

/** A document's format as decided from its leading bytes, never from its file name. */
public enum DocumentType {
    PDF("application/pdf"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp"),
    TIFF("image/tiff"),
    UNKNOWN("application/octet-stream");

    private final String mediaType;

    DocumentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean isImage() {
        return this != PDF && this != UNKNOWN;
    }
}
