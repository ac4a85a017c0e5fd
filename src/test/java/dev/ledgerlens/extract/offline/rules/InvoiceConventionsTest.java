package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.extract.offline.OfflineSettings;
import dev.ledgerlens.ingest.SourceDocument;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions of invoice layouts met in practice, each in a text-layer PDF drawn here and read the way {@code run}
 * reads one (rendered, its words assembled into rows, the rules with every shipped language):
 * <ul>
 *   <li>the customer's "Bill to" block on the same rows as the issuer's name and address, in a column of its own;</li>
 *   <li>a letter's one-line sender address ("Name · Street · Postcode Town") above the address window: the issuer's
 *       address is on that line, the block under it is the customer's;</li>
 *   <li>the invoice number printed only under the title ("FACTURE" / "N° F-2026-031"), and a registration row
 *       ("SIRET …", a tax-id label of a loaded language) ending the issuer's address;</li>
 *   <li>a title in another language ("Rechnung") makes the document an invoice;</li>
 *   <li>British "Total Net" for the amount before VAT, a "Net" amount column, and an "Invoice Total" that is no
 *       "Invoice to:" label.</li>
 * </ul>
 */
class InvoiceConventionsTest {
    /** Pages as the offline engine asks for them with its shipped settings (the resolution decides row gaps in pixels). */
    private static final PageSpec PAGES = OfflineSettings.from(new ConfigSource(new Properties(), Map.of())).pageSpec();

    @TempDir
    Path folder;

    private record Text(float x, float y, String text, boolean bold, boolean right) {
    }

    private static Text left(float x, float y, String text) {
        return new Text(x, y, text, false, false);
    }

    private static Text bold(float x, float y, String text) {
        return new Text(x, y, text, true, false);
    }

    /** Right-aligned at {@code x}, as amount columns are set. */
    private static Text right(float x, float y, String text) {
        return new Text(x, y, text, false, true);
    }

