package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who issued an invoice, not who it is addressed to. {@link NameRules} reads a receipt's header, where the first
 * name-like row is the shop; an invoice also prints its customer near the top (under "Bill to", "Rechnungsempfänger",
 * "Facturé à", or in a letter's address window under a one-line sender address), and often its title in the largest
 * type. Here the header's names are weighed by what marks an issuer: type size, a legal form, the name printed again
 * (sender line, footer), and never a name in the customer's block. The receipt rules' choice stands unless it is the
 * customer, a sender line, a title, or a candidate clearly outweighs it on a document with a customer block.
 * Stateless and thread-safe.
 */
final class IssuerRules {
    /** Separators of a one-line sender address ("Müller GmbH · Königstraße 28 · 70173 Stuttgart"). */
    private static final Pattern SENDER_SEPARATOR = Pattern.compile("\\s[·•|–-]\\s|\\s{2,}[,|]\\s*");
    /** A postcode before or after a town ("70173 Stuttgart", "1012 AB Amsterdam", "London EC1A 1BB", "Santa Fe, NM 87501"). */
    private static final Pattern POSTCODE_TOWN = Pattern.compile(
            "(?<![\\d:])\\d{4,5}(?:\\s?[A-Z]{2})?\\s+\\p{Lu}\\p{Ll}+|\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}\\b"
                    + "|\\p{Ll},?\\s+[A-Z]{2}\\s+\\d{5}(?:-\\d{4})?\\b");
    private static final Pattern MIDDLE_DOT = Pattern.compile("\\s*[·•]\\s*");
    /** A postcode and town as OCR reads small type, spaces lost ("69117Heidelberg"). */
    private static final Pattern GLUED_POSTCODE_TOWN = Pattern.compile("(?<!\\d)\\d{4,5}\\s*\\p{Lu}\\p{Ll}+");
    private static final Pattern CONTACT = Pattern.compile("(?<!\\p{L})(?:TEL|PHONE|FAX|E-?MAIL|WWW|HTTPS?|IBAN|BIC)(?!\\p{L})|\\S@\\S|\\.(?:COM|DE|FR|NL|ES|IT|CO\\.UK)\\b");

    private final Labels labels;
    private final ItemRules items;
    /** What tells a street line from a name. */
    private final NameRules names;
    /** The legal forms of the loaded languages ("GmbH", "SARL", "Ltd.", "Sdn. Bhd."): a name with one is a company's. */
    private final Pattern legalForm;

    IssuerRules(Labels labels, ItemRules items, NameRules names) {
        this.labels = labels;
        this.items = items;
        this.names = names;
        this.legalForm = labels.pattern(Labels.Kind.LEGAL_FORM);
    }

    /** A name-like cell of the header and how much it looks like the issuer's. */
    private record Candidate(String name, int row, double score, double confidence) {
    }

    /**
     * The issuer's name: {@code receiptChoice} (the receipt rules' answer, may be null) unless the layout shows better.
     * An invoice whose header names no company with a legal form, but whose imprint line at the foot does
     * ("Holzwerk Berger GmbH · Lindenstraße 12 · 80331 München · USt-IdNr. …"), is that company's: the header's
     * block is the customer's address window.
     */
    Field<String> issuer(List<Row> rows, Field<String> receiptChoice) {
        Field<String> header = headerIssuer(rows, receiptChoice);
        Field<String> imprint = imprint(rows);
        if (imprint != null && (header == null || !hasLegalForm(header.value()) && !sameName(header.value(), imprint.value()))
                && invoice(rows)) {
            return imprint;
        }
        return header;
    }

    /**
     * The name of an imprint line below the header: a company with a legal form, then its address ("Holzwerk Berger GmbH
     * · Lindenstraße 12 · 80331 München · …"), the way a letter's sender line prints it. The last such row; null when none.
     */
    private Field<String> imprint(List<Row> rows) {
        int headerEnd = headerEnd(rows);
        for (int index = rows.size() - 1; index >= headerEnd; index--) {
            Row row = rows.get(index);
            String[] parts = row.amounts().isEmpty() ? senderParts(row) : null;
            if (parts != null && legalForm.matcher(Labels.fold(parts[0])).find()) {
                return new Field<>(parts[0].strip(), index, row.line().confidence() * 0.8);
            }
        }
        return null;
    }

    /** Whether a cell opens with an invoice title of a loaded language ("Rechnung", "Invoice", "Facture N° 12"). */
    private boolean invoice(List<Row> rows) {
        return rows.stream().anyMatch(row -> row.foldedCells().stream()
                .anyMatch(cell -> labels.opening(Labels.Kind.INVOICE_TITLE, cell.strip()) >= 0));
    }

    /** The issuer as the header shows it: {@code receiptChoice} unless the header's layout shows better. */
    private Field<String> headerIssuer(List<Row> rows, Field<String> receiptChoice) {
        int limit = headerEnd(rows);
        if (limit == 0) {
            return receiptChoice;
        }
        // the customer's block, by row: the column it stands in ("Bill to" may share its row with the issuer's name)
        Map<Integer, TextLine.Span> customerRows = new HashMap<>();
        boolean customerBlock = false;
        String sender = null;
        int senderRow = -1;
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            int labelCell = customerLabelCell(row);
            if (labelCell >= 0) {
                customerBlock = true;
                block(rows, index, labelCell, limit, customerRows);
            }
            String first = senderName(row);
            if (first != null && sender == null) {
                // the one-line sender address above a letter's address window: the customer's address is under it
                sender = first;
                senderRow = index;
                customerBlock = true;
                block(rows, index, 0, limit, customerRows);
            }
        }
        // the sender's row opens the customer block, but its own name is the issuer's
        customerRows.remove(senderRow);
        if (receiptChoice != null && (inCustomerBlock(rows, customerRows, receiptChoice) || POSTCODE_TOWN.matcher(receiptChoice.value()).find()
                && Row.letters(receiptChoice.value()) < 15)) {
            // the customer's name, or a town under its postcode that the receipt rules took for the shop
            receiptChoice = null;
        }
        if (receiptChoice != null && (receiptChoice.row() == senderRow && !sameName(receiptChoice.value(), sender) || labels.has(Labels.Kind.TITLE, Labels.fold(receiptChoice.value()))
                && Labels.fold(receiptChoice.value()).replaceAll("[^\\p{L}]", "").length() <= 20)) {
            receiptChoice = null;
        }
        double typical = typicalHeight(rows);
        List<Candidate> candidates = new ArrayList<>();
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            List<String> cells = row.line().cells();
            // on the sender's row only the sender line itself is left out: the vendor's block may start beside it
            for (int at = index == senderRow ? 1 : 0; at < cells.size(); at++) {
                String cell = cells.get(at);
                if (inCustomerColumn(row, at, customerRows.get(index)) || !isName(cell)) {
                    continue;
                }
                String folded = Labels.fold(cell);
                double score = Math.min(2.0, row.line().height() / typical);
                if (legalForm.matcher(folded).find()) {
                    score += 0.5;
                }
                if (printedElsewhere(rows, index, folded)) {
                    score += 0.6;
                }
                if (sender != null && sameName(cell, sender)) {
                    // the sender line above the address window names the issuer
                    score += 1.0;
                }
                candidates.add(new Candidate(cell.strip(), index, score, row.line().confidence()));
            }
        }
        Candidate best = candidates.stream().max(java.util.Comparator.comparingDouble(Candidate::score)
                .thenComparing(candidate -> -candidate.row())).orElse(null);
        if (receiptChoice == null) {
            if (best != null) {
                return new Field<>(best.name(), best.row(), best.confidence() * 0.85);
            }
            return sender == null ? null : new Field<>(sender, senderRow, rows.get(senderRow).line().confidence() * 0.8);
        }
        String chosen = receiptChoice.value();
        // a name with its legal form ("ELKEN SERVICE SDN BHD") is not outweighed by a logo's large letters without one
        // nor by a part of itself ("SERVICE" in a logo above "ELKEN SERVICE SDN BHD")
        if (customerBlock && best != null && !sameName(best.name(), chosen) && !partOf(best.name(), chosen)
                && (!hasLegalForm(chosen) || hasLegalForm(best.name()))) {
            double choiceScore = candidates.stream().filter(candidate -> sameName(candidate.name(), chosen))
                    .mapToDouble(Candidate::score).max().orElse(0);
            if (best.score() > choiceScore + 0.3) {
                return new Field<>(best.name(), best.row(), best.confidence() * 0.85);
            }
        }
        return receiptChoice;
    }

    /**
     * The issuer's address as its one-line sender address prints it above a letter's address window ("Holzwerk Berger
     * GmbH · Lindenstraße 12 · 80331 München" → "Lindenstraße 12, 80331 München"), when that line names
     * {@code issuer}; else null. The address block under the issuer's name is then the customer's, in the window.
     */
    Field<String> senderAddress(List<Row> rows, Field<String> issuer) {
        if (issuer == null) {
            return null;
        }
        int limit = headerEnd(rows);
        if (issuer.row() >= limit && issuer.row() < rows.size()) {
            // the issuer named by its imprint line at the foot: its address is on that line
            String[] parts = senderParts(rows.get(issuer.row()));
            return parts == null ? null : addressOf(parts, issuer.row(), rows.get(issuer.row()));
        }
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            String[] parts = senderParts(row);
            if (parts == null) {
                continue;
            }
            if (!sameName(parts[0].strip(), issuer.value())) {
                return null;
            }
            return addressOf(parts, index, row);
        }
        return null;
    }

    /**
     * The address of a sender or imprint line's parts after the name, up to the first part that is no address (a tax
     * id, a phone number, a bank account, a managing director).
     */
    private Field<String> addressOf(String[] parts, int index, Row row) {
        List<String> address = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (CONTACT.matcher(part.toUpperCase(java.util.Locale.ROOT)).find() || labels.has(Labels.Kind.TAX_ID, Labels.fold(part))
                    || part.contains(":")) {
                break;
            }
            if (!part.isEmpty()) {
                address.add(part);
            }
        }
        return address.isEmpty() ? null : new Field<>(String.join(", ", address), index, row.line().confidence() * 0.9);
    }

    /** Where the header ends: the first row with an amount, a table header or a total; at most 30 rows. */
    private int headerEnd(List<Row> rows) {
        int limit = Math.min(rows.size(), 30);
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            if (row.line().page() > 1 || !row.amounts().isEmpty() || ItemRules.TABLE_HEADER.matcher(row.upper()).find() && row.line().cells().size() >= 3
                    || items.isTableHeader(row)) {
                return index;
            }
        }
        return limit;
    }

    /** The cell of {@code row} that labels the customer's block ("Bill to", "Rechnungsempfänger"), or -1. */
    private int customerLabelCell(Row row) {
        List<String> cells = row.foldedCells();
        for (int at = 0; at < cells.size(); at++) {
            String cell = cells.get(at);
            Matcher label = labels.pattern(Labels.Kind.CUSTOMER).matcher(cell);
            if (label.lookingAt() && cell.substring(label.end()).matches("\\s*[:.]?\\s*.{0,40}")
                    && !labels.has(Labels.Kind.CUSTOMER_NUMBER, cell)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * Marks the customer block: the column of cell {@code cell} of row {@code from}, and the rows under it that print
     * a cell in that column, until a gap or a row with nothing there. Other cells of those rows (the issuer's block
     * beside it) are not the customer's.
     */
    private static void block(List<Row> rows, int from, int cell, int limit, Map<Integer, TextLine.Span> customerRows) {
        Row start = rows.get(from);
        TextLine.Span column = start.line().spans().get(Math.min(cell, start.line().spans().size() - 1));
        customerRows.put(from, column);
        for (int index = from + 1; index < limit && index <= from + 5; index++) {
            Row row = rows.get(index);
            Row above = rows.get(index - 1);
            if (row.line().top() - above.line().bottom() > 1.6 * Math.max(row.line().height(), above.line().height())) {
                break;
            }
            TextLine.Span under = null;
            for (TextLine.Span span : row.line().spans()) {
                if (Math.abs(span.left() - column.left()) <= 3 * row.line().height()) {
                    under = span;
                    break;
                }
            }
            if (under == null) {
                break;
            }
            customerRows.put(index, column);
        }
    }

    /** Whether cell {@code at} of {@code row} stands in the customer's column ({@code column}, null: no block there). */
    private static boolean inCustomerColumn(Row row, int at, TextLine.Span column) {
        return column != null && row.line().spans().get(at).standsIn(column, row.line().height());
    }

    /** Whether the receipt rules' choice is a cell of the customer's block. */
    private static boolean inCustomerBlock(List<Row> rows, Map<Integer, TextLine.Span> customerRows, Field<String> choice) {
        TextLine.Span column = customerRows.get(choice.row());
        if (column == null) {
            return false;
        }
        Row row = rows.get(choice.row());
        List<String> cells = row.line().cells();
        for (int at = 0; at < cells.size(); at++) {
            if (sameName(cells.get(at), choice.value()) || partOf(choice.value(), cells.get(at))) {
                return inCustomerColumn(row, at, column);
            }
        }
        return true; // a choice made of more than one cell: the row is the customer's
    }

    /** The first part of a one-line sender address, or null when the row is none. */
    private String senderName(Row row) {
        String[] parts = senderParts(row);
        return parts == null ? null : parts[0].strip();
    }

    /**
     * A one-line sender address split at its separators (name first, then street, postcode and town), or null when the
     * row is none.
     */
    private String[] senderParts(Row row) {
        String text = row.head();
        // a middle dot is a sender line's own separator, and OCR may read it without the spaces around it
        boolean dotted = MIDDLE_DOT.split(text).length >= 3;
        String[] parts = (dotted ? MIDDLE_DOT : SENDER_SEPARATOR).split(text);
        // a name of two words or with a legal form, then a postcode and town: "SUN - THU:1000 HRS - 2200 HRS" is no sender
        if (parts.length < 3 || Row.letters(parts[0]) < 5 || parts[0].matches(".*\\d.*")
                || !dotted && !parts[0].strip().contains(" ") && !legalForm.matcher(Labels.fold(parts[0])).find()) {
            return null;
        }
        boolean address = false;
        for (int i = 1; i < parts.length; i++) {
            address |= POSTCODE_TOWN.matcher(parts[i]).find() || dotted && GLUED_POSTCODE_TOWN.matcher(parts[i]).find();
        }
        return address ? parts : null;
    }

    private boolean isName(String cell) {
        String folded = Labels.fold(cell);
        int letters = Row.letters(folded);
        if (Row.letters(legalForm.matcher(folded).replaceAll(" ")) < 3) {
            // a legal form alone ("GmbH" that OCR split off its name) names nobody
            return false;
        }
        if (letters < 3 || letters < folded.replaceAll("[^\\p{L}\\d]", "").length() * 0.7) {
            return false;
        }
        if (!PrintedAmount.findAll(cell).isEmpty() || !PrintedDate.findAll(cell).isEmpty() || CONTACT.matcher(folded).find()
                || POSTCODE_TOWN.matcher(cell).find() || names.streetLine(cell)
                || NameRules.HEADING.matcher(folded).matches() || NameRules.REGISTRATION.matcher(folded).matches()) {
            return false;
        }
        for (Labels.Kind kind : List.of(Labels.Kind.INVOICE_NUMBER, Labels.Kind.DATE, Labels.Kind.DUE_DATE, Labels.Kind.CUSTOMER,
                Labels.Kind.CUSTOMER_NUMBER, Labels.Kind.TAX_ID, Labels.Kind.OTHER_DATE)) {
            if (labels.has(kind, folded)) {
                return false;
            }
        }
        Matcher title = labels.pattern(Labels.Kind.TITLE).matcher(folded);
        return !(title.find() && folded.replaceAll("[^\\p{L}]", "").length() <= title.group().replaceAll("[^\\p{L}]", "").length() + 2);
    }

    private static boolean printedElsewhere(List<Row> rows, int index, String folded) {
        String compact = folded.replaceAll("[^\\p{L}\\d]", "");
        if (compact.length() < 6) {
            return false;
        }
        for (Row row : rows) {
            if (row.index() != index && row.folded().replaceAll("[^\\p{L}\\d]", "").contains(compact)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasLegalForm(String name) {
        String folded = Labels.fold(name);
        return legalForm.matcher(folded).find();
    }

    /** Whether every word of {@code part} (three letters or more) is a word of {@code whole}. */
    private static boolean partOf(String part, String whole) {
        Set<String> words = Set.of(Labels.fold(whole).split("[^\\p{L}]+"));
        List<String> partWords = java.util.Arrays.stream(Labels.fold(part).split("[^\\p{L}]+")).filter(word -> word.length() >= 3).toList();
        return !partWords.isEmpty() && words.containsAll(partWords);
    }

    private static boolean sameName(String a, String b) {
        return Labels.fold(a).replaceAll("[^\\p{L}\\d]", "").equals(Labels.fold(b).replaceAll("[^\\p{L}\\d]", ""));
    }

    /** The median row height: type size the document's body is set in. */
    private static double typicalHeight(List<Row> rows) {
        int[] heights = rows.stream().mapToInt(row -> row.line().height()).sorted().toArray();
        return heights.length == 0 ? 1 : Math.max(1, heights[heights.length / 2]);
    }
}
