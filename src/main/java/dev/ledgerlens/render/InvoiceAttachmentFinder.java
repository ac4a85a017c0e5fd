package dev.ledgerlens.render;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.InflaterInputStream;

/**
 * Finds the invoice XML attached to a PDF (ZUGFeRD 1 and 2, Factur-X, XRechnung) and copies it next to the page
 * images. Attachments are looked for in the document's embedded-files name tree and in the catalog's associated files
 * ({@code /AF}, how PDF/A-3 ties the XML to the invoice it describes), and each XML among them is judged by its root
 * element, not by its name: an invoice attached as {@code rechnung-4711.xml} is found too.
 *
 * <p>A file under one of the names the standards give the invoice ({@code factur-x.xml}, {@code zugferd-invoice.xml},
 * {@code ZUGFeRD-invoice.xml}, {@code xrechnung.xml}), or an XML associated through {@code /AF} as the document's
 * {@code Alternative}, {@code Data} or {@code Source}, claims to be the invoice: when it is not one, or declares a DTD,
 * the document fails ({@code EINVOICE_NOT_AN_INVOICE}, {@code EINVOICE_UNSAFE_XML}) rather than being read as a plain
 * PDF, since its visible pages and its data then cannot be trusted to agree. Any other attachment that is not an
 * invoice is ignored. Attachments are never opened or run, only their bytes read, and at most
 * {@code maxXmlBytes} of each.
 *
 * <p>Thread-safe: it holds only its limit; all PDFBox state belongs to the caller's document.
 */
final class InvoiceAttachmentFinder {
    /** The names ZUGFeRD 1 and 2, Factur-X and XRechnung give the invoice, in the order they are preferred. */
    static final List<String> INVOICE_NAMES = List.of("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml");
    /** The associated-file relationships under which a PDF/A-3 invoice attaches its structured data. */
    private static final Set<String> DATA_RELATIONSHIPS = Set.of("Alternative", "Data", "Source");
    /** Attachments looked at per PDF: e-invoices carry one or a few; thousands are a crafted file. */
    static final int MAX_ATTACHMENTS = 64;
    /** Name-tree levels followed: real trees are one or two deep; a deeper one is crafted (or a cycle). */
    private static final int MAX_TREE_DEPTH = 8;
    private static final int SNIFF_BYTES = 1024;

    private final long maxXmlBytes;
    private final InvoiceXmlSniffer sniffer = new InvoiceXmlSniffer();
    private final ContentSniffer content = new ContentSniffer();

    InvoiceAttachmentFinder(long maxXmlBytes) {
        this.maxXmlBytes = maxXmlBytes;
    }

