package dev.ledgerlens.extract.offline.rules;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Respelling the words of names and addresses that OCR misread by one letter ({@link Spelling}). */
class SpellingTest {
    /** Debian's wamerican: 70,000 English words, installed by .ci/run. */
    private static final Path ENGLISH_WORDS = Path.of("/usr/share/dict/american-english");

    private final Spelling shipped = Spelling.of(Labels.shipped());

    @Test
    void respellsAWordOneLikeShapedLetterFromExactlyOneVocabularyWord() {
        assertThat(shipped.respell("LOT P.T. 2811, JALAN ANGSA, TANAN BERKELEY 41150 KLANG, SCLANGOR"))
                .isEqualTo("LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR");
        assertThat(shipped.respell("43300 SERI KEHBANGAN, SELANGOR")).isEqualTo("43300 SERI KEMBANGAN, SELANGOR");
        // the case printed is kept
        assertThat(shipped.respell("56000 Kuala Lunpur, Malaysia")).isEqualTo("56000 Kuala Lumpur, Malaysia");
        assertThat(shipped.respell("Guardian Health And Heauty Sdn Bhd")).isEqualTo("Guardian Health And Beauty Sdn Bhd");
        assertThat(shipped.respell("VERBENA CONFECTIUNERY SDN BHD")).isEqualTo("VERBENA CONFECTIONERY SDN BHD");
        // a letter dropped inside a long word
        assertThat(shipped.respell("SANYU STATONERY SHOP")).isEqualTo("SANYU STATIONERY SHOP");
        assertThat(shipped.respell("ENW Hardwae Centre")).isEqualTo("ENW Hardware Centre");
        // digits read for letters of like shape
        assertThat(shipped.respell("10T 1851-A & 1851-B, JALAN KPB 6")).isEqualTo("LOT 1851-A & 1851-B, JALAN KPB 6");
        assertThat(shipped.respell("Lot 3, 5eksyen U13, Shah Alam")).isEqualTo("Lot 3, Seksyen U13, Shah Alam");
        for (String printed : List.of("JALAN SS15/4D, U13/X", "LOT G23, PJU6A", "NO 12GF", "10T1851-A")) {
            assertThat(shipped.respell(printed)).as(printed).isEqualTo(printed);
        }
    }

    @Test
    void leavesAloneWhatMayBePrintedThatWay() {
        for (String printed : List.of(
                "TSH POWER HARDWARE",                  // P and T are not alike: not TOWER misread
                "GERBANG ALAF RESTAURANTS SDN BHD",    // G is not T: not TERBANG
                "PASARAYA BORONG PINTAR",              // B is not L: not LORONG
                "ELKEN SERVICE SDN BHD",               // a last letter is never guessed: not SERVICES
                "DAISO JAPAN, IOI MALL",               // P is not L: not JALAN
                "BERRY'S CARE HOUSE",                  // words under five letters are never respelt
                "BLACK CANYON COFFEE, LOWER GROUND",   // English words that are one letter from BLOCK and TOWER
                "SPRINTING TRADERS",                   // a first letter is never guessed: not PRINTING
                "Forniture Esposito S.p.A.",           // o and u differ in lower case: not Furniture
                "JALAN 12/34, TAMAN DESA")) {          // already vocabulary
            assertThat(shipped.respell(printed)).as(printed).isEqualTo(printed);
        }
        // glued to digits it is not a word of its own
        assertThat(shipped.respell("12TANAN")).isEqualTo("12TANAN");
        assertThat(shipped.respell(null)).isNull();
    }

    @Test
    void aWordOneLetterFromTwoVocabularyWordsIsLeftAsRead() {
        Spelling two = Spelling.of(labels(Map.of(Labels.Kind.WORD, List.of("Hotel", "Motel"))));
        assertThat(two.respell("NOTEL")).as("N is like H and like M").isEqualTo("NOTEL");
        Spelling one = Spelling.of(labels(Map.of(Labels.Kind.WORD, List.of("Hotel"))));
        assertThat(one.respell("NOTEL")).isEqualTo("HOTEL");
    }

    @Test
    void withoutAVocabularyNothingIsRespelt() {
        assertThat(Spelling.of(Labels.none()).respell("TANAN BERKELEY, SCLANGOR")).isEqualTo("TANAN BERKELEY, SCLANGOR");
    }

    @Test
    void keepsTheAccentsOfTheWordAsTheLabelsFileWritesIt() {
        Spelling german = Spelling.of(labels(Map.of(Labels.Kind.WORD, List.of("Bäckerei"))));
        assertThat(german.respell("Backere1 Bäckerel")).isEqualTo("Bäckerei Bäckerei");
        assertThat(german.respell("BAECKEREI SONNENSCHEIN")).as("written without its umlaut").isEqualTo("BAECKEREI SONNENSCHEIN");
    }

    @Test
    void noWordOfAnEnglishDictionaryIsRespelt() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(ENGLISH_WORDS),
                ENGLISH_WORDS + " is absent (Debian's wamerican, installed by .ci/run): the dictionary check is skipped");
        List<String> respelt = new ArrayList<>();
        for (String word : Files.readAllLines(ENGLISH_WORDS)) {
            if (word.matches("\\p{Alpha}{5,}")) {
                String capitals = word.toUpperCase(Locale.ROOT);
                if (!shipped.respell(capitals).equals(capitals) || !shipped.respell(word).equals(word)) {
                    respelt.add(word);
                }
            }
        }
        assertThat(respelt).as("English words the shipped spelling list would respell: add them to en.txt [keep]").isEmpty();
    }

    private static Labels labels(Map<Labels.Kind, List<String>> phrases) {
        return new Labels(List.of("test"), phrases, Map.of());
    }
}
