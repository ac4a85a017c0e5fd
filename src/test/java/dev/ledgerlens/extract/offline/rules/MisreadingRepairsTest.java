package dev.ledgerlens.extract.offline.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Undoing OCR misreadings ({@link MisreadingRepairs}). */
class MisreadingRepairsTest {
    private final MisreadingRepairs shipped = new MisreadingRepairs(Labels.shipped());

    @Test
    void repairsOcrMisreadingsOfLegalForms() {
        assertThat(shipped.repairRow("AMANO MALAYSIA SON BHO")).isEqualTo("AMANO MALAYSIA SDN BHD");
        assertThat(shipped.repairRow("99 SPEED MART $/B {519537-X}")).isEqualTo("99 SPEED MART S/B (519537-X)");
        assertThat(shipped.repairRow("SONIC BHOPAL")).isEqualTo("SONIC BHOPAL");
        assertThat(shipped.repairRow("GARDENIA BAKERIES (KL) SDN BEED")).isEqualTo("GARDENIA BAKERIES (KL) SDN BHD");
        assertThat(shipped.repairRow("Segi Cash & Carry Sdn. Bhd.")).isEqualTo("Segi Cash & Carry Sdn. Bhd.");
        assertThat(shipped.repairRow("Guardian Health And Beauty Sdn Hhd")).isEqualTo("Guardian Health And Beauty Sdn Bhd");
        assertThat(shipped.repairRow("MR. D.I.¥. (M) SDN BHD")).isEqualTo("MR. D.I.Y. (M) SDN BHD");
        assertThat(shipped.repairRow("TOTAL ¥ 1200")).isEqualTo("TOTAL ¥ 1200");
    }

    @Test
    void repairsLetterDigitConfusionsWhereTheNeighboursSayWhichWasPrinted() {
        assertThat(MisreadingRepairs.repairMisreadings("Jalan $S21/39,47400 Peta1ing Jaya", true)).isEqualTo("Jalan SS21/39,47400 Petaling Jaya");
        assertThat(MisreadingRepairs.repairMisreadings("NO.5? $5,57 & 59", true)).isEqualTo("NO.5? 55,57 & 59");
        assertThat(MisreadingRepairs.repairMisreadings("TAMAN BUNGA RAYA, 531O0 SETAPAK", true)).isEqualTo("TAMAN BUNGA RAYA, 53100 SETAPAK");
        assertThat(MisreadingRepairs.repairMisreadings("Bandar Sri D'sara,52ooo KL", true)).isEqualTo("Bandar Sri D'sara,52000 KL");
        assertThat(MisreadingRepairs.repairMisreadings("GST ID N0: 000306020352", true)).isEqualTo("GST ID NO: 000306020352");
        assertThat(MisreadingRepairs.repairMisreadings("C0MPANY c0mpany", true)).isEqualTo("COMPANY company");
        assertThat(MisreadingRepairs.repairMisreadings("No 8, Jalan 7/1l8B", true)).isEqualTo("No 8, Jalan 7/118B");
        assertThat(MisreadingRepairs.repairMisreadings("Leve1 6, Bangunan TH", true)).isEqualTo("Level 6, Bangunan TH");
        assertThat(MisreadingRepairs.repairMisreadings("No 1, JIn Desa Tebrau, BIk G, J1n Puteri 1/6", true)).isEqualTo("No 1, Jln Desa Tebrau, Blk G, Jln Puteri 1/6");
        assertThat(MisreadingRepairs.repairMisreadings("MEDAN NIAGA TASIK DAMA! Razal!", true)).isEqualTo("MEDAN NIAGA TASIK DAMAI Razali");
        assertThat(MisreadingRepairs.repairMisreadings("Kawasan Perindustrian ‘Tampoi", true)).isEqualTo("Kawasan Perindustrian Tampoi");
        assertThat(MisreadingRepairs.repairMisreadings("No.3, Jalan $$21/39", true)).isEqualTo("No.3, Jalan SS21/39");
        assertThat(MisreadingRepairs.repairMisreadings("LOT F21 @ 22, CITTA MALL", true)).isEqualTo("LOT F21 & 22, CITTA MALL");
        assertThat(MisreadingRepairs.repairMisreadings("81750 MASAl, JOHOR", true)).isEqualTo("81750 MASAI, JOHOR");
        assertThat(MisreadingRepairs.repairMisreadings("MR. D.1.Y. (M) SDN BHD", false)).isEqualTo("MR. D.I.Y. (M) SDN BHD");
        assertThat(MisreadingRepairs.repairMisreadings("LOT P.1. 2811, NO. 1.5", true)).as("not between initials").isEqualTo("LOT P.1. 2811, NO. 1.5");
        assertThat(MisreadingRepairs.repairMisreadings("$5 PIZZA", false)).as("a name may print a price").isEqualTo("$5 PIZZA");
        // printed that way: left alone
        for (String printed : List.of("LOT 1851-A & 1851-B, JALAN KPB 6", "JLN PJU 1A/4, USJ1, SS21/39", "NO.1, U13/BG, 40170 SETIA ALAM",
                "D'SARA AVEVUE", "No1.Jalan PJU 9/1", "Shah Alam, Jln Sl 1", "BANDAR SRI PERMAISURI, Bukit Jalil", "AIR HITAM, Ipoh, IKEA Damansara", "McDonald's, DIY Store", "QUALITY SQUARE, IRAQ", "GRAND TOTAL RM 100.00", "7-ELEVEN MALAYSIA SDN BHD")) {
            assertThat(MisreadingRepairs.repairMisreadings(printed, true)).as(printed).isEqualTo(printed);
        }
    }
}
