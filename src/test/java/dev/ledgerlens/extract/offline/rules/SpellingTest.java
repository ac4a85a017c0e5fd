package dev.ledgerlens.extract.offline.rules;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Respelling the words of names and addresses that OCR misread by one letter ({@link Spelling}). */
class SpellingTest {
    /** Where Debian's word lists are installed. */
    private static final Path DICTIONARIES = Path.of("/usr/share/dict");

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
                "FORNITURE ESPOSITO S.P.A.",           // an Italian word (it.txt [keep])
                "CENTRO COMMERCIALE LE GRU",           // an Italian and Spanish word, not CENTRE
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

    /**
     * Debian's word lists of the shipped languages (wamerican, witalian, wngerman, wfrench, wspanish, wdutch,
     * wportuguese; installed by .ci/run): no word of five letters or more of any of them is respelt, in capitals or
     * as written. A word of one language one like-shaped letter from another's ("centro" and "centre", "Forniture" and
     * "Furniture") is that language's word, printed so.
     */
    @ParameterizedTest(name = "{0} ({1}.txt)")
    @CsvSource({"american-english, en", "italian, it", "ngerman, de", "french, fr", "spanish, es", "nederlands, nl",
            "portuguese, pt"})
    void noWordOfAShippedLanguagesDictionaryIsRespelt(String dictionary, String language) throws Exception {
        Path words = DICTIONARIES.resolve(dictionary);
        Assumptions.assumeTrue(Files.isReadable(words),
                words + " is absent (a Debian word list, installed by .ci/run): the dictionary check is skipped");
        List<String> respelt = new ArrayList<>();
        for (String word : Files.readAllLines(words)) {
            if (word.matches("\\p{L}{5,}")) {
                String capitals = word.toUpperCase(Locale.ROOT);
                if (!shipped.respell(capitals).equals(capitals) || !shipped.respell(word).equals(word)) {
                    respelt.add(word);
                }
            }
        }
        assertThat(respelt).as("words of %s the shipped spelling lists would respell: add them to %s.txt [keep]", dictionary, language)
                .isEmpty();
    }

    private static Labels labels(Map<Labels.Kind, List<String>> phrases) {
        return new Labels(List.of("test"), phrases, Map.of());
    }
}
