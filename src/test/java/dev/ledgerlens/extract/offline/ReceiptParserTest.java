package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The field rules on receipts and invoices written for these tests (typed text, no OCR). */
class ReceiptParserTest {
    private final ReceiptParser parser = new ReceiptParser();
    private final LineAssembler assembler = new LineAssembler();

    private RawFields read(String text) {
        return parser.parse(assembler.rows(new TextLayer(text, List.of(), TextLayer.Origin.PDF_TEXT), 1)).fields();
    }

    @Test
    void readsAMalaysianTillReceipt() {
        RawFields fields = read("""
                THANK YOU FOR SHOPPING
                KEDAI RUNCIT MAJU JAYA SDN BHD (123456-K)
                NO 5, JALAN MAWAR 3,
                TAMAN BUNGA, 43000 KAJANG, SELANGOR
                TEL: 03-8736 1234
                GST ID : 001234567890
                TAX INVOICE
                DATE: 07/03/2018 14:22
                ITEM QTY PRICE AMOUNT
                MILO 1KG 2 x 15.90 31.80
                ROTI GARDENIA 1 3.50 3.50
                SUB TOTAL 35.30
                GST 6% 2.12
                ROUNDING ADJ -0.02
                ROUNDED TOTAL (RM) 37.40
                CASH 50.00
                CHANGE 12.60
                """);

        assertThat(fields.storeName()).isEqualTo("KEDAI RUNCIT MAJU JAYA SDN BHD");
        assertThat(fields.storeAddress()).isEqualTo("NO 5, JALAN MAWAR 3, TAMAN BUNGA, 43000 KAJANG, SELANGOR");
        assertThat(fields.date()).isEqualTo("07/03/2018");
        assertThat(fields.time()).isEqualTo("14:22");
        assertThat(fields.subtotal()).isEqualTo("35.30");
        assertThat(fields.tax()).isEqualTo("2.12");
        assertThat(fields.total()).isEqualTo("37.40");
        assertThat(fields.currency()).isEqualTo("MYR");
        assertThat(fields.paymentMethod()).isEqualTo("CASH");
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("MILO 1KG", "2", "15.90", "31.80"),
                new RawFields.Item("ROTI GARDENIA", "1", "3.50", "3.50"));
    }

    @Test
    void readsAGermanInvoiceWithCommaDecimals() {
        RawFields fields = read("""
                Müller Bürobedarf GmbH
                Hauptstraße 12, 10115 Berlin
                INVOICE
                Invoice No: RE-2026-117
                Date: 14.10.2026
                Due date: 13.11.2026
                VAT ID: DE123456789
                Bill to: Acme AG
                Description Qty Unit price Amount
                Toner cartridge 2 49,90 99,80
                Subtotal 99,80
                VAT 19% 18,96
                Total EUR 1.118,76
                Payment: Bank transfer
                """);

        assertThat(fields.documentType()).isEqualTo("invoice");
        assertThat(fields.storeName()).isEqualTo("Müller Bürobedarf GmbH");
        assertThat(fields.storeAddress()).isEqualTo("Hauptstraße 12, 10115 Berlin");
        assertThat(fields.invoiceNumber()).isEqualTo("RE-2026-117");
        assertThat(fields.date()).isEqualTo("14.10.2026");
        assertThat(fields.dueDate()).isEqualTo("13.11.2026");
        assertThat(fields.vendorTaxId()).isEqualTo("DE123456789");
        assertThat(fields.billTo()).isEqualTo("Acme AG");
        assertThat(fields.subtotal()).isEqualTo("99,80");
        assertThat(fields.tax()).isEqualTo("18,96");
        assertThat(fields.total()).as("the amount only, without the currency code").isEqualTo("1.118,76");
        assertThat(fields.currency()).isEqualTo("EUR");
        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("19%", "18,96"));
        assertThat(fields.items()).containsExactly(new RawFields.Item("Toner cartridge", "2", "49,90", "99,80"));
    }

    @Test
    void readsAnAmericanRestaurantCheckWithTipAndMonthNameDate() {
        RawFields fields = read("""
                BLUE DOOR DINER LLC
                455 Market St, San Francisco, CA 94105
                (415) 555-0199
                Jan 5, 2026  7:42 PM
                Server: Dana   Table 12
                2 Coffee                 $6.00
                1 Pancake stack         $11.50
                Subtotal                $17.50
                Sales Tax                $1.52
                Tip                      $3.50
                Amount Due              $22.52
                VISA ************4242
                """);

        assertThat(fields.storeName()).isEqualTo("BLUE DOOR DINER LLC");
        assertThat(fields.storeAddress()).isEqualTo("455 Market St, San Francisco, CA 94105");
        assertThat(fields.date()).isEqualTo("Jan 5, 2026");
        assertThat(PrintedDate.parse(fields.date())).hasToString("2026-01-05");
        assertThat(fields.time()).isEqualTo("7:42 PM");
        assertThat(fields.tip()).isEqualTo("3.50");
        assertThat(fields.total()).isEqualTo("22.52");
        assertThat(fields.currency()).isEqualTo("USD");
        assertThat(fields.paymentMethod()).isEqualTo("VISA");
        assertThat(fields.documentType()).isEqualTo("receipt");
        assertThat(fields.items()).extracting(RawFields.Item::name, RawFields.Item::qty, RawFields.Item::price)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Coffee", "2", "6.00"),
                        org.assertj.core.groups.Tuple.tuple("Pancake stack", "1", "11.50"));
    }

    @Test
    void prefersTheLegalEntityOverAPersonsNameAboveIt() {
        RawFields fields = read("""
                LIM AH KOW
                SERI MURNI HARDWARE SDN BHD
                (99881-X)
                LOT 12, JALAN BESI 4,
                81100 JOHOR BAHRU
                CASH BILL
                DATE : 02-01-2019
                TOTAL : 12.00
                """);

        assertThat(fields.storeName()).isEqualTo("SERI MURNI HARDWARE SDN BHD");
        assertThat(fields.storeAddress()).as("the registration number is not part of the address")
                .isEqualTo("LOT 12, JALAN BESI 4, 81100 JOHOR BAHRU");
        assertThat(fields.total()).isEqualTo("12.00");
    }

    @Test
    void ignoresTotalsThatAreNotTheAmountPaid() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 1.20
                Milk 0.95
                TOTAL QTY 2
                TOTAL 2.15
                CASH 5.00
                CHANGE 2.85
                VAT SUMMARY
                TOTAL 1.79 0.36
                """);

        assertThat(fields.total()).isEqualTo("2.15");
    }

    @Test
    void takesTheAmountPrintedOnTheRowBelowItsLabel() {
        RawFields fields = read("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                Bread 1.20
                GRAND TOTAL
                1.20
                """);

        assertThat(fields.total()).isEqualTo("1.20");
    }

    @Test
    void pairsLabelsWithTheirAmountsOnASkewedScan() {
        // A scan tilted ~2°: each amount on the right sits half a row lower than its label on the left.
        List<Word> words = new ArrayList<>();
        String[][] rows = {{"SUBTOTAL", "10.00"}, {"TAX", "0.60"}, {"TOTAL", "10.60"}, {"CASH", "20.00"}, {"CHANGE", "9.40"}};
        int top = 100;
        for (String[] row : rows) {
            words.add(new Word(row[0], 40, top, 120, 30, 90));
            words.add(new Word(row[1], 700, top + 20, 80, 30, 90));
            top += 40;
        }
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            text.append(word.text()).append('\n');
        }
        List<TextLine> lines = assembler.rows(new TextLayer(text.toString(), words, TextLayer.Origin.OCR), 1);

        assertThat(lines).extracting(TextLine::text)
                .containsExactly("SUBTOTAL 10.00", "TAX 0.60", "TOTAL 10.60", "CASH 20.00", "CHANGE 9.40");
        assertThat(parser.parse(lines).fields().total()).isEqualTo("10.60");
    }

    @Test
    void returnsNullForFieldsTheDocumentDoesNotPrint() {
        RawFields fields = read("""
                Corner Shop
                Thank you
                """);

        assertThat(fields.total()).isNull();
        assertThat(fields.date()).isNull();
        assertThat(fields.currency()).isNull();
        assertThat(fields.invoiceNumber()).isNull();
    }

    @Test
    void combinesOcrPassesFieldByFieldPreferringAgreement() {
        ReceiptParser.Parsed first = parser.parse(assembler.rows(new TextLayer("""
                ACME STORES LTD
                1 High Street, Leeds LS1 1AA
                12/11/2025
                TOTAL 9.60
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed second = parser.parse(assembler.rows(new TextLayer("""
                ACME ST0RES
                1 High Street, Leeds LS1 1AA
                TOTAL 9.00
                CASH 9.00
                """, List.of(), TextLayer.Origin.OCR), 1));

        RawFields combined = ReceiptParser.combine(List.of(first, second)).fields();

        assertThat(combined.total()).as("the reading backed by the amount paid").isEqualTo("9.00");
        assertThat(combined.storeName()).as("the legal form is the surer name").isEqualTo("ACME STORES LTD");
        assertThat(combined.storeAddress()).isEqualTo("1 High Street, Leeds LS1 1AA");
        assertThat(combined.date()).as("a field only one pass read").isEqualTo("12/11/2025");
    }

    @Test
    void weightedPassesOutvoteAndNamesAgreeWhateverTheirSpacing() {
        ReceiptParser.Parsed tesseract = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKA INTERNATIONAL SDN BHD
                12, Jalan Tampoi 7/4, 81200 Johor Bahru
                TOTAL 8.70
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed otherMode = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKA INTERNATI0NAL SDN BHD
                12, Jalan Tampoi 7/4, 81200 Johor Bahru
                TOTAL 8.70
                """, List.of(), TextLayer.Origin.OCR), 1));
        ReceiptParser.Parsed lineReader = parser.parse(assembler.rows(new TextLayer("""
                UNIHAKKAINTERNATIONALSDNBHD
                12,Jalan Tampoi 7/4,81200 Johor Bahru
                TOTAL 8.20
                """, List.of(), TextLayer.Origin.OCR), 1));

        RawFields equal = ReceiptParser.combine(List.of(tesseract, otherMode, lineReader)).fields();
        assertThat(equal.total()).as("two readings against one").isEqualTo("8.70");

        RawFields weighted = ReceiptParser.combine(List.of(tesseract, otherMode, lineReader),
                List.of(Map.of(), Map.of(), Map.of("total", 3.0))).fields();
        assertThat(weighted.total()).as("the reader weighted for totals").isEqualTo("8.20");
        assertThat(weighted.storeName()).as("spacing-blind agreement, written with the first pass's spaces")
                .isEqualTo("UNIHAKKA INTERNATIONAL SDN BHD");
    }

    @Test
    void repairsOcrMisreadingsOfLegalForms() {
        assertThat(ReceiptParser.repairLegalForms("AMANO MALAYSIA SON BHO")).isEqualTo("AMANO MALAYSIA SDN BHD");
        assertThat(ReceiptParser.repairLegalForms("99 SPEED MART $/B {519537-X}")).isEqualTo("99 SPEED MART S/B (519537-X)");
        assertThat(ReceiptParser.repairLegalForms("SONIC BHOPAL")).isEqualTo("SONIC BHOPAL");
        assertThat(ReceiptParser.repairLegalForms("GARDENIA BAKERIES (KL) SDN BEED")).isEqualTo("GARDENIA BAKERIES (KL) SDN BHD");
        assertThat(ReceiptParser.repairLegalForms("Segi Cash & Carry Sdn. Bhd.")).isEqualTo("Segi Cash & Carry Sdn. Bhd.");
        assertThat(ReceiptParser.repairLegalForms("MR. D.I.¥. (M) SDN BHD")).isEqualTo("MR. D.I.Y. (M) SDN BHD");
        assertThat(ReceiptParser.repairLegalForms("TOTAL ¥ 1200")).isEqualTo("TOTAL ¥ 1200");
    }

    @Test
    void repairsLetterDigitConfusionsWhereTheNeighboursSayWhichWasPrinted() {
        assertThat(ReceiptParser.repairMisreadings("Jalan $S21/39,47400 Peta1ing Jaya", true)).isEqualTo("Jalan SS21/39,47400 Petaling Jaya");
        assertThat(ReceiptParser.repairMisreadings("NO.5? $5,57 & 59", true)).isEqualTo("NO.5? 55,57 & 59");
        assertThat(ReceiptParser.repairMisreadings("TAMAN BUNGA RAYA, 531O0 SETAPAK", true)).isEqualTo("TAMAN BUNGA RAYA, 53100 SETAPAK");
        assertThat(ReceiptParser.repairMisreadings("Bandar Sri D'sara,52ooo KL", true)).isEqualTo("Bandar Sri D'sara,52000 KL");
        assertThat(ReceiptParser.repairMisreadings("GST ID N0: 000306020352", true)).isEqualTo("GST ID NO: 000306020352");
        assertThat(ReceiptParser.repairMisreadings("C0MPANY c0mpany", true)).isEqualTo("COMPANY company");
        assertThat(ReceiptParser.repairMisreadings("No 8, Jalan 7/1l8B", true)).isEqualTo("No 8, Jalan 7/118B");
        assertThat(ReceiptParser.repairMisreadings("Leve1 6, Bangunan TH", true)).isEqualTo("Level 6, Bangunan TH");
        assertThat(ReceiptParser.repairMisreadings("No 1, JIn Desa Tebrau, BIk G, J1n Puteri 1/6", true)).isEqualTo("No 1, Jln Desa Tebrau, Blk G, Jln Puteri 1/6");
        assertThat(ReceiptParser.repairMisreadings("MEDAN NIAGA TASIK DAMA! Razal!", true)).isEqualTo("MEDAN NIAGA TASIK DAMAI Razali");
        assertThat(ReceiptParser.repairMisreadings("Kawasan Perindustrian ‘Tampoi", true)).isEqualTo("Kawasan Perindustrian Tampoi");
        assertThat(ReceiptParser.repairMisreadings("No.3, Jalan $$21/39", true)).isEqualTo("No.3, Jalan SS21/39");
        assertThat(ReceiptParser.repairMisreadings("LOT F21 @ 22, CITTA MALL", true)).isEqualTo("LOT F21 & 22, CITTA MALL");
        assertThat(ReceiptParser.repairMisreadings("81750 MASAl, JOHOR", true)).isEqualTo("81750 MASAI, JOHOR");
        assertThat(ReceiptParser.repairMisreadings("$5 PIZZA", false)).as("a name may print a price").isEqualTo("$5 PIZZA");
        // printed that way: left alone
        for (String printed : List.of("LOT 1851-A & 1851-B, JALAN KPB 6", "JLN PJU 1A/4, USJ1, SS21/39", "NO.1, U13/BG, 40170 SETIA ALAM",
                "D'SARA AVEVUE", "No1.Jalan PJU 9/1", "Shah Alam, Jln Sl 1", "BANDAR SRI PERMAISURI, Bukit Jalil", "AIR HITAM, Ipoh, IKEA Damansara", "McDonald's, DIY Store", "QUALITY SQUARE, IRAQ", "GRAND TOTAL RM 100.00", "7-ELEVEN MALAYSIA SDN BHD")) {
            assertThat(ReceiptParser.repairMisreadings(printed, true)).as(printed).isEqualTo(printed);
        }
    }

    @Test
    void dropsWhatOcrSetBesideTheAddressOnItsFirstOrLastRow() {
        assertThat(ReceiptParser.trimAddress("(CO.REG:860671-D) LOT 1851-A&1851-B,JALAN KPB 6, 43300 SERI KEMBANGAN,SELANGOR"))
                .isEqualTo("LOT 1851-A&1851-B,JALAN KPB 6, 43300 SERI KEMBANGAN,SELANGOR");
        assertThat(ReceiptParser.trimAddress("(Co Re9 :750441-W) LOT 1851-A")).isEqualTo("LOT 1851-A");
        assertThat(ReceiptParser.trimAddress("(C0-Reg:860671-D) 10T1851-A")).isEqualTo("10T1851-A");
        assertThat(ReceiptParser.trimAddress("CO.NO.373665-A LOT F15,GIANT BANDAR PUTERI")).isEqualTo("LOT F15,GIANT BANDAR PUTERI");
        assertThat(ReceiptParser.trimAddress("Jln Desa Tebrau, 81100 Johor Bahru,Johor +607-357.1177"))
                .isEqualTo("Jln Desa Tebrau, 81100 Johor Bahru,Johor");
        assertThat(ReceiptParser.trimAddress("NO.3 & 5, JALAN PERMAS 11, 81750 MASAI, JOHOR GSTID :")).isEqualTo("NO.3 & 5, JALAN PERMAS 11, 81750 MASAI, JOHOR");
        assertThat(ReceiptParser.trimAddress("12 Mill Lane, York YO1 7HH Tel. 01904 123456")).isEqualTo("12 Mill Lane, York YO1 7HH");
        assertThat(ReceiptParser.trimAddress("Jalan Permas 10/10 81750 Masai, Johor |")).isEqualTo("Jalan Permas 10/10 81750 Masai, Johor");
        // printed that way: left alone
        for (String printed : List.of("LOT 1851-A & 1851-B, JALAN KPB 6", "NO 1, JLN PJU 1A/4 47301", "BLK 2, TAMAN NUSA BESTARI, 81300",
                "NO.J-G-02, SOHO KI, SOLARIS MONT KIERA, 50 480 KL", "4 Abbey Street, Bath BA1 1NN", "HOTEL ROYAL, 12 TELUK STREET",
                "56000 Kuala Lumpur, Malaysia", "15000 KHEMISSET", "47200 Subang Selangor", "10115 Berlin-Mitte")) {
            assertThat(ReceiptParser.trimAddress(printed)).as(printed).isEqualTo(printed);
        }
    }

    @Test
    void addressEndsWithItsCountryNotWithTheMallNamePrintedUnderIt() {
        RawFields fields = read("""
                AEON CO. (M) BHD
                No 8, Jalan 7/118B, Desa Tun Razak
                56000 Kuala Lumpur, Malaysia
                SUNWAY VELOCITY
                TAX INVOICE
                DATE: 07/03/2018 14:22
                TOTAL 37.40
                """);

        assertThat(fields.storeAddress()).isEqualTo("No 8, Jalan 7/118B, Desa Tun Razak, 56000 Kuala Lumpur, Malaysia");
        assertThat(ReceiptParser.endsWithCountry("56000 KUALA LUMPUR,MALAYSIA.")).isTrue();
        assertThat(ReceiptParser.endsWithCountry("10115 Berlin, Germany")).isTrue();
        assertThat(ReceiptParser.endsWithCountry("Atlanta, Georgia")).as("a US state").isFalse();
        assertThat(ReceiptParser.endsWithCountry("PLAZA MALAYSIAN")).isFalse();
    }

    @Test
    void addressEndsAtARowWithALongNumberHoweverItsLabelWasRead() {
        RawFields fields = read("""
                SYARIKAT PERNIAGAAN GIN KEE SDN BHD
                12 JALAN PENGACARA U1/48
                TEMASYA INDUSTRIAL PARK 40150 SHAH ALAM SELANGOR
                : 03-55695002/5003
                6ST ID. NO s 000181747712
                TAX INVOICE
                DATE: 07/03/2018 14:22
                TOTAL 37.40
                """);

        assertThat(fields.storeAddress()).isEqualTo("12 JALAN PENGACARA U1/48, TEMASYA INDUSTRIAL PARK 40150 SHAH ALAM SELANGOR");
    }

    @Test
    void aPostcodeRowUnderTheStreetRowsBelongsToTheAddress() {
        RawFields split = read("""
                MR. DAKGALBI SOLARIS
                BRN GST NO. 000417619968
                NO. J-G-02, SOHO KI, SOLARIS MONT KIERA, 50
                480 KL
                GST NO.
                TEL 03 6206 5567
                TOTAL 71.00
                """);
        RawFields alone = read("""
                TIMES BOOKSTORES
                LOT F21 @ 22, CITTA MALL
                NO 1, JLN PJU 1A/4
                47301
                GST REG NO : 000423100416
                TOTAL 45.90
                """);

        assertThat(split.storeAddress()).isEqualTo("NO. J-G-02, SOHO KI, SOLARIS MONT KIERA, 50, 480 KL");
        assertThat(alone.storeAddress()).as("a lone at sign is no e-mail address")
                .isEqualTo("LOT F21 & 22, CITTA MALL, NO 1, JLN PJU 1A/4, 47301");
        assertThat(read("""
                TIMES BOOKSTORES
                47301
                NO 1, JLN PJU 1A/4
                TOTAL 45.90
                """).storeAddress()).as("a number before any street row is still a registration").isEqualTo("NO 1, JLN PJU 1A/4");
    }

    @Test
    void aBracketedBranchNameUnderTheNameIsNotTheAddress() {
        RawFields fields = read("""
                DE LUXE CIRCLE FRESH MART SDN BHD
                (MUTIARA RINI 16)
                CO REG NO:797887-W GST NO:001507647488
                NO.89&91, JALAN UTAMA,
                TAMAN MUTIA RINI, 81300 SKUDAI, JOHOR.
                TEL:016-7780546
                TOTAL 1.40
                """);

        assertThat(fields.storeAddress()).isEqualTo("NO.89&91, JALAN UTAMA, TAMAN MUTIA RINI, 81300 SKUDAI, JOHOR.");
    }

    @Test
    void anAddressPrintedAboveTheCompanyIsFoundThere() {
        RawFields fields = read("""
                TAX INVOICE
                BHPETROL PERMAS JAYA 2
                LOT PTD 101051
                JALAN PERMAS 10/10
                81750 MASAI, JOHOR
                ESJAY FUEL ENTERPRISE
                CO. REG. NO: 001011128-T
                GST REG. NO: 000153358336
                30-06-2018 09:09:49
                TOTAL 50.00
                """);

        assertThat(fields.storeName()).isEqualTo("ESJAY FUEL ENTERPRISE");
        assertThat(fields.storeAddress()).isEqualTo("LOT PTD 101051, JALAN PERMAS 10/10, 81750 MASAI, JOHOR");
    }

    @Test
    void aStreetLineInAnyOfTheCommonWordsStartsTheAddress() {
        RawFields fields = read("""
                RELAIS TOTAL OULMES
                AUTOROUTE RABAT MEKNES
                15000 KHEMISSET
                TEL. : 05.22.95.66.66
                TOTAL 24.00
                """);

        assertThat(fields.storeAddress()).isEqualTo("AUTOROUTE RABAT MEKNES, 15000 KHEMISSET");
    }

    @Test
    void aReadingWithoutStreetWordPostcodeOrCountryIsAWeakAddress() {
        assertThat(ReceiptParser.readsLikeAddress("12 Mill Lane, York YO1 7HH")).isTrue();
        assertThat(ReceiptParser.readsLikeAddress("81100JOHORBAHRU")).isTrue();
        assertThat(ReceiptParser.readsLikeAddress("Kuala Lumpur, Malaysia")).isTrue();
        assertThat(ReceiptParser.readsLikeAddress("1.2046-0021 2X5.0000")).as("item rows").isFalse();
        assertThat(ReceiptParser.readsLikeAddress("YONGFATTENTERPRISE")).as("a name").isFalse();

        ReceiptParser.Parsed items = parser.parse(assembler.rows(new TextLayer("""
                SANYU SUPPLY SDN BHD
                1.2046-0021 POMPOM
                2X5.0000
                GST 6% 10.00
                TOTAL 10.00
                """, List.of(), TextLayer.Origin.PDF_TEXT), 1));
        ReceiptParser.Parsed street = parser.parse(assembler.rows(new TextLayer("""
                SANYU SUPPLY SDN BHD
                NO. 31G&33G, JALAN SETIA INDAH X
                40170 SETIA ALAM
                TOTAL 10.00
                """, List.of(), TextLayer.Origin.PDF_TEXT), 1));
        assertThat(items.confidence().get("store_address")).isLessThan(street.confidence().get("store_address") / 1.5);
    }

    @Test
    void aNameWrappedOverThreeRowsIsReadWhole() {
        RawFields fields = read("""
                AIK HUAT HARDWARE
                ENTERPRISE (SETIA
                ALAM) SDN BHD
                822737-X
                NO. 17-G, JALAN SETIA INDAH (X) U13/X
                TOTAL 12.00
                """);

        assertThat(fields.storeName()).isEqualTo("AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD");
    }

    @Test
    void readsDatesInTheCommonPrintedForms() {
        assertThat(PrintedDate.findAllTolerant("DATE: 2O/O3/2Ol8")).extracting(PrintedDate::value)
                .containsExactly(java.time.LocalDate.of(2018, 3, 20));
        assertThat(PrintedDate.parse("DATE: 15/01/2019 10:11")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("2019-01-15")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("15-JAN-19")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("15 January 2019")).hasToString("2019-01-15");
        assertThat(PrintedDate.parse("01/25/2019")).as("month first when day first is impossible").hasToString("2019-01-25");
        assertThat(PrintedDate.parse("TEL 03-8736 1234")).isNull();
        assertThat(PrintedAmount.findAll("15.01.2019 6.00% RM12.50")).extracting(PrintedAmount::printed).containsExactly("12.50");
    }

    @Test
    void readsADateRunIntoItsTime() {
        assertThat(PrintedDate.parse("Date:25/12/20188:13:39PM")).hasToString("2018-12-25");
        assertThat(PrintedDate.parse("05Mar201818:24")).hasToString("2018-03-05");
        assertThat(PrintedDate.parse("INV 12/3/20171234")).as("digits that are not a time stay unread").isNull();
    }
}
