package dev.ledgerlens.cli;

import dev.ledgerlens.testing.ReceiptImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ledgerlens eval} takes its configuration from {@code --config}, as every command does, and reads several datasets. */
class EvalCommandTest {
    @TempDir
    static Path folder;
    private static Path dataset;

    private static final String[] RECEIPT = {
            "CORNER BAKERY LTD", "12 MILL LANE,", "YORK YO1 7HH", "DATE: 03/02/2026", "LOAF 3.20", "TOTAL 3.20"};

    @BeforeAll
    static void writeDataset() throws IOException {
        dataset = folder.resolve("dataset");
        for (String sub : new String[] {"img", "entities", "box"}) {
            Files.createDirectories(dataset.resolve(sub));
        }
        ImageIO.write(ReceiptImage.draw(RECEIPT), "jpg", dataset.resolve("img/R1.jpg").toFile());
        // printed 03/02/2026 and labelled 2 March: right only when the date is read month first
        Files.writeString(dataset.resolve("entities/R1.json"),
                "{\"company\":\"CORNER BAKERY LTD\",\"date\":\"2026-03-02\",\"address\":\"12 MILL LANE, YORK YO1 7HH\",\"total\":\"3.20\"}");
        StringBuilder box = new StringBuilder();
        for (int i = 0; i < RECEIPT.length; i++) {
            int top = 40 + i * 60;
            box.append("40,").append(top).append(",600,").append(top).append(",600,").append(top + 40).append(",40,")
                    .append(top + 40).append(',').append(RECEIPT[i]).append('\n');
        }
        Files.writeString(dataset.resolve("box/R1.txt"), box);
    }

    private static String eval(Path config, String... more) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new LedgerlensCommand()).setOut(new PrintWriter(out));
        String[] args = new String[4 + more.length];
        args[0] = "eval";
        args[1] = "--config=" + config;
        args[2] = "--dataset=" + dataset;
        args[3] = "--text-source=box";
        System.arraycopy(more, 0, args, 4, more.length);
        assertThat(commandLine.execute(args)).as("exit code").isEqualTo(ExitCodes.OK);
        return out.toString();
    }

    @Test
    void validatesWithTheSettingsOfTheConfigFile() throws IOException {
        Path dayFirst = Files.writeString(folder.resolve("day-first.properties"),
                "ledgerlens.data-dir=" + folder.resolve("data") + "\nledgerlens.validation.date-order=day-first\n");
        Path monthFirst = Files.writeString(folder.resolve("month-first.properties"),
                "ledgerlens.data-dir=" + folder.resolve("data") + "\nledgerlens.validation.date-order=month-first\n");

        assertThat(eval(dayFirst)).contains("date        0.0%");
        assertThat(eval(monthFirst)).contains("date      100.0%").contains("valid 1 (100.0%)");
    }

    @Test
    void reportsEachDatasetNamedAndEveryReceiptsOutcomeInJson() throws IOException {
        Path config = Files.writeString(folder.resolve("plain.properties"), "ledgerlens.data-dir=" + folder.resolve("data") + "\n");

        String json = eval(config, "--dataset=" + dataset, "--json");

        assertThat(json).contains("\"engine\" : \"offline\"").contains("\"text_source\" : \"box\"")
                .contains("\"share_valid\"").contains("\"id\" : \"R1\"");
        assertThat(json.split("\"dataset\" :", -1)).as("one entry per --dataset").hasSize(3);
    }
}
