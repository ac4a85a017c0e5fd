package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.config.ConfigSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the label files {@code config/labels/<language>.txt} (shipped inside the jar) into {@link Labels}. A file is
 * sections ({@code [total]}, {@code [column.quantity]}, {@code [months]}, the vocabulary sections {@code [address]},
 * {@code [legal_form]}, {@code [business]} …), each a list of phrases, one a line;
 * {@code #} starts a comment; under {@code [months]} a line is {@code name = number}. Stateless.
 */
final class LabelLoader {
    /** The languages shipped, all loaded by default; {@code ms} is Malaysia's vocabulary of names and addresses. */
    static final List<String> SHIPPED = List.of("en", "de", "fr", "nl", "es", "it", "pt", "ms");

    private LabelLoader() {
    }

    /** The shipped languages' labels, read once: they never change while the application runs. */
    private static final class Shipped {
        static final Labels LABELS = load(SHIPPED);
    }

    static Labels shipped() {
        return Shipped.LABELS;
    }

    /** @throws dev.ledgerlens.failure.LedgerlensException CONFIGURATION_INVALID (FATAL) for a language with no file, or a file that does not parse */
    static Labels load(List<String> languages) {
        Map<Labels.Kind, List<String>> phrases = new EnumMap<>(Labels.Kind.class);
        Map<String, Integer> months = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        for (String language : languages) {
            String code = language.strip().toLowerCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            String resource = "config/labels/" + code + ".txt";
            try (InputStream in = LabelLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw ConfigSource.invalid("ledgerlens.offline.labels", String.join(",", languages),
                            "languages with a file in config/labels/ (shipped: " + String.join(",", SHIPPED) + "); there is no " + resource);
                }
                read(code, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), phrases, months);
            } catch (IOException e) {
                throw ConfigSource.invalid("ledgerlens.offline.labels", code, "a readable " + resource + " (" + e.getMessage() + ")");
            }
            loaded.add(code);
        }
        return new Labels(loaded, phrases, months);
    }

    private static void read(String code, BufferedReader reader, Map<Labels.Kind, List<String>> phrases,
                             Map<String, Integer> months) throws IOException {
        String section = null;
        int number = 0;
        for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
            number++;
            String line = raw.strip();
            // '#' starts a comment, except as a label of its own ("invoice #"): only at the start of a line or after a space
            int comment = line.startsWith("#") ? 0 : line.indexOf(" # ");
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                if (!section.equals("months") && Labels.Kind.ofSection(section) == null) {
                    throw ConfigSource.invalid("ledgerlens.offline.labels", code,
                            "known sections in config/labels/" + code + ".txt; line " + number + " opens [" + section + "]");
                }
                continue;
            }
            if (section == null) {
                throw ConfigSource.invalid("ledgerlens.offline.labels", code,
                        "a [section] before the first phrase in config/labels/" + code + ".txt (line " + number + ")");
            }
            if (section.equals("months")) {
                String[] parts = line.split("=");
                if (parts.length != 2 || !parts[1].strip().matches("1[0-2]|[1-9]")) {
                    throw ConfigSource.invalid("ledgerlens.offline.labels", code,
                            "'name = month number' under [months] in config/labels/" + code + ".txt (line " + number + ")");
                }
                months.putIfAbsent(Labels.fold(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                continue;
            }
            phrases.computeIfAbsent(Labels.Kind.ofSection(section), kind -> new ArrayList<>()).add(line);
        }
    }
}
