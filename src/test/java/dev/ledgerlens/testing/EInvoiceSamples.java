package dev.ledgerlens.testing;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.mustangproject.Allowance;
import org.mustangproject.BankDetails;
import org.mustangproject.Invoice;
import org.mustangproject.Item;
import org.mustangproject.Product;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRD2PullProvider;
import org.mustangproject.ZUGFeRD.ZUGFeRDExporterFromA3;

import com.helger.cii.d16b.CIID16BCrossIndustryInvoiceTypeMarshaller;
import com.helger.commons.error.list.ErrorList;
import com.helger.en16931.cii2ubl.CIIToUBL21Converter;
import com.helger.ubl21.UBL21Marshaller;
import dev.ledgerlens.ingest.SourceDocument;
import un.unece.uncefact.data.standard.crossindustryinvoice._100.CrossIndustryInvoiceType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

/**
 * E-invoices written by Mustang's own writer for the tests, in every Factur-X / ZUGFeRD profile and as XRechnung:
 * the CII XML alone, or a PDF/A-3 whose visible page prints the invoice and which carries the XML as an associated
 * file. Nothing third-party is committed; every test builds its invoices here.
 *
 * <p>The invoice: two lines at 19 % and 7 %, a 50.00 document allowance at 19 %, paid by SEPA transfer:
 * lines 1249.00 − allowance 50.00 = net 1199.00; VAT 19 % of 1150.00 = 218.50, 7 % of 49.00 = 3.43, 221.93 in all;
 * grand total and amount due 1420.93.
 */
public final class EInvoiceSamples {
    public static final String NUMBER = "RE-2026-0815";
    /** A credit note has a number of its own. */
    public static final String CREDIT_NOTE_NUMBER = "GS-2026-0042";
    public static final LocalDate ISSUED = LocalDate.of(2026, 11, 3);
    public static final LocalDate DUE = LocalDate.of(2026, 12, 3);
    public static final String SELLER = "Kontor Nord GmbH";
    public static final String SELLER_VAT_ID = "DE123456789";
    public static final String SELLER_TAX_ID = "22/815/08150";
    public static final String BUYER = "Ledgerlens Demo AG";
    public static final String BUYER_REFERENCE = "04011000-12345-03";
    public static final String ORDER = "PO-4711";
    public static final String IBAN = "DE02120300000000202051";
    public static final String GRAND_TOTAL = "1420.93";

    /** The Mustang profile names, as {@code Profiles.getByName} knows them. */
    public static final List<String> PROFILES = List.of("MINIMUM", "BASICWL", "BASIC", "EN16931", "EXTENDED", "XRECHNUNG");

    private EInvoiceSamples() {
    }

    /** The sample invoice as Mustang's model; {@code creditNote} makes it a 381 credit note numbered {@value #CREDIT_NOTE_NUMBER}. */
    public static Invoice invoice(boolean creditNote) {
        return invoice(creditNote ? CREDIT_NOTE_NUMBER : NUMBER, creditNote);
    }

    /** The sample invoice under another number (each e-invoice of one run needs its own, or it is a duplicate). */
    public static Invoice invoice(String number, boolean creditNote) {
        TradeParty seller = new TradeParty(SELLER, "Hafenstraße 12", "20457", "Hamburg", "DE")
                .addVATID(SELLER_VAT_ID).addTaxID(SELLER_TAX_ID).addBankDetails(new BankDetails(IBAN, "BYLADEM1001"))
                .setEmail("rechnung@kontor-nord.example");
        TradeParty buyer = new TradeParty(BUYER, "Musterweg 3", "10115", "Berlin", "DE").setEmail("ap@demo.example");
        Invoice invoice = new Invoice().setNumber(number).setIssueDate(date(ISSUED)).setDueDate(date(DUE))
                .setDeliveryDate(date(ISSUED)).setCurrency("EUR").setSender(seller).setRecipient(buyer)
                .setReferenceNumber(BUYER_REFERENCE).setBuyerOrderReferencedDocumentID(ORDER)
                .setPaymentTermDescription("Zahlbar innerhalb von 30 Tagen")
                .addItem(new Item(new Product("Beratung", "Beratung vor Ort", "HUR", new BigDecimal("19")),
                        new BigDecimal("120.00"), new BigDecimal("10")))
                .addItem(new Item(new Product("Fachbuch", "Steuerrecht kompakt", "H87", new BigDecimal("7")),
                        new BigDecimal("24.50"), new BigDecimal("2")))
                .addAllowance(new Allowance(new BigDecimal("50.00")).setReason("Treuerabatt")
                        .setTaxPercent(new BigDecimal("19")).setCategoryCode("S"));
        if (creditNote) {
            invoice.setCreditNote();
        }
        return invoice;
    }

    /** The CII XML of {@code invoice} in {@code profile}, written by Mustang's ZUGFeRD 2 / Factur-X writer. */
    public static byte[] ciiXml(Invoice invoice, String profile) {
        ZUGFeRD2PullProvider provider = new ZUGFeRD2PullProvider();
        provider.setProfile(Profiles.getByName(profile));
        provider.generateXML(invoice);
        return provider.getXML();
    }

