package dev.ledgerlens.extract.offline.rules;

import java.util.List;
import java.util.Locale;

/**
 * One printed row as the field rules see it: its place in reading order, the row itself (legal forms already
 * repaired), its text in upper case and the amounts printed on it. Immutable and thread-safe.
 *
 * @param index   the row's position among all rows of the document, from 0
 * @param line    the row
 * @param upper   {@code line.text()} in upper case, what the label patterns match
 * @param amounts the amounts printed on the row, left to right
 * @param folded  {@code line.text()} upper case without accents ({@link Labels#fold}), what label vocabularies match
 */
record Row(int index, TextLine line, String upper, List<PrintedAmount> amounts, String folded) {

    /** The row at {@code index} of the document, legal forms repaired first (every rule reads the repaired text). */
    static Row of(int index, TextLine printed, MisreadingRepairs repairs) {
        String text = repairs.repairRow(printed.text());
        // a row of one cell is its text: repaired once
        TextLine line = new TextLine(text, printed.page(), printed.top(),
                printed.bottom(), printed.left(), printed.right(), printed.confidence(),
                printed.cells().stream().map(cell -> cell.equals(printed.text()) ? text : repairs.repairRow(cell)).toList(), printed.spans());
        return new Row(index, line, line.text().toUpperCase(Locale.ROOT), PrintedAmount.findAll(line.text()), Labels.fold(line.text()));
    }

    /** The first cell: the left column on a two-column invoice header, the whole row otherwise. */
    String head() {
        return line.cells().get(0);
    }

    String headUpper() {
        return head().toUpperCase(Locale.ROOT);
    }

    /** The row's cells, folded ({@link Labels#fold}). */
    List<String> foldedCells() {
        return line.cells().stream().map(Labels::fold).toList();
    }

    /** The last amount on the row that is not negative, or null. */
    PrintedAmount lastPositive() {
        for (int i = amounts.size() - 1; i >= 0; i--) {
            if (!amounts.get(i).negative()) {
                return amounts.get(i);
            }
        }
        return null;
    }

    /** The last amount that is not negative, else the last amount, or null on a row without amounts. */
    PrintedAmount lastPositiveOrAny() {
        PrintedAmount amount = lastPositive();
        return amount != null || amounts.isEmpty() ? amount : amounts.get(amounts.size() - 1);
    }

    /** How many letters {@code text} holds: rows with fewer than two or three are numbers, rules or specks. */
    static int letters(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                count++;
            }
        }
        return count;
    }
}
