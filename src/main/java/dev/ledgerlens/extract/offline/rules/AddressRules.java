package dev.ledgerlens.extract.offline.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shop's or vendor's address: the rows under the name up to the first contact, registration, date, total or
 * priced row, or through a row that ends with a country or a US state and ZIP code (or, when nothing there reads as
 * an address, the rows above the name from the first street line); past a phone row when nothing before it reads
 * as an address (a manager's name); without
 * what OCR set beside it, letter–digit confusions repaired. What reads as an address is language-neutral (a house
 * number, a postcode, a country) plus the street, building and area words of the loaded languages
 * ({@link Labels.Kind#ADDRESS}: "Street", "Jalan", "Straße"). Immutable and thread-safe.
 */
final class AddressRules {
    /**
     * "SITE: 2395", "OUTLET:03-…", "PREPAY CHIT NUMBER: 12091": a labelled value, where an address has no label
     * (unless the label is a street word: "LOT: 12", "UNIT: 3").
     */
    private static final Pattern LABELLED_VALUE = Pattern.compile("^[\\p{L} .]{2,25}\\s*:\\s*\\S");
    /** A row of a postcode alone or with its town: "47301", "480 KL", "10115 BERLIN". */
    private static final Pattern POSTCODE_ROW = Pattern.compile("^\\d{3,6}(?:\\s+\\p{L}[\\p{L} .'-]*)?[.,]?$");
    private static final Pattern PHONE_LABEL = Pattern.compile("(?<![A-Z.])(?:T|F|P|TEL|PH)\\s*[:.]\\s*\\+?\\(?\\d{2,4}\\)?[\\s-]?\\d{3,}");
    /**
     * Eight digits or more in a run: a tax or company registration, a phone number, a receipt number. No address
     * prints one (postcodes run to six or seven digits, house numbers to a few); its row ends the address even when
     * OCR garbled the label ("6ST ID. NO s 000181747712", ": 03-55695002/5003").
     */
    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{8,}");
    private static final Pattern PHONE = Pattern.compile("(?:\\+?\\d{1,3}[\\s-]?)?\\(?\\d{2,4}\\)?[\\s-]\\d{3,4}[\\s-]?\\d{3,4}");
    /** A postcode-like number standing alone: "81100", "50480", "2000" (not "1.2046-0021" or "2X5.0000"). */
    private static final Pattern POSTCODE = Pattern.compile("(?<![\\d.,-])\\d{4,6}(?![\\d.,-]?\\d)");
    /** "(CO.REG:860671-D)", "(Co Re9 :750441-W)", "CO.NO.373665-A": a company number that OCR set on the address's first row. */
    private static final Pattern LEADING_REGISTRATION = Pattern.compile(
            "^\\(?\\s*(?:(?:C[O0](?:MPANY)?|R[O0]C)[\\s.-]*(?:RE[G9](?:ISTRATION)?|NO)?[\\s.]*[:.]?\\s*)?\\d{5,}\\s*-\\s*\\p{L}(?![\\p{L}\\d])\\s*\\)?[\\s,.]*(?=\\S)",
            Pattern.CASE_INSENSITIVE);
    /** A tax id or phone label that OCR set on the address's last row, and everything after it. */
    private static final Pattern TRAILING_LABEL = Pattern.compile("[\\s,.]+(?:(?:GST|SST|VAT)(?:\\s*(?:ID|NO|REG))?|TEL|FAX|PHONE)(?!\\p{L}).*$", Pattern.CASE_INSENSITIVE);
    /** "+607-357.1177" at the end of the address's last row. */
    private static final Pattern TRAILING_PHONE = Pattern.compile("[\\s,]+\\+?\\(?\\d{2,4}\\)?[-.\\s]\\d{3,4}[-.\\s]?\\d{3,4}$");
    /** What may follow an item's price: a tax code of a letter or two. */
    private static final Pattern PRICE_TAIL = Pattern.compile("\\s*(?:\\p{L}{1,2})?\\s*");
    /** A vertical bar: a table rule or a speck, never printed in an address. */
    private static final Pattern BAR = Pattern.compile("\\s*\\|+\\s*");

    /**
     * Country names in English (from the JDK's ISO 3166 list) and the forms receipts print them in, upper case.
     * Names that are also a US state or a common place or person name (Georgia, Jersey, Jordan, Chad) are left
     * out: a row ending with them need not end the address.
     */
    private static final Set<String> COUNTRIES = countries();

    private final LineJoin lineJoin;
    private final Pattern addressWord;
    private final Pattern legalForm;
    /** Tax and company registration labels of the loaded languages ("SIRET", "USt-IdNr.", "KvK", "P. IVA"). */
    private final Pattern taxId;
    /** Document titles of the loaded languages ("Invoice", "Rechnung", "Factuur"). */
    private final Pattern title;
    private final Pattern totalLabel;
    /** Invoice-number, date and customer labels of the loaded languages. */
    private final Pattern documentLabel;

    /**
     * @param lineJoin how the address's rows become one line
     * @param labels   the loaded languages, whose street words mark an address and whose legal forms mark a name row
     */
    AddressRules(LineJoin lineJoin, Labels labels) {
        this.lineJoin = lineJoin;
        this.addressWord = labels.pattern(Labels.Kind.ADDRESS);
        this.legalForm = labels.pattern(Labels.Kind.LEGAL_FORM);
        this.taxId = labels.pattern(Labels.Kind.TAX_ID);
        this.title = labels.pattern(Labels.Kind.TITLE);
        this.totalLabel = labels.pattern(Labels.Kind.TOTAL);
        this.documentLabel = Pattern.compile(Stream.of(Labels.Kind.INVOICE_NUMBER, Labels.Kind.DATE, Labels.Kind.DUE_DATE,
                Labels.Kind.CUSTOMER).map(kind -> "(?:" + labels.pattern(kind).pattern() + ")").collect(Collectors.joining("|")));
    }

    /**
     * "Rechnung", "FACTURE", "Rechnungsnummer 4711", "Date of issue …", "Bill to": the document's title or one of its
     * labels in a loaded language, where the sender's block ends.
     */
    private boolean documentRow(String text) {
        String folded = Labels.fold(text).strip();
        return title.matcher(folded.replaceAll("[\\W_]+$", "")).matches() || documentLabel.matcher(folded).lookingAt();
    }

    /**
     * The address: the rows under the name up to the first phone, tax id, date or notice row. When there are none
     * ("BHPETROL PERMAS JAYA 2" / "LOT PTD 101051" / "JALAN PERMAS 10/10" / … / "ESJAY FUEL ENTERPRISE": a brand,
     * the address, then the company), the rows above the name, from the first one that reads like a street line.
     */
    Field<String> storeAddress(List<Row> rows, int nameRow) {
        return storeAddress(rows, nameRow, null);
    }

    /**
     * The address under {@code name} (may be null): when the name stands in a column of its own (the issuer's block
     * right of a customer's, "BILL TO … FROM …"), the address is read down that column, and ends where it does.
     */
    Field<String> storeAddress(List<Row> rows, Field<String> name) {
        return name == null ? storeAddress(rows, -1) : storeAddress(rows, name.row(), column(rows, name));
    }

    private Field<String> storeAddress(List<Row> rows, int nameRow, TextLine.Span column) {
        Field<String> below = storeAddress(rows, nameRow + 1, Math.min(rows.size(), nameRow + 9), false, column);
        return below != null || nameRow < 2 ? below : storeAddress(rows, 0, nameRow, true, null);
    }

    /**
     * The column the name stands in, when it is not the page's left one: a cell after the first on its row, or a
     * row's only cell that starts right of the page's middle (measured from the rows' left margin). Null otherwise.
     */
    private static TextLine.Span column(List<Row> rows, Field<String> name) {
        TextLine line = rows.get(name.row()).line();
        if (line.spans() == null || line.spans().size() != line.cells().size()) {
            return null;
        }
        String folded = Labels.fold(name.value());
        for (int cell = 0; cell < line.cells().size(); cell++) {
            String printed = Labels.fold(line.cells().get(cell));
            if (!printed.contains(folded) && !folded.contains(printed.strip())) {
                continue;
            }
            TextLine.Span span = line.spans().get(cell);
            if (cell > 0) {
                return span;
            }
            List<List<TextLine.Span>> placed = rows.stream().map(row -> row.line().spans())
                    .filter(spans -> spans != null && !spans.isEmpty()).toList();
            int margin = placed.stream().mapToInt(spans -> spans.get(0).left()).min().orElse(0);
            int right = placed.stream().mapToInt(spans -> spans.get(spans.size() - 1).right()).max().orElse(0);
            return span.left() - margin > (right - margin) / 2 ? span : null;
        }
        return null;
    }

    /** The cell of {@code row} that stands in {@code column}, the row's first cell with no column; null when none does. */
    private static String cellIn(Row row, TextLine.Span column) {
        if (column == null) {
            return row.head();
        }
        List<TextLine.Span> spans = row.line().spans();
        if (spans == null || spans.size() != row.line().cells().size()) {
            return null;
        }
        for (int cell = 0; cell < spans.size(); cell++) {
            if (spans.get(cell).standsIn(column, row.line().height())) {
                return row.line().cells().get(cell);
            }
        }
        return null;
    }

    private Field<String> storeAddress(List<Row> rows, int from, int to, boolean above, TextLine.Span column) {
        List<String> parts = new ArrayList<>();
        double confidence = 1.0;
        int first = -1;
        Passed passed = null;
        for (int index = from; index < to; index++) {
            Row row = rows.get(index);
            String cell = cellIn(row, column);
            if (cell == null) {
                // nothing in the issuer's column: its block has ended, or not yet begun
                if (!parts.isEmpty()) {
                    break;
                }
                continue;
            }
            // "Remit to: 3900 Industrial Pkwy, …", "Adresse : 8 rue …": a label before the address is not part of it
            String head = labelledAddress(cell.strip());
            String text = head.toUpperCase(java.util.Locale.ROOT);
            if (above && parts.isEmpty() && !hasAddressWord(text) && !text.matches("\\d.*")) {
                continue;
            }
            // "47301" or "480 KL" under the street rows is the postcode (and town), not a registration number
            boolean postcode = !parts.isEmpty() && POSTCODE_ROW.matcher(text).matches();
            boolean contactRow = PHONE.matcher(text).matches() || contact(text);
            boolean stop = NameRules.HEADER_STOP.matcher(Labels.fold(text)).find() || NameRules.HEADING.matcher(text).matches()
                    || !PrintedDate.findAll(text).isEmpty() || contactRow
                    || NameRules.REGISTRATION.matcher(text).matches() && !postcode || DateTimeRules.TIME.matcher(text).find() && text.contains(":")
                    || PHONE_LABEL.matcher(text).find() || labelled(text) || NameRules.NOTICE.matcher(text).find()
                    || LONG_NUMBER.matcher(text).find() || !row.amounts().isEmpty() && (AmountRules.TOTAL_WORD.matcher(text).find() || totalLabel.matcher(Labels.fold(text)).find())
                    || taxId.matcher(Labels.fold(text)).lookingAt() || priced(text) || documentRow(text);
            // "(MUTIARA RINI 16)", "(FORMERLY …)": a branch or former name in brackets under the name, not the address
            boolean bracketed = text.strip().matches("\\(.*\\)[\\s.,]*");
            if (parts.isEmpty() && (stop || bracketed || legalForm.matcher(Labels.fold(text)).find() || Row.letters(text) < 2)) {
                // Registration numbers, tax ids and a date often sit between the name and the address.
                if (index - from >= 4) {
                    break;
                }
                continue;
            }
            if (stop) {
                // "Manager JOHN SMITH" / "(479) 273-4400" / "2110 W WALNUT ST": nothing before the contact row was an
                // address; the rows after it may be
                if (index - from < 4 && contactRow
                        && parts.stream().noneMatch(part -> part.matches(".*\\d.*") || readsLikeAddress(part))) {
                    passed = new Passed(List.copyOf(parts), confidence, first);
                    parts.clear();
                    confidence = 1.0;
                    first = -1;
                    continue;
                }
                break;
            }
            String part = head;
            parts.add(part);
            confidence = Math.min(confidence, row.line().confidence());
            if (first < 0) {
                first = index;
            }
            // The country is an address's last line; a mall or branch name printed under it is not the address.
            if (parts.size() >= 6 || (parts.size() >= 2 || part.matches(".*\\d.*")) && endsWithCountry(part)
                    || UsAddresses.endsWithStateAndZip(part)) {
                break;
            }
        }
        if (parts.isEmpty() && passed != null) {
            // no address after the contact row: what came before it is all there is ("DAISO JAPAN, IOI MALL")
            parts.addAll(passed.parts());
            confidence = passed.confidence();
            first = passed.first();
        }
        // Branch names, slogans and "formerly known as" rows come before the street line; the street line has a number.
        while (parts.size() > 1 && !parts.get(0).matches(".*\\d.*") && !hasAddressWord(parts.get(0))
                && parts.subList(1, parts.size()).stream().anyMatch(part -> part.matches(".*\\d.*"))) {
            parts.remove(0);
            first++;
        }
        if (parts.isEmpty()) {
            return null;
        }
        String joined = MisreadingRepairs.repairMisreadings(lineJoin.join(parts), true);
        // a text layer's full stops are printed ones (its rows' confidence is 1); OCR's may be thinned commas
        String address = trimAddress(confidence < 1 ? commasForPeriods(joined) : joined);
        // One short line after the name is as likely a slogan as an address.
        double strength = parts.size() >= 2 || address.matches(".*\\d.*") ? 0.85 : 0.5;
        if (!readsLikeAddress(address)) {
            strength *= 0.5; // item rows or a name read as the address: let another reading outvote it
        }
        return new Field<>(address, first, confidence * strength);
    }

    /**
     * "VITAMIN D3 2000IU 8.79", "BANANA EACH 0.29 F": a row that ends with an amount (and perhaps a tax code) is an
     * item or a total, never an address row.
     */
    private static boolean priced(String text) {
        PrintedAmount last = PrintedAmount.last(text);
        return last != null && PRICE_TAIL.matcher(text.substring(last.end())).matches();
    }

    /**
     * "Minneapolis Uptown - 612-555-0101": a branch or a name with a phone number after it, nothing of an address
     * before the number.
     */
    private boolean contact(String text) {
        Matcher phone = TRAILING_PHONE.matcher(text);
        if (!phone.find()) {
            return false;
        }
        String before = text.substring(0, phone.start());
        return !before.matches(".*\\d.*") && !readsLikeAddress(before);
    }

    /** The rows taken before a contact row, which the rows after it may replace. */
    private record Passed(List<String> parts, double confidence, int first) {
    }

    /** Whether text has what addresses have: a street word of the loaded languages, a postcode or a country. */
    boolean readsLikeAddress(String text) {
        return hasAddressWord(text) || POSTCODE.matcher(text).find() || endsWithCountry(text);
    }

    /** Whether text holds a street, building or area word of the loaded languages. */
    private boolean hasAddressWord(String text) {
        return addressWord.matcher(Labels.fold(text)).find();
    }

    /**
     * The value of a labelled row when it is an address with a house number ("Remit to: 3900 Industrial Pkwy, Columbus,
     * OH 43228" gives the street and town), else the row as printed.
     */
    private String labelledAddress(String head) {
        Matcher label = LABELLED_VALUE.matcher(head);
        if (!label.find() || !labelled(head)) {
            return head;
        }
        String value = head.substring(label.end() - 1).strip();
        boolean numbered = value.matches(".*\\d.*");
        boolean contactLabel = NameRules.HEADER_STOP.matcher(Labels.fold(head.substring(0, label.end() - 1))).find();
        return numbered && !contactLabel && (hasAddressWord(value) || UsAddresses.hasStateAndZip(value)) ? value : head;
    }

    /** A labelled value ("SITE: 2395"), not a street line that prints a colon ("LOT: 12"). */
    private boolean labelled(String text) {
        return LABELLED_VALUE.matcher(text).find() && !addressWord.matcher(Labels.fold(text)).lookingAt();
    }

    /** A full stop and what follows it: spaces, then a letter or digit. */
    private static final Pattern PERIOD_BEFORE_WORD = Pattern.compile("\\.(?=(\\s*)[\\p{L}\\d])");
    /** The letters or the digits that end the text before a full stop. */
    private static final Pattern LAST_RUN = Pattern.compile("(?:\\p{L}+|\\d+)$");

    /**
     * An address's commas that OCR read as full stops: thermal print thins a comma's tail away, so "NO 4.JALAN
     * PERJIRANAN 10. TAMAN AIR BIRU. 81700" is "NO 4,JALAN PERJIRANAN 10, TAMAN AIR BIRU, 81700". A full stop
     * between the parts of an address, after a number or a word of four letters or more and before another part, is
     * read as the comma it almost always is. Only for text OCR read: a text layer's full stops are printed. Left as
     * printed: after an initial or an abbreviation of up to three letters ("P.T.", "NO.5", "JLN. IPOH", "ST. JOHN")
     * or a word ending in one of the loaded street words ("BLVD.", "Hauptstr."), between two words run together (a
     * web address: "SHOP.COM"), between digits ("5.5"), and at the end.
     */
    String commasForPeriods(String address) {
        return PERIOD_BEFORE_WORD.matcher(address).replaceAll(period -> {
            Matcher before = LAST_RUN.matcher(address.substring(0, period.start()));
            if (!before.find()) {
                return "."; // after punctuation or a space: not between two parts
            }
            String run = before.group();
            boolean spaced = !period.group(1).isEmpty();
            char next = address.charAt(period.end() + period.group(1).length());
            boolean comma = Character.isDigit(run.charAt(0))
                    ? spaced || !Character.isDigit(next) // "4.JALAN", "10. TAMAN"; never "5.5"
                    : run.length() >= 4 && (spaced || Character.isDigit(next)) // "BIRU. 81700", "Damansara.47301"
                    && !endsWithAddressWord(run);
            return comma ? "," : ".";
        });
    }

    /** Whether a word ends with a street word of the loaded languages: "Blvd", "Hauptstr" ("-str."). */
    private boolean endsWithAddressWord(String word) {
        Matcher street = addressWord.matcher(Labels.fold(word));
        while (street.find()) {
            if (street.end() == word.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The address without what OCR set on its first or last row beside it: a company number before it, a tax id
     * or phone label and its value after it, a phone number at its end, and stray vertical bars.
     */
    static String trimAddress(String address) {
        String trimmed = BAR.matcher(address).replaceAll(" ").strip();
        trimmed = LEADING_REGISTRATION.matcher(trimmed).replaceFirst("");
        Matcher label = TRAILING_LABEL.matcher(trimmed);
        if (label.find() && label.start() >= 10) {
            trimmed = trimmed.substring(0, label.start());
        }
        Matcher phone = TRAILING_PHONE.matcher(trimmed);
        if (phone.find() && phone.start() >= 10) {
            trimmed = trimmed.substring(0, phone.start());
        }
        return trimmed.strip();
    }

    private static Set<String> countries() {
        Set<String> names = new HashSet<>();
        for (String code : Locale.getISOCountries()) {
            names.add(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT));
        }
        names.addAll(List.of("USA", "U.S.A", "U.S.", "UNITED STATES OF AMERICA", "UK", "U.K", "GREAT BRITAIN", "ENGLAND", "SCOTLAND",
                "WALES", "NORTHERN IRELAND", "DEUTSCHLAND", "ÖSTERREICH", "SCHWEIZ", "SUISSE", "SVIZZERA", "ESPAÑA", "ITALIA",
                "NEDERLAND", "BELGIQUE", "BELGIË", "POLSKA", "ČESKO", "SVERIGE", "NORGE", "DANMARK", "SUOMI", "PORTUGAL"));
        names.removeAll(List.of("GEORGIA", "JERSEY", "JORDAN", "CHAD"));
        return Set.copyOf(names);
    }

    /** Whether {@code words} (letters and single spaces) is a country's name: "MALAYSIA", "DEUTSCHLAND". */
    static boolean isCountry(String words) {
        return COUNTRIES.contains(words.toUpperCase(Locale.ROOT));
    }

    /** Whether the row ends with a country name ("…, 56000 KUALA LUMPUR, MALAYSIA."). */
    static boolean endsWithCountry(String row) {
        String text = row.toUpperCase(Locale.ROOT).replaceAll("[\\s.,;:]+$", "");
        for (String country : COUNTRIES) {
            if (text.endsWith(country)) {
                int before = text.length() - country.length() - 1;
                if (before < 0 || !Character.isLetterOrDigit(text.charAt(before))) {
                    return true;
                }
            }
        }
        return false;
    }
}
