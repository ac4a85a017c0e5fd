package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.render.TextLayer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The label files of {@code config/labels/}: invoices in French, Dutch and Spanish (typed text, columns set apart by
 * runs of spaces as a PDF's text layer gives them) read with every shipped language, and what changes without them.
 */
class EuropeanInvoicesTest {
    private static final LineAssembler ASSEMBLER = new LineAssembler();

    private static RawFields read(String text, Labels labels) {
        return new ReceiptParser(LineJoin.COMMA, labels).parse(ASSEMBLER.rows(new TextLayer(text, List.of(), TextLayer.Origin.PDF_TEXT), 1)).fields();
    }

    private static final String FRENCH = """
            Boulangerie Lefèvre SARL                                  FACTURE
            12 rue des Lilas                                Facture n° : F-2026-0412
            69003 Lyon                                      Date de facture : 12 mars 2026
            N° TVA FR40123456789                            Date d'échéance : 11/04/2026

            Facturé à :
            Café du Parc
            4 place Bellecour, 69002 Lyon

            Désignation                          Qté     Prix unitaire      Montant
            Pain de campagne                        3           4,20          12,60
            Croissants, boîte de 12                 2          11,50          23,00
            Tarte aux pommes                        1          18,40          18,40

                                                         Total HT           54,00
                                                         TVA 5,5 %           2,97
                                                         Montant TTC        56,97 €
            """;

    @Test
    void readsAFrenchInvoiceByItsLabelsAndColumns() {
        RawFields fields = read(FRENCH, Labels.shipped());

        assertThat(fields.storeName()).as("the issuer, not the customer under 'Facturé à'").isEqualTo("Boulangerie Lefèvre SARL");
        assertThat(fields.invoiceNumber()).isEqualTo("F-2026-0412");
        assertThat(fields.date()).isEqualTo("12 mars 2026");
        assertThat(fields.dueDate()).isEqualTo("11/04/2026");
        assertThat(fields.subtotal()).isEqualTo("54,00");
        assertThat(fields.tax()).isEqualTo("2,97");
        assertThat(fields.total()).isEqualTo("56,97");
        assertThat(fields.currency()).isEqualTo("EUR");
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("Pain de campagne", "3", "4,20", "12,60"),
                new RawFields.Item("Croissants, boîte de 12", "2", "11,50", "23,00"),
                new RawFields.Item("Tarte aux pommes", "1", "18,40", "18,40"));
    }

    @Test
    void readsADutchInvoiceWithTwoRatesAndSpacedThousands() {
        RawFields fields = read("""
                Drukkerij De Vries B.V.                                   FACTUUR
                Stationsplein 8                                 Factuurnummer: 2026-0087
                5611 EB Eindhoven                               Factuurdatum: 03-02-2026
                                                                Vervaldatum: 05-03-2026

                Omschrijving                          Aantal      Prijs        Bedrag
                Visitekaartjes                             2     450,00        900,00
                Flyers A5                                 10     105,00      1 050,00

                                                      Subtotaal              1 950,00
                                                      BTW 21%                  189,00
                                                      BTW 9%                    94,50
                                                      Totaal                 2 233,50
                """, Labels.shipped());

        assertThat(fields.invoiceNumber()).isEqualTo("2026-0087");
        assertThat(fields.date()).isEqualTo("03-02-2026");
        assertThat(fields.dueDate()).isEqualTo("05-03-2026");
        assertThat(fields.subtotal()).isEqualTo("1 950,00");
        assertThat(fields.total()).isEqualTo("2 233,50");
        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("21%", "189,00"), new RawFields.TaxLine("9%", "94,50"));
        assertThat(fields.items()).extracting(RawFields.Item::price).containsExactly("900,00", "1 050,00");
    }

    @Test
    void theSpanishTotalLabelIsReadOnlyWithTheLabelFiles() {
        String spanish = """
                Gráficas del Sur S.A.
                Calle Mayor 21, 28013 Madrid
                Factura nº: A-1187
                Fecha: 25 de octubre de 2026
                Base imponible                 120,00
                IVA 21%                         25,20
                Importe total                  145,20
                Pagado con tarjeta             200,00
                """;

        RawFields withLabels = read(spanish, Labels.shipped());
        RawFields without = read(spanish, Labels.none());

        assertThat(withLabels.total()).isEqualTo("145,20");
        assertThat(withLabels.invoiceNumber()).isEqualTo("A-1187");
        assertThat(withLabels.date()).isEqualTo("25 de octubre de 2026");
        assertThat(without.invoiceNumber()).as("'Factura nº' is no label of the built-in rules").isNull();
    }

    @Test
    void aMalaysianTillReceiptReadsItsAmountsTheSameWithAndWithoutTheLabelFiles() {
        String receipt = """
                KEDAI RUNCIT MAJU JAYA SDN BHD (123456-K)
                NO 5, JALAN MAWAR 3,
                TAMAN BUNGA, 43000 KAJANG, SELANGOR
                GST ID : 001234567890
                TAX INVOICE
                DATE: 07/03/2018 14:22
                MILO 1KG 2 x 15.90 31.80
                ROTI GARDENIA 1 3.50 3.50
                SUB TOTAL 35.30
                GST 6% 2.12
                ROUNDING ADJ -0.02
                ROUNDED TOTAL (RM) 37.40
                CASH 50.00
                CHANGE 12.60
                """;

        RawFields withLabels = read(receipt, Labels.shipped());
        RawFields without = read(receipt, Labels.none());

        assertThat(List.of(without.date(), without.subtotal(), without.tax(), without.total(), without.items()))
                .isEqualTo(List.of(withLabels.date(), withLabels.subtotal(), withLabels.tax(), withLabels.total(), withLabels.items()));
        assertThat(withLabels.total()).isEqualTo("37.40");
        // the legal form that ends the name is Malaysian vocabulary (config/labels/ms.txt), shipped and loaded by default
        assertThat(withLabels.storeName()).isEqualTo("KEDAI RUNCIT MAJU JAYA SDN BHD");
    }

    @Test
    void anUnknownLanguageIsAConfigurationError() {
        assertThat(Labels.of(List.of()).languages()).isEmpty();
        assertThatThrownBy(() -> Labels.of(List.of("en", "xx")))
                .isInstanceOf(LedgerlensException.class)
                .hasMessageContaining("ledgerlens.offline.labels")
                .hasMessageContaining("config/labels/xx.txt");
    }
}
