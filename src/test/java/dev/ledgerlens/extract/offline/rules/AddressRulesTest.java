package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shop or vendor address ({@link AddressRules}). */
class AddressRulesTest {
    private final ReceiptParser parser = new ReceiptParser();
    private final LineAssembler assembler = new LineAssembler();

    private RawFields read(String text) {
        return TypedReceipts.read(text);
    }

    @Test
    void readsAsCommasTheFullStopsBetweenThePartsOfAnAddress() {
        AddressRules rules = new AddressRules(LineJoin.SPACE, Labels.shipped());
        assertThat(rules.commasForPeriods("NO 4.JALAN PERJIRANAN 10. TAMAN AIR BIRU. 81700 PASIR GUDANG, JOHOR."))
                .isEqualTo("NO 4,JALAN PERJIRANAN 10, TAMAN AIR BIRU, 81700 PASIR GUDANG, JOHOR.");
        assertThat(rules.commasForPeriods("Jalan Danga. Ara Damansara.47301 Petaling Jaya"))
                .isEqualTo("Jalan Danga, Ara Damansara,47301 Petaling Jaya");
        // printed so: initials, abbreviations, street words, a web address, a decimal, the end
        for (String printed : List.of("LOT P.T. 2811, JALAN ANGSA", "NO.53 JALAN BESAR", "JLN. IPOH BATU 5.5", "12 ST. JOHN'S RD.",
                "100 Sunset Blvd. Los Angeles", "Hauptstr. 5, 10115 Berlin", "Avda. Diagonal 640", "WWW.SHOP.COM", "SELANGOR D.E.", "TAMAN P. RAMLEE")) {
            assertThat(rules.commasForPeriods(printed)).as(printed).isEqualTo(printed);
        }
        // and on the way a scanned receipt is read; a text layer's full stops are printed ones
        String receipt = """
                KEDAI MAJU SDN BHD
                NO 4.JALAN PERJIRANAN 10. TAMAN AIR BIRU.
                81700 PASIR GUDANG, JOHOR
                TEL: 07-252 1234
                TOTAL 10.00
                """;
        assertThat(TypedReceipts.scanned(receipt).storeAddress()).isEqualTo("NO 4,JALAN PERJIRANAN 10, TAMAN AIR BIRU, 81700 PASIR GUDANG, JOHOR");
        assertThat(read(receipt).storeAddress()).isEqualTo("NO 4.JALAN PERJIRANAN 10. TAMAN AIR BIRU. 81700 PASIR GUDANG, JOHOR");
    }

    @Test
    void aPostOfficeBoxIsAnAddressAndALabelBeforeAnAddressIsNotPartOfIt() {
        assertThat(read("""
                Greenfield Landscaping LLC                                            Invoice
                P.O. Box 771, Boise, ID 83701                                         Invoice No.: GL-0931
                                                                                      Date: December 1, 2026
                Customer:                                                             Terms: Net 15
                Margaret Olsen
                2210 W Hays St
                Boise, ID 83702
                Total Due                 $397.50
                """).storeAddress()).isEqualTo("P.O. Box 771, Boise, ID 83701");
        assertThat(read("""
                Studio Berger GmbH
                Adresse: Lindenstraße 3, 50667 Köln
                Rechnung Nr. 2026-0815
                Datum 30.11.2026
                Summe 481,95
                """).storeAddress()).isEqualTo("Lindenstraße 3, 50667 Köln");
        // a labelled value that is no address still ends it
        assertThat(read("""
                KEDAI RUNCIT MAJU
                LOT 12, JALAN BESAR
                40000 SHAH ALAM
                SITE: 2591
                TOTAL 4.70
                15/05/2017
                """).storeAddress()).isEqualTo("LOT 12, JALAN BESAR, 40000 SHAH ALAM");
    }

    @Test
    void dropsWhatOcrSetBesideTheAddressOnItsFirstOrLastRow() {
        assertThat(AddressRules.trimAddress("(CO.REG:860671-D) LOT 1851-A&1851-B,JALAN KPB 6, 43300 SERI KEMBANGAN,SELANGOR"))
                .isEqualTo("LOT 1851-A&1851-B,JALAN KPB 6, 43300 SERI KEMBANGAN,SELANGOR");
        assertThat(AddressRules.trimAddress("(Co Re9 :750441-W) LOT 1851-A")).isEqualTo("LOT 1851-A");
        assertThat(AddressRules.trimAddress("(C0-Reg:860671-D) 10T1851-A")).isEqualTo("10T1851-A");
        assertThat(AddressRules.trimAddress("CO.NO.373665-A LOT F15,GIANT BANDAR PUTERI")).isEqualTo("LOT F15,GIANT BANDAR PUTERI");
        assertThat(AddressRules.trimAddress("Jln Desa Tebrau, 81100 Johor Bahru,Johor +607-357.1177"))
                .isEqualTo("Jln Desa Tebrau, 81100 Johor Bahru,Johor");
        assertThat(AddressRules.trimAddress("NO.3 & 5, JALAN PERMAS 11, 81750 MASAI, JOHOR GSTID :")).isEqualTo("NO.3 & 5, JALAN PERMAS 11, 81750 MASAI, JOHOR");
        assertThat(AddressRules.trimAddress("12 Mill Lane, York YO1 7HH Tel. 01904 123456")).isEqualTo("12 Mill Lane, York YO1 7HH");
        assertThat(AddressRules.trimAddress("Jalan Permas 10/10 81750 Masai, Johor |")).isEqualTo("Jalan Permas 10/10 81750 Masai, Johor");
        // printed that way: left alone
        for (String printed : List.of("LOT 1851-A & 1851-B, JALAN KPB 6", "NO 1, JLN PJU 1A/4 47301", "BLK 2, TAMAN NUSA BESTARI, 81300",
                "NO.J-G-02, SOHO KI, SOLARIS MONT KIERA, 50 480 KL", "4 Abbey Street, Bath BA1 1NN", "HOTEL ROYAL, 12 TELUK STREET",
                "56000 Kuala Lumpur, Malaysia", "15000 KHEMISSET", "47200 Subang Selangor", "10115 Berlin-Mitte")) {
            assertThat(AddressRules.trimAddress(printed)).as(printed).isEqualTo(printed);
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
        assertThat(AddressRules.endsWithCountry("56000 KUALA LUMPUR,MALAYSIA.")).isTrue();
        assertThat(AddressRules.endsWithCountry("10115 Berlin, Germany")).isTrue();
        assertThat(AddressRules.endsWithCountry("Atlanta, Georgia")).as("a US state").isFalse();
        assertThat(AddressRules.endsWithCountry("PLAZA MALAYSIAN")).isFalse();
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
        AddressRules rules = new AddressRules(LineJoin.COMMA, Labels.shipped());
        assertThat(rules.readsLikeAddress("12 Mill Lane, York YO1 7HH")).isTrue();
        assertThat(rules.readsLikeAddress("81100JOHORBAHRU")).isTrue();
        assertThat(rules.readsLikeAddress("Kuala Lumpur, Malaysia")).isTrue();
        assertThat(rules.readsLikeAddress("1.2046-0021 2X5.0000")).as("item rows").isFalse();
        assertThat(rules.readsLikeAddress("YONGFATTENTERPRISE")).as("a name").isFalse();

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
}