    private RawFields read(String name, List<Text> texts) throws Exception {
        byte[] pdf = pdf(texts);
        Path file = folder.resolve(name);
        Files.write(file, pdf);
        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults()).render(
                new SourceDocument("sha-" + name, file.toUri().toString(), name, pdf.length, file),
                PAGES, folder.resolve("pages-" + name));
        List<TextLine> rows = new ArrayList<>();
        for (RenderedPage page : rendered.pages()) {
            rows.addAll(new LineAssembler().rows(page.textLayer(), page.pageNumber()));
        }
        return new ReceiptParser(LineJoin.COMMA, Labels.shipped()).parse(rows).fields();
    }

    private static byte[] pdf(List<Text> texts) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDFont heavy = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                for (Text text : texts) {
                    PDFont font = text.bold() ? heavy : regular;
                    float x = text.right() ? text.x() - font.getStringWidth(text.text()) / 1000 * 10 : text.x();
                    content.beginText();
                    content.setFont(font, 10);
                    content.newLineAtOffset(x, 842 - text.y());
                    content.showText(text.text());
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void theBillToBlockBesideTheIssuersNameIsTheCustomersNotTheIssuers() throws Exception {
        RawFields fields = read("saas.pdf", List.of(
                bold(50, 60, "Invoice"), left(50, 90, "Invoice number  QX7-20931"), left(50, 105, "Date of issue  November 28, 2026"),
                left(50, 120, "Date due  December 28, 2026"),
                bold(50, 160, "Brightline Analytics, Inc."), left(50, 175, "500 Market Street, Suite 400"),
                left(50, 190, "San Francisco, CA 94105"),
                bold(300, 160, "Bill to"), left(300, 175, "Harbor Dental Group"), left(300, 190, "12 Pine Ave, Portland, OR 97201"),
                bold(50, 240, "$1,089.00 USD due December 28, 2026"),
                left(50, 290, "Description"), right(380, 290, "Qty"), right(460, 290, "Unit price"), right(545, 290, "Amount"),
                left(50, 310, "Pro plan"), right(380, 310, "3"), right(460, 310, "$300.00"), right(545, 310, "$900.00"),
                left(50, 325, "Additional storage 100 GB"), right(380, 325, "1"), right(460, 325, "$100.00"), right(545, 325, "$100.00"),
                right(460, 360, "Subtotal"), right(545, 360, "$1,000.00"), right(460, 375, "Tax (8.9%)"), right(545, 375, "$89.00"),
                right(460, 390, "Total"), right(545, 390, "$1,089.00"), bold(380, 405, "Amount due"), right(545, 405, "$1,089.00 USD")));

        assertThat(fields.storeName()).isEqualTo("Brightline Analytics, Inc.");
        assertThat(fields.storeAddress()).isEqualTo("500 Market Street, Suite 400, San Francisco, CA 94105");
        assertThat(fields.billTo()).isEqualTo("Harbor Dental Group, 12 Pine Ave, Portland, OR 97201");
        assertThat(fields.invoiceNumber()).isEqualTo("QX7-20931");
        assertThat(fields.date()).isEqualTo("November 28, 2026");
        assertThat(fields.total()).isEqualTo("1,089.00");
    }

    @Test
    void aLettersSenderLineGivesTheIssuersAddressAndAGermanTitleMakesAnInvoice() throws Exception {
        RawFields fields = read("rechnung.pdf", List.of(
                left(50, 50, "Holzwerk Berger GmbH · Lindenstraße 12 · 80331 München"), bold(50, 70, "Holzwerk Berger GmbH"),
                left(50, 110, "Firma"), left(50, 125, "Bäckerei Sommer"), left(50, 140, "Hauptstraße 3"), left(50, 155, "85221 Dachau"),
                left(380, 110, "Rechnungsnummer: RE-2026-114"), left(380, 125, "Rechnungsdatum: 03.12.2026"),
                bold(50, 200, "Rechnung"),
                bold(50, 230, "Pos."), bold(90, 230, "Bezeichnung"), bold(330, 230, "Menge"), bold(400, 230, "Einzelpreis"), bold(490, 230, "Gesamt"),
                left(50, 250, "1"), left(90, 250, "Regal Eiche, 180 cm"), right(360, 250, "2"), right(460, 250, "350,00 €"), right(545, 250, "700,00 €"),
                left(50, 265, "2"), left(90, 265, "Montage"), right(360, 265, "4"), right(460, 265, "75,00 €"), right(545, 265, "300,00 €"),
                left(380, 300, "Nettobetrag"), right(545, 300, "1.000,00 €"), left(380, 315, "zzgl. 19 % USt."), right(545, 315, "190,00 €"),
                bold(380, 335, "Gesamtbetrag"), right(545, 335, "1.190,00 €")));

        assertThat(fields.documentType()).isEqualTo("invoice");
        assertThat(fields.storeName()).isEqualTo("Holzwerk Berger GmbH");
        assertThat(fields.storeAddress()).as("the sender line's, not the customer's in the window")
                .isEqualTo("Lindenstraße 12, 80331 München");
        assertThat(fields.invoiceNumber()).isEqualTo("RE-2026-114");
        assertThat(fields.subtotal()).isEqualTo("1.000,00");
        assertThat(fields.total()).isEqualTo("1.190,00");
    }

    @Test
    void theNumberUnderTheTitleIsTheInvoiceNumberAndAClientLabelNamesTheCustomer() throws Exception {
        RawFields fields = read("facture.pdf", List.of(
                bold(50, 60, "Atelier Mercier SARL"), left(50, 75, "18 rue des Lilas"), left(50, 90, "69003 Lyon"),
                left(50, 105, "SIRET 812 345 678 00021"), bold(350, 60, "FACTURE"), left(350, 80, "N° F-2026-031"), left(350, 95, "Date : 1 décembre 2026"),
                left(350, 140, "Client : Café du Parc"), left(350, 155, "2 place Bellecour, 69002 Lyon"),
                bold(50, 200, "Désignation"), bold(320, 200, "Qté"), bold(380, 200, "PU HT"), bold(480, 200, "Total HT"),
                left(50, 220, "Réparation chaises"), right(330, 220, "6"), right(430, 220, "40,00"), right(545, 220, "240,00"),
                left(50, 235, "Vernis table"), right(330, 235, "1"), right(430, 235, "260,00"), right(545, 235, "260,00"),
                left(380, 270, "Total HT"), right(545, 270, "500,00 €"), left(380, 285, "TVA 20 %"), right(545, 285, "100,00 €"),
                bold(380, 305, "Total TTC"), right(545, 305, "600,00 €")));

        assertThat(fields.invoiceNumber()).isEqualTo("F-2026-031");
        assertThat(fields.billTo()).isEqualTo("Café du Parc, 2 place Bellecour, 69002 Lyon");
        assertThat(fields.storeName()).isEqualTo("Atelier Mercier SARL");
        assertThat(fields.storeAddress()).as("a registration row under the address is not part of it")
                .isEqualTo("18 rue des Lilas, 69003 Lyon");
        assertThat(fields.total()).isEqualTo("600,00");
    }

    @Test
    void britishNetTotalsAndColumnsAndAnInvoiceTotalThatIsNoCustomerLabel() throws Exception {
        RawFields fields = read("uk.pdf", List.of(
                bold(50, 60, "Northgate Print Ltd"), left(50, 75, "Unit 7, Riverside Park"), left(50, 90, "Leeds LS10 1QB"),
                bold(50, 140, "TAX INVOICE"), left(50, 160, "Invoice No: NP-55812"), left(50, 175, "Invoice Date: 2nd December 2026"),
                left(300, 160, "Invoice to:"), left(300, 175, "Calder Books"), left(300, 190, "3 Mill Lane, Halifax HX1 2AB"),
                bold(50, 230, "Item"), bold(300, 230, "Qty"), bold(380, 230, "Price"), bold(480, 230, "Net"),
                left(50, 250, "A5 flyers, 5000"), left(300, 250, "1"), right(420, 250, "£180.00"), right(545, 250, "£180.00"),
                left(50, 265, "Business cards"), left(300, 265, "2"), right(420, 265, "£35.00"), right(545, 265, "£70.00"),
                left(380, 300, "Total Net"), right(545, 300, "£250.00"), left(380, 315, "VAT @ 20%"), right(545, 315, "£50.00"),
                bold(380, 335, "Invoice Total"), right(545, 335, "£300.00")));

        assertThat(fields.subtotal()).isEqualTo("250.00");
        assertThat(fields.tax()).isEqualTo("50.00");
        assertThat(fields.total()).isEqualTo("300.00");
        assertThat(fields.items()).extracting(RawFields.Item::name, RawFields.Item::qty, RawFields.Item::unitPrice, RawFields.Item::price)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A5 flyers, 5000", "1", "180.00", "180.00"),
                        org.assertj.core.groups.Tuple.tuple("Business cards", "2", "35.00", "70.00"));
        assertThat(fields.billTo()).isEqualTo("Calder Books, 3 Mill Lane, Halifax HX1 2AB");
        assertThat(fields.invoiceNumber()).isEqualTo("NP-55812");
    }

    @Test
    void anIssuersBlockInTheRightColumnIsReadDownThatColumn() throws Exception {
        RawFields fields = read("right-column.pdf", List.of(
                bold(50, 60, "INVOICE"),
                bold(50, 100, "BILL TO"), bold(320, 100, "FROM"),
                left(50, 115, "Pelican Books Ltd"), bold(320, 115, "Brightwave Media Ltd"),
                left(50, 130, "8 Grays Inn Road"), left(320, 130, "Suite 5, 20 Shoreditch High St"),
                left(50, 145, "London WC1X 8HB"), left(320, 145, "London E1 6PG"),
                left(50, 180, "Invoice date: 2 December 2026"), left(50, 195, "Invoice number: BWM-2207"),
                left(50, 230, "Description"), right(545, 230, "Amount"),
                left(50, 245, "Social media campaign (Nov)"), right(545, 245, "1,500.00"),
                left(380, 280, "Subtotal"), right(545, 280, "1,500.00"),
                left(380, 295, "VAT 20%"), right(545, 295, "300.00"),
                left(380, 310, "Total"), right(545, 310, "1,800.00")));

        assertThat(fields.storeName()).isEqualTo("Brightwave Media Ltd");
        assertThat(fields.storeAddress()).isEqualTo("Suite 5, 20 Shoreditch High St, London E1 6PG");
        assertThat(fields.total()).isEqualTo("1,800.00");
    }

    @Test
    void anInvoiceThatNamesItsIssuerOnlyInItsImprintLineIsThatCompanysNotTheCustomers() throws Exception {
        RawFields fields = read("imprint.pdf", List.of(
                left(60, 120, "Café am Markt"), left(60, 135, "Inh. Sabine Roth"), left(60, 150, "Marktplatz 5"),
                left(60, 165, "93047 Regensburg"),
                bold(60, 220, "Rechnung"),
                left(60, 240, "Rechnungsnummer: 2026-0412"), left(380, 240, "Datum: 24.11.2026"),
                left(60, 280, "Pos."), left(90, 280, "Bezeichnung"), right(380, 280, "Menge"), right(460, 280, "Einzelpreis"),
                right(540, 280, "Gesamt"),
                left(60, 295, "1"), left(90, 295, "Eichentisch massiv"), right(380, 295, "1"), right(460, 295, "1.250,00"),
                right(540, 295, "1.250,00"),
                left(330, 330, "Nettobetrag"), right(540, 330, "1.250,00"),
                left(330, 345, "zzgl. 19% MwSt."), right(540, 345, "237,50"),
                bold(330, 360, "Rechnungsbetrag"), right(540, 360, "1.487,50"),
                left(60, 780, "Holzwerk Berger GmbH · Lindenstraße 12 · 80331 München · USt-IdNr. DE123456789 · IBAN DE02 1203 0000 0000 2020 51")));

        assertThat(fields.storeName()).isEqualTo("Holzwerk Berger GmbH");
        assertThat(fields.storeAddress()).isEqualTo("Lindenstraße 12, 80331 München");
        assertThat(fields.total()).isEqualTo("1.487,50");
        assertThat(fields.tax()).isEqualTo("237,50");
    }
}
