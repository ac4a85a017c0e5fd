package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.InvoiceSyntax;
import dev.ledgerlens.render.InvoiceXml;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.testing.EInvoiceSamples;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRD1PullProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every Factur-X / ZUGFeRD profile and XRechnung, written by Mustang as XML alone and as a PDF/A-3 with the XML
 * attached, read back field for field: what each profile carries comes back exactly, and what it does not carry
 * stays null (MINIMUM and BASIC WL have no lines).
 */
class EInvoiceReaderTest {
    private final EInvoiceReader reader = new EInvoiceReader();

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"MINIMUM", "BASICWL", "BASIC", "EN16931", "EXTENDED", "XRECHNUNG"})
    void ciiXmlOfEveryProfileReadsBackFieldForField(String profile) throws IOException {
        Path xml = folder.resolve(profile + ".xml");
        Files.write(xml, EInvoiceSamples.ciiXml(EInvoiceSamples.invoice(false), profile));

        EInvoice invoice = reader.read(new InvoiceXml(xml, InvoiceSyntax.CII, null), xml.getFileName().toString());

        assertSample(invoice, profile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MINIMUM", "BASICWL", "BASIC", "EN16931", "EXTENDED", "XRECHNUNG"})
    void pdfA3OfEveryProfileCarriesItsXmlWhichReadsBackFieldForField(String profile) throws IOException {
        Path pdf = folder.resolve(profile + ".pdf");
        Files.write(pdf, EInvoiceSamples.pdf(profile));

        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(EInvoiceSamples.source(pdf), new PageSpec(100, 0, 0, 0, true, false), folder.resolve("pages"));

        assertThat(rendered.invoiceXml()).as("the attached invoice is found").isNotNull();
        assertThat(rendered.invoiceXml().attachment())
                .isEqualTo(profile.equals("XRECHNUNG") ? "xrechnung.xml" : "factur-x.xml");
        assertThat(rendered.pages()).hasSize(1);
        assertThat(rendered.pages().get(0).textLayer().text()).contains(EInvoiceSamples.NUMBER);
        assertSample(reader.read(rendered.invoiceXml(), pdf.getFileName().toString()), profile);
    }

    @org.junit.jupiter.api.Test
    void zugferd1IsReadWhereMustangsImporterLooksOnlyForZugferd2() throws IOException {
        ZUGFeRD1PullProvider writer = new ZUGFeRD1PullProvider();
        writer.setProfile(Profiles.getByName("COMFORT", 1));
        writer.generateXML(EInvoiceSamples.invoice(false));
        Path xml = folder.resolve("zugferd1.xml");
        Files.write(xml, writer.getXML());

        RenderedDocument rendered = new DocumentRenderer(RenderSettings.defaults())
                .render(EInvoiceSamples.source(xml), new PageSpec(100, 0, 0, 0, true, false), folder.resolve("pages"));
        assertThat(rendered.invoiceXml().syntax()).isEqualTo(InvoiceSyntax.ZUGFERD_1);
        EInvoice invoice = reader.read(rendered.invoiceXml(), "zugferd1.xml");

        assertThat(invoice.specification()).isEqualTo("urn:ferd:CrossIndustryDocument:invoice:1p0:comfort");
        assertThat(invoice.number()).isEqualTo(EInvoiceSamples.NUMBER);
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.orderReference()).isEqualTo(EInvoiceSamples.ORDER);
        assertThat(invoice.lines()).extracting(line -> plain(line.netAmount())).containsExactly("1200", "49");
        assertThat(invoice.vatBreakdown()).hasSize(2);
        assertThat(invoice.grandTotal()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(invoice.dueDate()).isEqualTo(EInvoiceSamples.DUE);
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    static void assertSample(EInvoice invoice, String profile) {
        boolean minimum = profile.equals("MINIMUM");
        boolean withLines = !minimum && !profile.equals("BASICWL");
        assertThat(invoice.syntax()).isEqualTo(InvoiceSyntax.CII);
        assertThat(invoice.specification()).isNotBlank();
        assertThat(invoice.number()).isEqualTo(EInvoiceSamples.NUMBER);
        assertThat(invoice.issueDate()).isEqualTo(EInvoiceSamples.ISSUED);
        assertThat(invoice.typeCode()).isEqualTo("380");
        assertThat(invoice.isCreditNote()).isFalse();
        assertThat(invoice.currency()).isEqualTo("EUR");
        assertThat(invoice.seller().name()).isEqualTo(EInvoiceSamples.SELLER);
        assertThat(invoice.seller().vatId()).isEqualTo(EInvoiceSamples.SELLER_VAT_ID);
        assertThat(invoice.buyer().name()).isEqualTo(EInvoiceSamples.BUYER);
        assertThat(invoice.buyerReference()).isEqualTo(EInvoiceSamples.BUYER_REFERENCE);
        assertThat(invoice.netTotal()).isEqualByComparingTo("1199.00");
        assertThat(invoice.taxTotal()).isEqualByComparingTo("221.93");
        assertThat(invoice.grandTotal()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        assertThat(invoice.amountDue()).isEqualByComparingTo(EInvoiceSamples.GRAND_TOTAL);
        if (minimum) {
            assertThat(invoice.lines()).isEmpty();
            assertThat(invoice.lineTotal()).isNull();
            assertThat(invoice.vatBreakdown()).isEmpty();
            return;
        }
        assertThat(invoice.seller().address()).isEqualTo("Hafenstraße 12, 20457, Hamburg, DE");
        assertThat(invoice.lineTotal()).isEqualByComparingTo("1249.00");
        assertThat(invoice.allowanceTotal()).isEqualByComparingTo("50.00");
        assertThat(invoice.dueDate()).isEqualTo(EInvoiceSamples.DUE);
        assertThat(invoice.orderReference()).isEqualTo(EInvoiceSamples.ORDER);
        assertThat(invoice.payment().iban()).isEqualTo(EInvoiceSamples.IBAN);
        assertThat(invoice.payment().code()).isEqualTo("58");
        assertThat(invoice.vatBreakdown()).extracting(EInvoice.VatBreakdown::category, v -> plain(v.rate()),
                        v -> plain(v.base()), v -> plain(v.amount()))
                .containsExactly(tuple("S", "19", "1150", "218.5"), tuple("S", "7", "49", "3.43"));
        if (!withLines) {
            assertThat(invoice.lines()).as("BASIC WL carries no lines").isEmpty();
            return;
        }
        assertThat(invoice.lines()).hasSize(2);
        EInvoice.Line first = invoice.lines().get(0);
        assertThat(first.name()).isEqualTo("Beratung");
        assertThat(first.quantity()).isEqualByComparingTo("10");
        assertThat(first.unit()).isEqualTo("HUR");
        assertThat(first.netPrice()).isEqualByComparingTo("120.00");
        assertThat(first.netAmount()).isEqualByComparingTo("1200.00");
        assertThat(first.vatCategory()).isEqualTo("S");
        assertThat(first.vatRate()).isEqualByComparingTo("19");
        EInvoice.Line second = invoice.lines().get(1);
        assertThat(List.of(second.name(), second.unit())).containsExactly("Fachbuch", "H87");
        assertThat(second.netAmount()).isEqualByComparingTo("49.00");
        assertThat(second.vatRate()).isEqualByComparingTo("7");
        assertThat(invoice.allowancesCharges()).singleElement().satisfies(allowance -> {
            assertThat(allowance.charge()).isFalse();
            assertThat(allowance.amount()).isEqualByComparingTo("50.00");
            assertThat(allowance.reason()).isEqualTo("Treuerabatt");
        });
    }
}
