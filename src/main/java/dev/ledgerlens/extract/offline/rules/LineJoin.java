package dev.ledgerlens.extract.offline.rules;

import java.util.List;

/** How the rows of a multi-row address or customer block become one line. */
public enum LineJoin {
    /** "4 Abbey Street, Bath BA1 1NN": how people type an address on one line; always a customer block's join. */
    COMMA,
    /** "4 Abbey Street Bath BA1 1NN": rows run on with a space, no punctuation added; the default, the SROIE labels' convention. */
    SPACE;

    /**
     * One line of text from several printed rows, the way a person would type them: rows are separated by a
     * comma ("4 Abbey Street" / "Bath BA1 1NN"), unless the block already ends its rows with commas.
     */
    String join(List<String> parts) {
        // A block that punctuates its own line ends ("JALAN SAGU 18," / "TAMAN DAYA,") is run on as printed.
        boolean punctuated = this == SPACE || parts.stream().limit(Math.max(1, parts.size() - 1)).anyMatch(part -> part.strip().endsWith(","));
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (!joined.isEmpty()) {
                joined.append(punctuated || joined.toString().matches("(?s).*[,;:.\\-/&]$") ? " " : ", ");
            }
            joined.append(part.strip());
        }
        return joined.toString().replaceAll("\\s+", " ").replaceAll("\\s+,", ",").strip();
    }
}
