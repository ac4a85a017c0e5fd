package dev.ledgerlens.render;

/** A document's format as decided from its leading bytes, never from its file name. */
public enum DocumentType {
    PDF("application/pdf"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp"),
    TIFF("image/tiff"),
    /** An XML file: accepted when it is an e-invoice (CII or UBL), see {@link InvoiceSyntax}. */
    XML("application/xml"),
    UNKNOWN("application/octet-stream");

    private final String mediaType;

    DocumentType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean isImage() {
        return this != PDF && this != UNKNOWN && this != XML;
    }
}
