package dev.ledgerlens.extract.offline.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's or vendor's name: in the top block (before the first date or amount), skipping headings, notices,
 * registration numbers and contact rows; a row with a legal form wins, unless a trading-name row (one with a business
 * word) is printed above it; a legal form wrapped onto its own row is joined to the row (or two) above. The legal forms
 * and business words are those of the loaded languages ({@link Labels.Kind#LEGAL_FORM}, {@link Labels.Kind#BUSINESS}):
 * without them the name is the first row that can be one. Never a name: a row of business words with perhaps a store
 * number ("STORE #118"), or a street line ("1420 W Lincoln Ave"); no name is better than a street. Also owns the
 * vocabulary of a document's header that the address, item and customer rules stop at. Immutable and thread-safe.
 */
final class NameRules {
    /** Words that join a name to its legal form ("POPULAR BOOK" / "CO. (M) SDN BHD"), and single letters ("(M)"). */
    private static final Pattern JOINING_WORDS = Pattern.compile("(?<!\\p{L})(?:CO|COMPANY|&|AND|\\p{L})(?!\\p{L})");

    private final Pattern legalForm;
    private final Pattern business;
    /** Street, building and area words of the loaded languages: with a house number before them, a street line. */
    private final Pattern address;

    /** @param labels the loaded languages, whose legal forms and business words mark a name */
    NameRules(Labels labels) {
        this.legalForm = labels.pattern(Labels.Kind.LEGAL_FORM);
        this.business = labels.pattern(Labels.Kind.BUSINESS);
        this.address = labels.pattern(Labels.Kind.ADDRESS);
    }

    /** Rows in the top block that are headings or notices, not the business name. */
    static final Pattern HEADING = Pattern.compile(
            "^(?:\\W*)(?:SIMPLIFIED\\s*)?(?:TAX\\s*|COMMERCIAL\\s+|PROFORMA\\s+|PRO-FORMA\\s+)?(?:INVOICE|RECEIPT|BILL|CASH\\s*BILL|CASH\\s*SALES?|CASH\\s*RECEIPT|"
                    + "OFFICIAL\\s+RECEIPT|SALES\\s+RECEIPT|ORDER|CREDIT\\s+NOTE|DEBIT\\s+NOTE|QUOTATION|STATEMENT|COPY|CUSTOMER\\s+COPY|MERCHANT\\s+COPY|"
                    + "DUPLICATE|REPRINT|ORIGINAL|WELCOME.*|THANK\\s*YOU.*|FROM|SELLER|VENDOR|SUPPLIER)(?:\\W*)$");
    /** Notices printed around the name: not a name, not an address. */
    static final Pattern NOTICE = Pattern.compile(
            "THANK\\s*YOU|GOODS\\s*SOLD|RETURNABLE|EXCHANGEABLE|WELCOME|PLEASE\\s*COME|CARRY\\s*OUT|FORMERLY\\s*KNOWN|LICENSEE\\s*OF");
    /** Contact, registration and document-label rows: where the shop's header block (name, address) ends. */
    static final Pattern HEADER_STOP = Pattern.compile(
            "(?<!\\p{L})(?:TEL|TELEPHONE|PHONE|OUTLET|CARELINE|HOTLINE|FAX|H/P|HP|MOBILE|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|SST|TAX\\s*ID|REG(?:ISTRATION)?\\.?\\s*NO|CO\\.?\\s*REG|"
                    + "COMPANY\\s*(?:NO|REG)|ROC|BUSINESS\\s*NO|ABN|TIN|EIN|PO\\s*(?:NO|NUMBER|#)|P\\.O\\.(?!\\s*BOX)|PURCHASE\\s*ORDER|INVOICE|RECEIPT|BILL\\s*(?:NO|TO)|DOC(?:UMENT)?\\s*NO|CASHIER|SALESPERSON|TABLE|"
                    + "TERMINAL|POS|SLIP|TRANS|DATE|TIME|MEMBER|CUSTOMER|ORDER|QTY|ITEM|DESCRIPTION|CHECK)(?!\\p{L})|\\S@\\S|\\.COM\\b");
    /** A company or tax registration printed on its own row: "(860671-D)", "CO REG : 860671-D", "GST ID NO: 0003…". */
    static final Pattern REGISTRATION = Pattern.compile(
            "^[\\W_]*(?:(?:CO\\.?|COMPANY|ROC|BR|BUSINESS|GST|SST|VAT|TAX|TIN|ABN)\\.?[\\s-]*)?(?:REG(?:ISTRATION)?\\.?|ID|REF)?\\s*(?:NO\\.?|NUMBER|#)?\\s*[:.]?\\s*"
                    + "\\(?\\s*[A-Z]{0,3}\\s*\\d[\\d\\s-]{2,}[A-Z]{0,3}\\s*\\)?[\\W_]*$");

    /** The name, or null when the top block holds no row that can be one. */
    Field<String> storeName(List<Row> rows) {
        int limit = Math.min(rows.size(), 12);
        // The business name is printed before any date, item or total; stop looking there.
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            if (!PrintedDate.findAll(row.line().text()).isEmpty() || (!row.amounts().isEmpty() && index > 0)) {
                limit = Math.max(index, 1);
                break;
            }
        }
        Field<String> weak = null;
        Field<String> first = null;
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            if (!isNameCandidate(row)) {
                continue;
            }
            String head = row.head();
            // folded: the vocabulary's form, and one character for one, so that its indices are the printed row's
            String headFolded = Labels.fold(head);
            if (generic(headFolded)) {
                continue; // "STORE #118", "SUPERMARKET": a kind of business, not a name
            }
            if (streetLine(head)) {
                continue; // the shop's logo unread, its address comes first: no name is better than a street
            }
            Matcher strong = legalForm.matcher(headFolded);
            if (weak == null && business.matcher(headFolded).find()) {
                weak = new Field<>(cleanName(withContinuation(rows, index, limit)), index, row.line().confidence() * 0.8);
            }
            if (strong.find() && index > 0 && continuesAbove(headFolded.substring(0, strong.start()))
                    && isNameCandidate(rows.get(index - 1))) {
                // "POPULAR BOOK" / "CO. (M) SDN BHD": the legal form wrapped onto its own row; and "AIK HUAT HARDWARE" /
                // "ENTERPRISE (SETIA" / "ALAM) SDN BHD": over three rows when the middle one continues the first.
                Row above = rows.get(index - 1);
                String name = above.head().strip() + " " + head.substring(0, strong.end()).strip();
                double sureness = Math.min(above.line().confidence(), row.line().confidence());
                if (index > 1 && continuesAbove(Labels.fold(above.head())) && isNameCandidate(rows.get(index - 2))
                        && !legalForm.matcher(Labels.fold(rows.get(index - 2).head())).find()) {
                    Row top = rows.get(index - 2);
                    name = top.head().strip() + " " + name;
                    sureness = Math.min(sureness, top.line().confidence());
                }
                return new Field<>(cleanName(name), index, sureness * 0.9);
            }
            if (strong.find(0) && Row.letters(headFolded.substring(0, strong.start())) >= 2) {
                if (weak != null && weak.row() < index) {
                    // A trading name printed above the legal entity is the name customers know.
                    return weak;
                }
                String name = head.substring(0, strong.end()).strip();
                return new Field<>(cleanName(name), index, row.line().confidence() * 0.95);
            }
            if (first == null) {
                first = new Field<>(cleanName(withContinuation(rows, index, limit)), index, row.line().confidence() * 0.7);
            }
        }
        return weak != null ? weak : first;
    }

    /** A row of business words alone, with perhaps a store number: "STORE #118", "Store 2207", "SUPERMARKET", "CAFE & BAKERY". */
    private boolean generic(String folded) {
        return Row.letters(STORE_NUMBER.matcher(business.matcher(folded).replaceAll(" ")).replaceAll(" ")) == 0;
    }

    /** "#118", "NO. 12", "2207": a branch's number. */
    private static final Pattern STORE_NUMBER = Pattern.compile("(?:#|(?<!\\p{L})NO\\.?)?\\s?\\d{1,6}");

    /** A house number, then a word: how a street line starts ("1420 W Lincoln Ave", "12 Main St"). */
    private static final Pattern HOUSE_NUMBER_FIRST = Pattern.compile("^\\d{1,5}\\p{L}?,?\\s+\\p{L}");
    /** A house number after a unit and a comma: "Shop 3, 88 Church Street", "Unit 4, 12 High St". */
    private static final Pattern HOUSE_NUMBER_AFTER_UNIT = Pattern.compile("^\\p{L}+\\.?\\s*\\d{1,5}\\p{L}?\\s*,\\s*\\d{1,5}\\p{L}?\\s+\\p{L}");

    /**
     * "1420 W Lincoln Ave", "Anaheim, CA 92801": a house number and a street word of a loaded language, or a US state
     * and ZIP code at the end, with no legal form: an address row, not a name.
     */
    boolean streetLine(String head) {
        String folded = Labels.fold(head);
        if (legalForm.matcher(folded).find()) {
            return false;
        }
        return (HOUSE_NUMBER_FIRST.matcher(head.strip()).lookingAt() || HOUSE_NUMBER_AFTER_UNIT.matcher(head).find())
                && address.matcher(folded).find() || UsAddresses.endsWithStateAndZip(head);
    }

    /** The row's text, plus the next row when the name visibly runs on ("HARDWARE &" / "ELECTRICAL"). */
    private static String withContinuation(List<Row> rows, int index, int limit) {
        String text = rows.get(index).head().strip();
        if (text.matches(".*(?:&|\\bAND|,)$") && index + 1 < Math.max(limit, index + 2) && index + 1 < rows.size()
                && isNameCandidate(rows.get(index + 1)) && !rows.get(index + 1).headUpper().matches(".*\\d.*")) {
            return text + " " + rows.get(index + 1).head().strip();
        }
        return text;
    }

    /**
     * The words before a legal form (folded) continue the row above: a business word, none but joining words and
     * a country ("CO. (M) SDN BHD", "(MALAYSIA) SDN BHD"), or a bracket closed but not opened.
     */
    private boolean continuesAbove(String beforeSuffix) {
        if (business.matcher(beforeSuffix.strip()).lookingAt()) {
            return true;
        }
        String rest = JOINING_WORDS.matcher(beforeSuffix).replaceAll(" ").replaceAll("[^\\p{L}]+", " ").strip();
        boolean unopened = beforeSuffix.indexOf(')') >= 0 && (beforeSuffix.indexOf('(') < 0 || beforeSuffix.indexOf('(') > beforeSuffix.indexOf(')'));
        return rest.replace(" ", "").length() < 2 || AddressRules.isCountry(rest) || unopened;
    }

    private static boolean isNameCandidate(Row row) {
        String text = row.headUpper();
        int letters = Row.letters(text);
        if (letters < 3 || letters < text.replaceAll("[^\\p{L}\\d]", "").length() * 0.5) {
            return false;
        }
        return !HEADING.matcher(text).matches() && !HEADER_STOP.matcher(text).find() && !REGISTRATION.matcher(text).matches()
                && !NOTICE.matcher(text).find();
    }

    /** "THE: TOAST": a speck after a word read as a colon; names print no colon between their words. */
    private static final Pattern STRAY_COLON = Pattern.compile("(?<=\\p{L})[:;](?=\\s+\\p{L})");

    private String cleanName(String name) {
        String cleaned = STRAY_COLON.matcher(name).replaceAll("");
        cleaned = cleaned.replaceAll("^[\\W_]+(?=\\p{L})", "").replaceAll("[\\s,;:*_-]+$", "").strip();
        cleaned = MisreadingRepairs.repairMisreadings(cleaned, false);
        // "TONYMOLY SHOP (95874))": a company number printed after the name is not part of it
        cleaned = TRAILING_COMPANY_NUMBER.matcher(cleaned).replaceFirst("");
        // "PET WORLD #1455": the branch's store number
        cleaned = TRAILING_STORE_NUMBER.matcher(cleaned).replaceFirst("");
        return withoutFinalStop(cleaned);
    }

    /**
     * A company number in brackets at the end of a name row: "(95874)", "(519537-X)", "(1234567 - K))"; five digits
     * at least, or four with a check letter, so that a year ("(1990)") stays.
     */
    private static final Pattern TRAILING_COMPANY_NUMBER =
            Pattern.compile("(?<=\\S)\\s*\\(\\s*(?:\\d{5,}(?:\\s*-\\s*\\p{Lu})?|\\d{4}\\s*-\\s*\\p{Lu})\\s*\\)+$");

    /** "#1455", "# 0412" after a name: a chain's number for the branch. */
    private static final Pattern TRAILING_STORE_NUMBER = Pattern.compile("(?<=\\p{L})\\s+#\\s?\\d{1,6}$");

    /** A word of four letters or more and a full stop at the end of a name: "RESTORAN SIAM VILLAGE." */
    private static final Pattern FINAL_STOP = Pattern.compile("(?<=\\p{L}{4})\\.$");

    /**
     * The name without a full stop after its last word, which ends a sentence, not a name ("RESTORAN SIAM
     * VILLAGE."); an abbreviation keeps its stop ("CO.", "SDN. BHD.", "Corp." and the other legal forms loaded).
     */
    private String withoutFinalStop(String name) {
        Matcher stop = FINAL_STOP.matcher(name);
        if (!stop.find()) {
            return name;
        }
        Matcher form = legalForm.matcher(Labels.fold(name));
        while (form.find()) {
            if (form.end() == name.length()) {
                return name;
            }
        }
        return name.substring(0, stop.start());
    }
}