    /** The invoice XML attached to {@code pdf}, copied to {@code folder}/{@value InvoiceXml#ATTACHMENT_COPY}; empty when none. */
    Optional<InvoiceXml> find(PDDocument pdf, String documentName, Path folder) throws IOException {
        List<Attachment> attachments = attachments(pdf);
        Attachment chosen = null;
        InvoiceSyntax syntax = null;
        for (Attachment attachment : attachments) {
            String what = "attachment '" + attachment.name + "' of '" + documentName + "'";
            try {
                byte[] head = head(attachment.file);
                if (!ContentSniffer.looksLikeXml(head)) {
                    if (attachment.claimsInvoice()) {
                        throw new LedgerlensException(FailureReason.EINVOICE_NOT_AN_INVOICE, what
                                + " should be the invoice's XML but is not XML (detected " + content.detect(head) + ")");
                    }
                    continue;
                }
                try (InputStream in = bounded(attachment.file, what)) {
                    InvoiceSyntax found = sniffer.classify(in, what);
                    if (chosen == null) {
                        chosen = attachment;
                        syntax = found;
                    }
                }
            } catch (IOException e) {
                if (attachment.claimsInvoice()) {
                    throw new LedgerlensException(FailureReason.EINVOICE_MALFORMED,
                            what + " cannot be decompressed: " + e.getMessage(), e);
                }
                // a damaged attachment that does not claim to be the invoice: the PDF is read like any other
            } catch (LedgerlensException e) {
                if (attachment.claimsInvoice() || e.reason() == FailureReason.TOO_LARGE) {
                    throw e;
                }
                // an XML attachment that does not claim to be the invoice and is not one (a delivery note, an SVG,
                // one with a DTD): the PDF is read like any other
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        Path copy = folder.resolve(InvoiceXml.ATTACHMENT_COPY);
        String what = "attachment '" + chosen.name + "' of '" + documentName + "'";
        try (InputStream in = bounded(chosen.file, what); OutputStream out = Files.newOutputStream(copy)) {
            in.transferTo(out);
        }
        return Optional.of(new InvoiceXml(copy, syntax, chosen.name));
    }

    /** One embedded file with what it says about itself. */
    private record Attachment(String name, PDEmbeddedFile file, boolean named, boolean associated) {
        boolean claimsInvoice() {
            return named || associated;
        }
    }

    /** Every embedded file (name tree and {@code /AF}), the ones claiming to be the invoice first, in preference order. */
    private List<Attachment> attachments(PDDocument pdf) throws IOException {
        Map<COSBase, Boolean> associated = new IdentityHashMap<>();
        COSBase af = pdf.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.AF);
        if (af instanceof COSArray array) {
            for (int i = 0; i < array.size() && i < MAX_ATTACHMENTS; i++) {
                if (array.getObject(i) instanceof COSDictionary spec) {
                    String relationship = spec.getNameAsString(COSName.getPDFName("AFRelationship"));
                    associated.put(spec, relationship != null && DATA_RELATIONSHIPS.contains(relationship));
                }
            }
        }
        Map<COSBase, PDComplexFileSpecification> specs = new IdentityHashMap<>();
        PDEmbeddedFilesNameTreeNode tree = new PDDocumentNameDictionary(pdf.getDocumentCatalog()).getEmbeddedFiles();
        if (tree != null) {
            collect(tree, specs, 0);
        }
        for (COSBase spec : associated.keySet()) {
            if (specs.size() < MAX_ATTACHMENTS) {
                specs.putIfAbsent(spec, new PDComplexFileSpecification((COSDictionary) spec));
            }
        }
        List<Attachment> attachments = new ArrayList<>();
        for (Map.Entry<COSBase, PDComplexFileSpecification> entry : specs.entrySet()) {
            PDComplexFileSpecification spec = entry.getValue();
            PDEmbeddedFile file = embedded(spec);
            if (file == null) {
                continue; // a reference to an outside file: never followed
            }
            String name = spec.getFileUnicode() != null ? spec.getFileUnicode() : spec.getFilename();
            name = name == null ? "(unnamed)" : name;
            boolean named = INVOICE_NAMES.contains(name.toLowerCase(Locale.ROOT));
            attachments.add(new Attachment(name, file, named, Boolean.TRUE.equals(associated.get(entry.getKey()))));
        }
        attachments.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return attachments;
    }

    private static int rank(Attachment attachment) {
        if (attachment.named) {
            return INVOICE_NAMES.indexOf(attachment.name.toLowerCase(Locale.ROOT));
        }
        return attachment.associated ? INVOICE_NAMES.size() : INVOICE_NAMES.size() + 1;
    }

    private static void collect(PDNameTreeNode<PDComplexFileSpecification> node,
                                Map<COSBase, PDComplexFileSpecification> specs, int depth) throws IOException {
        if (depth > MAX_TREE_DEPTH || specs.size() >= MAX_ATTACHMENTS) {
            return;
        }
        Map<String, PDComplexFileSpecification> names = node.getNames();
        if (names != null) {
            for (PDComplexFileSpecification spec : names.values()) {
                if (spec != null && specs.size() < MAX_ATTACHMENTS) {
                    specs.putIfAbsent(spec.getCOSObject(), spec);
                }
            }
        }
        List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
        for (PDNameTreeNode<PDComplexFileSpecification> kid : kids == null
                ? Collections.<PDNameTreeNode<PDComplexFileSpecification>>emptyList() : kids) {
            collect(kid, specs, depth + 1);
        }
    }

    private static PDEmbeddedFile embedded(PDComplexFileSpecification spec) {
        for (PDEmbeddedFile file : new PDEmbeddedFile[] {spec.getEmbeddedFileUnicode(), spec.getEmbeddedFile(),
                spec.getEmbeddedFileDos(), spec.getEmbeddedFileMac(), spec.getEmbeddedFileUnix()}) {
            if (file != null) {
                return file;
            }
        }
        return null;
    }

    private static byte[] head(PDEmbeddedFile file) throws IOException {
        try (InputStream in = decoded(file)) {
            return in.readNBytes(SNIFF_BYTES);
        }
    }

    /**
     * The attachment's bytes, inflated as they are read. Flate alone (nearly every attachment) and no filter are
     * streamed from the raw data here, because PDFBox's own decoding first writes the whole decoded stream out, and a
     * few KB of Flate can inflate to gigabytes; other filter chains are rare and go through PDFBox.
     */
    private static InputStream decoded(PDEmbeddedFile file) throws IOException {
        COSStream stream = file.getCOSObject();
        COSBase filters = stream.getFilters();
        if (filters == null || (filters instanceof COSArray array && array.size() == 0)) {
            return stream.createRawInputStream();
        }
        boolean flate = COSName.FLATE_DECODE.equals(filters)
                || (filters instanceof COSArray array && array.size() == 1 && COSName.FLATE_DECODE.equals(array.getObject(0)));
        boolean plainFlate = flate && stream.getDictionaryObject(COSName.DECODE_PARMS) == null
                && stream.getDictionaryObject(COSName.DP) == null;
        return plainFlate ? new InflaterInputStream(stream.createRawInputStream()) : file.createInputStream();
    }

    /**
     * The attachment's decoded bytes, failing with TOO_LARGE past {@code maxXmlBytes}: a few KB of Flate data can
     * inflate to gigabytes, so the limit is counted on what comes out, not on what the PDF declares.
     */
    private InputStream bounded(PDEmbeddedFile file, String what) throws IOException {
        InputStream decoded = new BufferedInputStream(decoded(file));
        return new InputStream() {
            private long read;

            @Override
            public int read() throws IOException {
                int b = decoded.read();
                count(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = decoded.read(buffer, offset, length);
                count(n);
                return n;
            }

            private void count(int n) {
                if (n > 0) {
                    read += n;
                    if (read > maxXmlBytes) {
                        throw new LedgerlensException(FailureReason.TOO_LARGE, what + " is larger than"
                                + " ledgerlens.einvoice.max-xml-bytes = " + maxXmlBytes + " bytes once decompressed");
                    }
                }
            }

            @Override
            public void close() throws IOException {
                decoded.close();
            }
        };
    }
}