    /**
     * A PDF/A-3 that prints {@code visibleNumber} and {@code visibleTotal} on its page (so that its text layer can
     * agree or disagree with its XML) and carries {@code invoice} as Mustang attaches it in {@code profile}
     * ({@code factur-x.xml}, or {@code xrechnung.xml} for XRechnung).
     */
    public static byte[] pdf(Invoice invoice, String profile, String visibleNumber, String visibleTotal) {
        try (ZUGFeRDExporterFromA3 exporter = new ZUGFeRDExporterFromA3().ignorePDFAErrors()
                .load(visiblePage(visibleNumber, visibleTotal))) {
            exporter.setProfile(Profiles.getByName(profile));
            exporter.setTransaction(invoice);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exporter.export(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample invoice as a PDF/A-3 whose page agrees with its XML. */
    public static byte[] pdf(String profile) {
        return pdf(invoice(false), profile, NUMBER, GRAND_TOTAL);
    }

    /** A one-page PDF printing an invoice's number and total, as the visible part of an e-invoice. */
    public static byte[] visiblePage(String number, String total) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream text = new PDPageContentStream(pdf, page)) {
                String[] rows = {SELLER, "Hafenstrasse 12, 20457 Hamburg", "Rechnung " + number, "Datum 03.11.2026",
                        "Beratung 10 h x 120,00 = 1.200,00", "Fachbuch 2 x 24,50 = 49,00", "Treuerabatt -50,00",
                        "Netto 1.199,00", "USt 19% 218,50", "USt 7% 3,43", "Gesamtbetrag EUR " + total};
                float y = 780;
                for (String row : rows) {
                    text.beginText();
                    text.setFont(font, 12);
                    text.newLineAtOffset(60, y);
                    text.showText(row);
                    text.endText();
                    y -= 22;
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Peppol BIS Billing 3 customization the UBL samples declare (BT-24). */
    public static final String PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";

    /**
     * The sample invoice ({@code creditNote}: credit note) in UBL 2.1, as a Peppol BIS Billing 3 document: Mustang's
     * EN 16931 CII, bound by ph-cii, converted by the EN 16931 CII-to-UBL converter into ph-ubl's model and written by
     * ph-ubl's marshaller (a credit note as a UBL {@code CreditNote}).
     */
    public static byte[] ubl(boolean creditNote) {
        return ubl(invoice(creditNote));
    }

    /** {@code invoice} in UBL 2.1, as {@link #ubl(boolean)} writes it (a credit note as a UBL CreditNote). */
    public static byte[] ubl(Invoice invoice) {
        boolean creditNote = "381".equals(invoice.getDocumentCode());
        ErrorList errors = new ErrorList();
        CrossIndustryInvoiceType cii = new CIID16BCrossIndustryInvoiceTypeMarshaller().read(ciiXml(invoice, "EN16931"));
        CIIToUBL21Converter converter = new CIIToUBL21Converter().setCustomizationID(PEPPOL)
                .setProfileID("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
        byte[] xml = creditNote
                ? UBL21Marshaller.creditNote().getAsBytes(converter.convertToCreditNote(cii, errors))
                : UBL21Marshaller.invoice().getAsBytes(converter.convertToInvoice(cii, errors));
        if (errors.containsAtLeastOneError() || xml == null) {
            throw new IllegalStateException("the sample does not convert to UBL: " + errors);
        }
        return xml;
    }

    /**
     * {@code pdf} with one more embedded file {@code name} holding {@code content}; with {@code relationship}
     * (Alternative, Data, Source, Supplement) it is also listed in the catalog's associated files ({@code /AF}) as
     * PDF/A-3 does, without it only in the embedded-files name tree.
     */
    public static byte[] withAttachment(byte[] pdf, String name, byte[] content, String relationship) {
        try (PDDocument document = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDEmbeddedFile embedded = new PDEmbeddedFile(document, new ByteArrayInputStream(content));
            embedded.setSubtype("text/xml");
            embedded.setSize(content.length);
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(name);
            spec.setFileUnicode(name);
            spec.setEmbeddedFile(embedded);
            spec.setEmbeddedFileUnicode(embedded);
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            PDEmbeddedFilesNameTreeNode tree = names.getEmbeddedFiles() != null ? names.getEmbeddedFiles()
                    : new PDEmbeddedFilesNameTreeNode();
            Map<String, PDComplexFileSpecification> files = new TreeMap<>();
            if (tree.getNames() != null) {
                files.putAll(tree.getNames());
            }
            files.put(name, spec);
            tree.setNames(files);
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            if (relationship != null) {
                spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), relationship);
                COSArray associated = document.getDocumentCatalog().getCOSObject().getCOSArray(COSName.AF);
                if (associated == null) {
                    associated = new COSArray();
                    document.getDocumentCatalog().getCOSObject().setItem(COSName.AF, associated);
                }
                associated.add(spec);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file} as a source document, its SHA-256 computed as intake would. */
    public static SourceDocument source(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return new SourceDocument(HexFormat.of().formatHex(digest), file.toUri().toString(),
                    file.getFileName().toString(), Files.size(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date date(LocalDate date) {
        return Date.from(date.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

}
