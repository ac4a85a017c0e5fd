package dev.ledgerlens.extract.offline;

import dev.ledgerlens.extract.RawFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layout-aware field rules: reads the fields of a receipt or invoice from its printed rows.
 * Works on {@link TextLine}s only (text plus position and OCR confidence), never on OCR types, so the same
 * rules read a PDF text layer, Tesseract output or ground-truth text.
 *
 * <p>Values are returned as printed (the amount "1.234,56" without its currency sign; the date "15/01/2019");
 * the currency is reported separately as an ISO-4217 code when a symbol or code is printed. Each field gets a
 * confidence: the OCR confidence of the row it came from times how strongly the rule that found it holds.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReceiptParser {

    /** How the rows of a multi-row address or customer block become one line. */
    public enum LineJoin {
        /** "4 Abbey Street, Bath BA1 1NN": how people type an address on one line; the project's golden files. */
        COMMA,
        /** "4 Abbey Street Bath BA1 1NN": rows run on with a space; the SROIE labels' convention. */
        SPACE
    }

    private final LineJoin lineJoin;

    public ReceiptParser(LineJoin lineJoin) {
        this.lineJoin = lineJoin;
    }

    /** A parser that joins address rows with commas. */
    public ReceiptParser() {
        this(LineJoin.COMMA);
    }

    /** The fields read, and per field (schema name) the confidence 0..1 of each non-null field. */
    public record Parsed(RawFields fields, Map<String, Double> confidence) {
    }

    // --- vocabulary -------------------------------------------------------------------------------------------

    /** "TOTAL" as OCR prints it on thermal paper: O read as 0, L as 1 or I. */
    private static final String TOTAL = "T[O0Q]T[A4]L|TOTAI|TOTA1";
    private static final Pattern TOTAL_WORD = Pattern.compile("(?<!\\p{L})(?:" + TOTAL + ")(?!\\p{L})|JUMLAH");
    /** Total labels, strongest first: the amount actually paid beats an intermediate total. */
    private static final List<Map.Entry<Pattern, Double>> TOTAL_LABELS = List.of(
            Map.entry(Pattern.compile("ROUND(?:ED|ING)?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:AFTER\\s*)?ROUND(?:ED|ING)?"), 0.97),
            Map.entry(Pattern.compile("^\\W*ROUND(?:ED|ING)?\\s*(?:\\(?RM\\)?|AMOUNT|AMT)?\\s*:?\\s*(?:\\(?RM\\)?\\s*)?[\\d.,\\s]*$"), 0.9),
            Map.entry(Pattern.compile("^\\W*(?:AMOUNT\\s*)?DUE\\b|GRAND\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*PAYABLE|AMOUNT\\s*PAYABLE|AMOUNT\\s*DUE|BALANCE\\s*DUE|(?:" + TOTAL + ")\\s*DUE"), 0.95),
            Map.entry(Pattern.compile("NET+\\s*(?:" + TOTAL + ")|NET+\\s*AMOUNT|NET+\\s*AMT|^NET+\\b"), 0.9),
            Map.entry(Pattern.compile("(?:" + TOTAL + ")\\s*(?:AMOUNT|AMT|SALES?|INCL|INCLUSIVE|\\(?RM|\\(?MYR|\\(?EUR|\\(?USD|\\(?GBP)"), 0.88),
            Map.entry(Pattern.compile("(?:" + TOTAL + ")|JUMLAH|(?:AMT|AMOUNT)\\s*PAID"), 0.85),
            Map.entry(Pattern.compile("^(?:AMOUNT|AMT)\\b|\\bTO PAY\\b|\\bPAYABLE\\b"), 0.6));
    /** Rows that say TOTAL but are not the document total. */
    private static final Pattern NOT_TOTAL = Pattern.compile(
            "SUB\\s*-?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:QTY|QUANTITY|ITEMS?|PCS|UNITS?|NO|DISC|DISCOUNT|SAVINGS?|GST|TAX|VAT|SST|EXCL)"
                    + "|EXCL|EXCLUDING|BEFORE|W/O|WITHOUT|SAVING|QTY|QUANTITY|NO\\.? OF ITEMS|POINTS?\\b|TOTAL\\s*TAX|GST SUMMARY|CHANGE|(?<!AFTER\\s{0,2})ADJ"
                    + "|^\\W*(?:GST|VAT|SST|TAX)\\b|INCLUDED\\s*(?:GST|VAT|TAX|SST)|(?:GST|VAT|TAX|SST)\\s*(?:@\\s*[\\d.]+\\s*%\\s*)?INCLUDED");
    private static final BigDecimal SMALL = new BigDecimal("0.10");
    private static final Pattern SUMMARY = Pattern.compile("(?:GST|VAT|TAX|SST)\\s*(?:SUMMARY|ANALYSIS|BREAKDOWN)|^\\W*SUMMARY\\W*$");
    private static final Pattern SUBTOTAL_LABEL = Pattern.compile(
            "SUB\\s*-?\\s*(?:" + TOTAL + ")|(?:" + TOTAL + ")\\s*(?:SALES?\\s*)?\\(?\\s*EXCL|(?:" + TOTAL + ")\\s*BEFORE|NET\\s*AMOUNT\\s*\\(?EXCL|AMOUNT\\s*EXCL");
    private static final Pattern TAX_LABEL = Pattern.compile("(?<!\\p{L})(?:GST|VAT|SST|TAX|MWST|UST|TVA|IVA|SALES TAX|SERVICE TAX|SERVICE CHARGE)(?!\\p{L})");
    private static final Pattern NOT_TAX = Pattern.compile(
            "(?:GST|VAT|SST|TAX)\\s*(?:ID|REG|NO|NUMBER|#|INVOICE)|REG\\.?\\s*NO|INCL|INCLUSIVE|EXCL|EXCLUDING|TAX\\s*INVOICE|(?:" + TOTAL + ")\\s*(?:SALES|AMOUNT)|GST SUMMARY");
    private static final Pattern RATE = Pattern.compile("(\\d{1,2}(?:[.,]\\d{1,2})?)\\s?%");
    private static final Pattern DISCOUNT_LABEL = Pattern.compile("^(?:TOTAL\\s*)?(?:DISCOUNT|DISC\\b|SAVINGS?|PROMO|COUPON|VOUCHER)");
    private static final Pattern TIP_LABEL = Pattern.compile("(?<!\\p{L})(?:TIP|TIPS|GRATUITY)(?!\\p{L})");
    private static final Pattern NON_ITEM = Pattern.compile(
            "(?<!\\p{L})(?:(?:" + TOTAL + ")|GST|VAT|SST|TAX|CASH|CHANGE|ROUND|DISCOUNT|TENDER|PAYMENT|PAID|BALANCE|VISA|MASTER|CARD|CREDIT|DEBIT|"
                    + "CHANGE|DUE|AMOUNT|SUBTOTAL|SUB TOTAL|SERVICE|DEPOSIT|REFUND|POINTS|QTY|JUMLAH|BAYAR|TUNAI|BAKI)(?!\\p{L})");
    private static final Pattern QTY_TIMES_PRICE = Pattern.compile(
            "(?<![\\d.,])(\\d{1,4}(?:[.,]\\d{1,3})?)\\s*(?:PCS?|UNITS?|EA)?\\s*(?:[X×*@]|\\bX\\b)\\s*(?:RM|\\$|€|£)?\\s*(\\d+[.,]\\d{2,3})(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile(
            "(?<![\\d.:])([01]?\\d|2[0-3])(?::([0-5]\\d)(?::([0-5]\\d))?(?:\\s*([AP])\\.?M\\.?)?|[.]([0-5]\\d)\\s*([AP])\\.?M\\.?)(?![\\d])",
            Pattern.CASE_INSENSITIVE);

    /** Company-form suffixes that end a business name; strong ones are legal forms. */
    private static final Pattern STRONG_SUFFIX = Pattern.compile(
            "(?<!\\p{L})(?:SDN\\.?\\s*BHD\\.?|SDN\\.?\\s*BND|S/B|BHD\\.?|BERHAD|PTE\\.?\\s*LTD\\.?|PTY\\.?\\s*LTD\\.?|CO\\.?,?\\s*LTD\\.?|LTD\\.?|LIMITED|GMBH|"
                    + "INC\\.?|LLC|L\\.L\\.C\\.|PLC|CORP\\.?|CORPORATION|S\\.A\\.|S\\.L\\.|SARL|S\\.R\\.L\\.|SRL|B\\.V\\.|N\\.V\\.|AG|KG|OY|AB|LLP)(?!\\p{L})");
    private static final Pattern WEAK_SUFFIX = Pattern.compile(
            "(?<!\\p{L})(?:ENTERPRISES?|TRADING|HOLDINGS?|INDUSTRIES|COMPANY|& CO\\.?|RESTAURANT|RESTORAN|CAFE|BAKERY|HARDWARE|"
                    + "SUPERMARKET|MINIMARKET|MART|STORE|STORES|SHOP|PHARMACY|STATIONERY|BOOKSTORE|KEDAI|PERNIAGAAN|SUPPLY|SUPPLIES|SERVICES)(?!\\p{L})");
    /** Rows in the top block that are headings or notices, not the business name. */
    private static final Pattern HEADING = Pattern.compile(
            "^(?:\\W*)(?:SIMPLIFIED\\s*)?(?:TAX\\s*|COMMERCIAL\\s+|PROFORMA\\s+|PRO-FORMA\\s+)?(?:INVOICE|RECEIPT|BILL|CASH\\s*BILL|CASH\\s*SALES?|CASH\\s*RECEIPT|"
                    + "OFFICIAL\\s+RECEIPT|SALES\\s+RECEIPT|ORDER|CREDIT\\s+NOTE|DEBIT\\s+NOTE|QUOTATION|STATEMENT|COPY|CUSTOMER\\s+COPY|MERCHANT\\s+COPY|"
                    + "DUPLICATE|REPRINT|ORIGINAL|WELCOME.*|THANK\\s*YOU.*|FROM|SELLER|VENDOR|SUPPLIER)(?:\\W*)$");
    /** Notices printed around the name: not a name, not an address. */
    private static final Pattern NOTICE = Pattern.compile(
            "THANK\\s*YOU|GOODS\\s*SOLD|RETURNABLE|EXCHANGEABLE|WELCOME|PLEASE\\s*COME|CARRY\\s*OUT|FORMERLY\\s*KNOWN|LICENSEE\\s*OF");
    /** "SITE: 2395", "OUTLET:03-…", "PREPAY CHIT NUMBER: 12091": a labelled value, where an address has no label. */
    private static final Pattern LABELLED_VALUE = Pattern.compile("^(?!(?:NO|LOT|UNIT|BLOCK|BLK|LEVEL|SUITE)\\b)[\\p{L} .]{2,25}\\s*:\\s*\\S");
    private static final Pattern HEADER_STOP = Pattern.compile(
            "(?<!\\p{L})(?:TEL|TELEPHONE|PHONE|OUTLET|CARELINE|HOTLINE|FAX|H/P|HP|MOBILE|EMAIL|E-MAIL|WWW|HTTP|GST|VAT|SST|TAX\\s*ID|REG(?:ISTRATION)?\\.?\\s*NO|CO\\.?\\s*REG|"
                    + "COMPANY\\s*(?:NO|REG)|ROC|BUSINESS\\s*NO|ABN|TIN|EIN|PO\\s*(?:NO|NUMBER|#)|P\\.O\\.|PURCHASE\\s*ORDER|INVOICE|RECEIPT|BILL\\s*(?:NO|TO)|DOC(?:UMENT)?\\s*NO|CASHIER|SALESPERSON|TABLE|"
                    + "TERMINAL|POS|SLIP|TRANS|DATE|TIME|MEMBER|CUSTOMER|ORDER|QTY|ITEM|DESCRIPTION|CHECK)(?!\\p{L})|\\S@\\S|\\.COM\\b");
    /** A company or tax registration printed on its own row: "(860671-D)", "CO REG : 860671-D", "GST ID NO: 0003…". */
    private static final Pattern REGISTRATION = Pattern.compile(
            "^[\\W_]*(?:(?:CO\\.?|COMPANY|ROC|BR|BUSINESS|GST|SST|VAT|TAX|TIN|ABN)\\.?[\\s-]*)?(?:REG(?:ISTRATION)?\\.?|ID|REF)?\\s*(?:NO\\.?|NUMBER|#)?\\s*[:.]?\\s*"
                    + "\\(?\\s*[A-Z]{0,3}\\s*\\d[\\d\\s-]{2,}[A-Z]{0,3}\\s*\\)?[\\W_]*$");
    private static final Pattern ADDRESS_WORD = Pattern.compile(
            "(?<!\\p{L})(?:NO|LOT|JALAN|JLN|STREET|ST|ROAD|RD|AVENUE|AVE|LANE|WAY|DRIVE|DR|BOULEVARD|BLVD|PLAZA|LEVEL|FLOOR|FLR|BLOCK|BLK|UNIT|SUITE|"
                    + "BUILDING|BANGUNAN|TAMAN|TMN|STRASSE|STR|RUE|VIA|CALLE|PLATZ|WEG|ROUTE|AUTOROUTE|HIGHWAY|HWY|LORONG|LRG|PERSIARAN|"
                    + "LEBUHRAYA|AVENIDA|CHEMIN|PLACE)(?!\\p{L})");
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
    private static final Pattern CURRENCY = Pattern.compile(
            "(?<!\\p{L})(RM|MYR|USD|US\\$|EUR|GBP|SGD|S\\$|AUD|A\\$|CAD|C\\$|CHF|JPY|INR|IDR|THB|PHP|HKD|NZD|CNY|RMB)(?!\\p{L})|([€£$¥₹])");
    private static final List<Map.Entry<Pattern, String>> PAYMENT = List.of(
            Map.entry(Pattern.compile("(?<!\\p{L})(?:VISA|MASTERCARD|MASTER CARD|MASTER|AMEX|AMERICAN EXPRESS|DINERS|MAESTRO|UNIONPAY|JCB)(?!\\p{L})"), "card"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:CREDIT CARD|DEBIT CARD|EC-KARTE|EC KARTE|GIROCARD|KARTE|CARTE BANCAIRE|CARTE|TARJETA|CARD|CREDIT|DEBIT|EFTPOS|CONTACTLESS)(?!\\p{L})"), "card"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:BANK TRANSFER|WIRE TRANSFER|TRANSFER|BACS|SEPA|IBAN|CHEQUE|CHECK NO)(?!\\p{L})"), "transfer"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:E-?WALLET|GRABPAY|BOOST|TOUCH ?N ?GO|PAYPAL|APPLE PAY|GOOGLE PAY|ALIPAY|WECHAT)(?!\\p{L})"), "wallet"),
            Map.entry(Pattern.compile("(?<!\\p{L})(?:CASH|TUNAI|BAR|BARGELD|ESPÈCES|ESPECES|EFECTIVO|CONTANTI)(?!\\p{L})"), "cash"));
    private static final Pattern INVOICE_NUMBER = Pattern.compile(
            "(?<!\\p{L})(?:INVOICE|INV|BILL|RECEIPT|RCPT)\\.?\\s*(?:NO\\.?|NUMBER|NUM|#|ID)?\\s*[:.#]?\\s*#?\\s*([A-Z0-9][A-Z0-9\\-/.]*\\d[A-Z0-9\\-/]*)");
    private static final Pattern PO_NUMBER = Pattern.compile(
            "(?<!\\p{L})(?:P\\.?\\s?O\\.?|PURCHASE\\s+ORDER|ORDER)\\s*(?:NO\\.?|NUMBER|#|REF)?\\s*[:.#]?\\s*([A-Z0-9][A-Z0-9\\-/]*\\d[A-Z0-9\\-/]*)");
    private static final Pattern VENDOR_TAX_ID = Pattern.compile(
            "(?<!\\p{L})(?:VAT|GST|SST|TAX|ABN|UST|TIN|EIN|USTID|UST-IDNR|TVA|NIF|CIF)\\.?\\s*(?:REG(?:ISTRATION)?\\.?)?\\s*(?:ID|NO|NUMBER|#|IDNR)?\\.?\\s*[:.#]?\\s*"
                    + "([A-Z]{0,3}\\s?\\d[\\dA-Z\\- ]{4,}[\\dA-Z])");
    private static final Pattern BILL_TO = Pattern.compile("^(?:BILL(?:ED)?\\s*TO|INVOICE\\s*TO|SOLD\\s*TO|CUSTOMER)\\s*[:.]?\\s*(.*)$");
    private static final Pattern TABLE_HEADER = Pattern.compile("(?<!\\p{L})(?:DESCRIPTION|ITEM|QTY|QUANTITY|UNIT PRICE|AMOUNT)(?!\\p{L})");
    private static final Pattern DUE = Pattern.compile("(?<!\\p{L})(?:DUE|PAYABLE BY|PAY BY|EXPIR)");
    private static final Pattern DATE_LABEL = Pattern.compile("(?<!\\p{L})(?:DATE|DATED|TARIKH|DATUM|FECHA)(?!\\p{L})");

    // --- parsing -----------------------------------------------------------------------------------------------

    /** Reads the fields from the rows of all pages, in reading order. */
    public Parsed parse(List<TextLine> lines) {
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            TextLine printed = lines.get(index);
            TextLine line = new TextLine(repairLegalForms(printed.text()), printed.page(), printed.top(), printed.bottom(),
                    printed.left(), printed.right(), printed.confidence(),
                    printed.cells().stream().map(ReceiptParser::repairLegalForms).toList());
            rows.add(new Row(index, line, line.text().toUpperCase(Locale.ROOT), PrintedAmount.findAll(line.text())));
        }
        Map<String, Double> confidence = new LinkedHashMap<>();

        Field<String> name = storeName(rows);
        Field<String> address = name == null ? null : storeAddress(rows, name.row());
        Field<PrintedDate> date = date(rows, false);
        Field<PrintedDate> dueDate = date(rows, true);
        Field<String> time = time(rows, date);
        Field<PrintedAmount> subtotal = labelledAmount(rows, SUBTOTAL_LABEL, null, 0.9);
        List<RawFields.TaxLine> taxLines = taxLines(rows);
        Field<PrintedAmount> tax = tax(rows, taxLines);
        Field<PrintedAmount> tip = labelledAmount(rows, TIP_LABEL, null, 0.8);
        Field<PrintedAmount> discount = labelledAmount(rows, DISCOUNT_LABEL, null, 0.8);
        Field<PrintedAmount> total = total(rows, subtotal, tax);
        String currency = currency(rows);
        Field<String> payment = paymentMethod(rows, total);
        Field<String> invoiceNumber = firstGroup(rows, INVOICE_NUMBER, 0.85);
        Field<String> poNumber = firstGroup(rows, PO_NUMBER, 0.85);
        Field<String> vendorTaxId = vendorTaxId(rows);
        Field<String> billTo = billTo(rows);
        int itemsEnd = total != null ? total.row() : rows.size();
        if (subtotal != null) {
            itemsEnd = Math.min(itemsEnd, subtotal.row());
        }
        List<RawFields.Item> items = items(rows, date, name, itemsEnd);
        boolean invoice = rows.stream().anyMatch(row -> row.upper.matches(".*(?<!\\p{L})(?:INVOICE|BILL)(?!\\p{L}).*"));

        put(confidence, "store_name", name);
        put(confidence, "store_address", address);
        put(confidence, "date", date);
        put(confidence, "due_date", dueDate);
        put(confidence, "time", time);
        put(confidence, "subtotal", subtotal);
        put(confidence, "tax", tax);
        put(confidence, "tip", tip);
        put(confidence, "discount", discount);
        put(confidence, "total", total);
        put(confidence, "payment_method", payment);
        put(confidence, "invoice_number", invoiceNumber);
        put(confidence, "po_number", poNumber);
        put(confidence, "vendor_tax_id", vendorTaxId);
        put(confidence, "bill_to", billTo);
        if (currency != null) {
            confidence.put("currency", 0.9);
        }
        confidence.put("document_type", 0.8);

        RawFields fields = new RawFields(invoice ? "invoice" : "receipt",
                value(name), value(address),
                date == null ? null : date.value().printed(), value(time), items,
                amount(subtotal), amount(tax), amount(tip), amount(discount), amount(total),
                currency, value(payment), value(invoiceNumber),
                dueDate == null ? null : dueDate.value().printed(), value(vendorTaxId), value(billTo), value(poNumber), taxLines);
        return new Parsed(fields, confidence);
    }

    /** {@link #combine(List, List)} with every pass's vote worth its confidence alone. */
    public static Parsed combine(List<Parsed> passes) {
        return combine(passes, java.util.Collections.nCopies(passes.size(), Map.of()));
    }

    /**
     * Combines readings of the same document (OCR passes with different segmentation or different recognisers):
     * per field, the value whose readings add up to the most votes wins, so two passes that agree beat one that is
     * more sure alone. A reading's vote is its confidence times its pass's weight for the field ({@code weights},
     * one map per pass, 1 when absent), which lets a recogniser known to read some fields better count for more
     * there. Names and addresses are compared without case and spacing (one recogniser may drop the spaces
     * another keeps), and the winner is written as the earliest pass in the group wrote it. The reported
     * confidence ignores the weights. Items and tax lines come from the pass whose total won.
     */
    public static Parsed combine(List<Parsed> passes, List<Map<String, Double>> weights) {
        if (passes.size() == 1) {
            return passes.get(0);
        }
        Map<String, Double> confidence = new LinkedHashMap<>();
        Map<String, String> chosen = new HashMap<>();
        Map<String, Integer> source = new HashMap<>();
        for (String field : SCALAR_FIELDS) {
            boolean loose = LOOSE_FIELDS.contains(field);
            Map<String, Double> votes = new LinkedHashMap<>();
            Map<String, Double> best = new HashMap<>();
            Map<String, Double> total = new HashMap<>();
            Map<String, Integer> firstPass = new HashMap<>();
            for (int pass = 0; pass < passes.size(); pass++) {
                String value = scalar(passes.get(pass).fields(), field);
                if (value == null) {
                    continue;
                }
                String key = loose ? value.replaceAll("\\s+", "").toUpperCase(Locale.ROOT) : value;
                double sureness = passes.get(pass).confidence().getOrDefault(field, 0.5);
                votes.merge(key, sureness * weights.get(pass).getOrDefault(field, 1.0), Double::sum);
                best.merge(key, sureness, Math::max);
                total.merge(key, sureness, Double::sum);
                firstPass.putIfAbsent(key, pass);
            }
            votes.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(winner -> {
                String key = winner.getKey();
                int pass = firstPass.get(key);
                chosen.put(field, scalar(passes.get(pass).fields(), field));
                source.put(field, pass);
                // Agreement between independent readings makes a field surer than either reading.
                confidence.put(field, Math.min(1.0, best.get(key) + (total.get(key) - best.get(key)) * 0.5));
            });
        }
        RawFields from = passes.get(source.getOrDefault("total", 0)).fields();
        RawFields fields = new RawFields(chosen.get("document_type"), chosen.get("store_name"), chosen.get("store_address"),
                chosen.get("date"), chosen.get("time"), from.items(), chosen.get("subtotal"), chosen.get("tax"), chosen.get("tip"),
                chosen.get("discount"), chosen.get("total"), chosen.get("currency"), chosen.get("payment_method"),
                chosen.get("invoice_number"), chosen.get("due_date"), chosen.get("vendor_tax_id"), chosen.get("bill_to"),
                chosen.get("po_number"), from.taxLines());
        return new Parsed(fields, confidence);
    }

    /** Fields compared without case and spacing when passes vote. */
    private static final java.util.Set<String> LOOSE_FIELDS = java.util.Set.of("store_name", "store_address", "bill_to");

    private static final List<String> SCALAR_FIELDS = List.of("document_type", "store_name", "store_address", "date", "time",
            "subtotal", "tax", "tip", "discount", "total", "currency", "payment_method", "invoice_number", "due_date",
            "vendor_tax_id", "bill_to", "po_number");

    private static String scalar(RawFields fields, String field) {
        return switch (field) {
            case "document_type" -> fields.documentType();
            case "store_name" -> fields.storeName();
            case "store_address" -> fields.storeAddress();
            case "date" -> fields.date();
            case "time" -> fields.time();
            case "subtotal" -> fields.subtotal();
            case "tax" -> fields.tax();
            case "tip" -> fields.tip();
            case "discount" -> fields.discount();
            case "total" -> fields.total();
            case "currency" -> fields.currency();
            case "payment_method" -> fields.paymentMethod();
            case "invoice_number" -> fields.invoiceNumber();
            case "due_date" -> fields.dueDate();
            case "vendor_tax_id" -> fields.vendorTaxId();
            case "bill_to" -> fields.billTo();
            case "po_number" -> fields.poNumber();
            default -> throw new IllegalArgumentException(field);
        };
    }

    // --- store name and address --------------------------------------------------------------------------------

    private Field<String> storeName(List<Row> rows) {
        int limit = Math.min(rows.size(), 12);
        // The business name is printed before any date, item or total; stop looking there.
        for (int index = 0; index < limit; index++) {
            Row row = rows.get(index);
            if (!PrintedDate.findAll(row.line.text()).isEmpty() || (!row.amounts.isEmpty() && index > 0)) {
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
            String headUpper = row.headUpper();
            Matcher strong = STRONG_SUFFIX.matcher(headUpper);
            if (weak == null && WEAK_SUFFIX.matcher(headUpper).find()) {
                weak = new Field<>(cleanName(withContinuation(rows, index, limit)), index, row.line.confidence() * 0.8);
            }
            if (strong.find() && index > 0 && continuesAbove(headUpper.substring(0, strong.start()))
                    && isNameCandidate(rows.get(index - 1))) {
                // "POPULAR BOOK" / "CO. (M) SDN BHD": the legal form wrapped onto its own row; and "AIK HUAT HARDWARE" /
                // "ENTERPRISE (SETIA" / "ALAM) SDN BHD": over three rows when the middle one continues the first.
                Row above = rows.get(index - 1);
                String name = above.head().strip() + " " + head.substring(0, strong.end()).strip();
                double sureness = Math.min(above.line.confidence(), row.line.confidence());
                if (index > 1 && continuesAbove(above.headUpper()) && isNameCandidate(rows.get(index - 2))
                        && !STRONG_SUFFIX.matcher(rows.get(index - 2).headUpper()).find()) {
                    Row top = rows.get(index - 2);
                    name = top.head().strip() + " " + name;
                    sureness = Math.min(sureness, top.line.confidence());
                }
                return new Field<>(cleanName(name), index, sureness * 0.9);
            }
            if (strong.find(0) && letters(headUpper.substring(0, strong.start())) >= 2) {
                if (weak != null && weak.row() < index) {
                    // A trading name printed above the legal entity is the name customers know.
                    return weak;
                }
                String name = head.substring(0, strong.end()).strip();
                return new Field<>(cleanName(name), index, row.line.confidence() * 0.95);
            }
            if (first == null) {
                first = new Field<>(cleanName(withContinuation(rows, index, limit)), index, row.line.confidence() * 0.7);
            }
        }
        return weak != null ? weak : first;
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

    /** The words before a legal form continue the row above: none but generic ones, or a bracket closed but not opened. */
    private static boolean continuesAbove(String beforeSuffix) {
        if (WEAK_SUFFIX.matcher(beforeSuffix.strip()).lookingAt()) {
            return true;
        }
        String generic = beforeSuffix.replaceAll("(?<!\\p{L})(?:CO|COMPANY|M|MALAYSIA|&|AND)(?!\\p{L})|[^A-Z]", "");
        boolean unopened = beforeSuffix.indexOf(')') >= 0 && (beforeSuffix.indexOf('(') < 0 || beforeSuffix.indexOf('(') > beforeSuffix.indexOf(')'));
        return generic.length() < 2 || unopened;
    }

    private static boolean isNameCandidate(Row row) {
        String text = row.headUpper();
        int letters = letters(text);
        if (letters < 3 || letters < text.replaceAll("[^\\p{L}\\d]", "").length() * 0.5) {
            return false;
        }
        return !HEADING.matcher(text).matches() && !HEADER_STOP.matcher(text).find() && !REGISTRATION.matcher(text).matches()
                && !NOTICE.matcher(text).find();
    }

    private static final Pattern OCR_SDN_BHD = Pattern.compile("(?<!\\p{L})S[DOU0]N(\\.?\\s*)B[HNEAL]{1,2}[DO0](\\.?)(?!\\p{L})",
            Pattern.CASE_INSENSITIVE);
    /** "D.I.¥." : the fast English model reads a bold Y as the yen sign; between letters and dots it is a Y. */
    private static final Pattern OCR_YEN = Pattern.compile("(?<=[\\p{L}.])¥|¥(?=[\\p{L}.])");
    private static final Pattern OCR_S_B = Pattern.compile("(?<![\\p{L}\\d])[$5S]/[B8](?![\\p{L}\\d])");

    /**
     * Undoes OCR's usual misreadings of the Malaysian legal forms, a closed vocabulary: "SON BHD", "SDN BHO", "SDN BED" → "SDN BHD",
     * "$/B" → "S/B", and curly brackets → round ones (thermal print has no curly brackets).
     */
    static String repairLegalForms(String text) {
        String repaired = OCR_SDN_BHD.matcher(text).replaceAll(match -> {
            String separator = match.group(1);
            String dot = match.group(2);
            String canonical = "SDN" + separator + "BHD" + dot;
            // Leave a correct reading as printed (its case included); repair only misreadings.
            return Matcher.quoteReplacement(match.group().equalsIgnoreCase(canonical) ? match.group() : canonical);
        });
        repaired = OCR_YEN.matcher(repaired).replaceAll("Y");
        repaired = OCR_S_B.matcher(repaired).replaceAll("S/B");
        return repaired.replace('{', '(').replace('}', ')');
    }

    private static String cleanName(String name) {
        return repairMisreadings(name.replaceAll("^[\\W_]+(?=\\p{L})", "").replaceAll("[\\s,;:*_-]+$", "").strip(), false);
    }

    /** "$$21": a run of dollar signs is never printed in a name or address; SS is ("SS21/39", a section). */
    private static final Pattern DOLLAR_RUN = Pattern.compile("\\${2,}");
    private static final Pattern DOLLAR_BEFORE_LETTER = Pattern.compile("\\$(?=\\p{L})");
    private static final Pattern DOLLAR_BEFORE_DIGIT = Pattern.compile("\\$(?=\\d)");
    /** "LOT F21 @ 22": an at sign between spaces in an address is a misread ampersand (an e-mail address has no spaces). */
    private static final Pattern STANDALONE_AT = Pattern.compile("(?<=\\s)@(?=\\s)");
    private static final Pattern O_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[Oo](?=[\\dOo]*\\d)");
    private static final Pattern O_ENDING_NUMBER = Pattern.compile("(?<=\\d\\d)[Oo]+(?![\\p{L}\\d])");
    private static final Pattern ZERO_BETWEEN_LETTERS = Pattern.compile("(?<=(\\p{L}))0(?=\\p{L})");
    private static final Pattern ZERO_AFTER_ONE_LETTER = Pattern.compile("(?<![\\p{L}\\d])(\\p{L})0(?![\\p{L}\\d])");
    private static final Pattern L_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[lI|](?=\\d)");
    private static final Pattern ONE_IN_LOWER_CASE_WORD = Pattern.compile("(?<=\\p{Ll})1(?=\\p{Ll})|(?<=\\p{Ll}{3})1(?![\\p{L}\\d])");
    private static final Pattern CAPITAL_I_IN_TITLE_CASE_WORD = Pattern.compile("(?<=(?<![\\p{L}\\d])\\p{Lu})[I1](?=\\p{Ll})");
    /** "MASAl", "DAMAl": a lower-case l ending a word of capitals is a capital I (no capitalised word ends in l). */
    private static final Pattern LOWER_L_IN_CAPITALS = Pattern.compile("(?<=(?<![\\p{L}\\d])\\p{Lu}{3,})l(?![\\p{L}\\d])");
    private static final Pattern BANG_ENDING_WORD = Pattern.compile("(?<=(\\p{L}))!(?![\\p{L}\\d])");
    private static final Pattern QUOTE_OPENING_WORD = Pattern.compile("(?<!\\S)[\u2018\u201C'\"]+(?=\\p{L})");

    /**
     * Undoes the letter–digit confusions OCR makes in names and addresses where the neighbouring characters say
     * which was printed: "$S21" (S read as a dollar sign), "531O0" and "52ooo" (O in a number), "N0." and
     * "C0MPANY" (0 in a word), "7/1l8" (l in a number), "Leve1" and "Peta1ing" (1 in a lower-case word), "JIn",
     * "J1n" and "BIk" (a capital I or a 1 inside a title-case word), "DAMA!" (I at a word's end) and "‘Tampoi"
     * (a speck read as an opening quote), "MASAl" (I at the end of a word of capitals) and "$$21" (SS); in an
     * address, which prints no prices and no e-mail, also "$5,57" (5 read as a dollar sign) and "F21 @ 22" (an
     * ampersand). Text printed that way is left alone: a digit between digits, a letter between letters. On
     * the SROIE sample (docs/benchmarks.md) none of these changes a correctly read address or name.
     */
    static String repairMisreadings(String text, boolean address) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String repaired = DOLLAR_RUN.matcher(text).replaceAll(match -> "S".repeat(match.group().length()));
        repaired = DOLLAR_BEFORE_LETTER.matcher(repaired).replaceAll("S");
        if (address) {
            repaired = DOLLAR_BEFORE_DIGIT.matcher(repaired).replaceAll("5");
            repaired = STANDALONE_AT.matcher(repaired).replaceAll("&");
        }
        repaired = O_BETWEEN_DIGITS.matcher(repaired).replaceAll("0");
        repaired = O_ENDING_NUMBER.matcher(repaired).replaceAll(match -> "0".repeat(match.group().length()));
        repaired = ZERO_BETWEEN_LETTERS.matcher(repaired).replaceAll(match -> sameCase("O", match.group(1)));
        repaired = ZERO_AFTER_ONE_LETTER.matcher(repaired).replaceAll(match -> match.group(1) + sameCase("O", match.group(1)));
        repaired = L_BETWEEN_DIGITS.matcher(repaired).replaceAll("1");
        repaired = ONE_IN_LOWER_CASE_WORD.matcher(repaired).replaceAll("l");
        repaired = CAPITAL_I_IN_TITLE_CASE_WORD.matcher(repaired).replaceAll("l");
        repaired = LOWER_L_IN_CAPITALS.matcher(repaired).replaceAll("I");
        repaired = BANG_ENDING_WORD.matcher(repaired).replaceAll(match -> sameCase("I", match.group(1)));
        return QUOTE_OPENING_WORD.matcher(repaired).replaceAll("");
    }

    /** {@code letter} in the case of {@code neighbour}. */
    private static String sameCase(String letter, String neighbour) {
        return Character.isLowerCase(neighbour.charAt(0)) ? letter.toLowerCase(Locale.ROOT) : letter;
    }

    /**
     * The address: the rows under the name up to the first phone, tax id, date or notice row. When there are none
     * ("BHPETROL PERMAS JAYA 2" / "LOT PTD 101051" / "JALAN PERMAS 10/10" / … / "ESJAY FUEL ENTERPRISE": a brand,
     * the address, then the company), the rows above the name, from the first one that reads like a street line.
     */
    private Field<String> storeAddress(List<Row> rows, int nameRow) {
        Field<String> below = storeAddress(rows, nameRow + 1, Math.min(rows.size(), nameRow + 9), false);
        return below != null || nameRow < 2 ? below : storeAddress(rows, 0, nameRow, true);
    }

    private Field<String> storeAddress(List<Row> rows, int from, int to, boolean above) {
        List<String> parts = new ArrayList<>();
        double confidence = 1.0;
        int first = -1;
        for (int index = from; index < to; index++) {
            Row row = rows.get(index);
            String text = row.headUpper();
            if (above && parts.isEmpty() && !ADDRESS_WORD.matcher(text).find() && !text.matches("\\d.*")) {
                continue;
            }
            // "47301" or "480 KL" under the street rows is the postcode (and town), not a registration number
            boolean postcode = !parts.isEmpty() && POSTCODE_ROW.matcher(text).matches();
            boolean stop = HEADER_STOP.matcher(text).find() || HEADING.matcher(text).matches()
                    || !PrintedDate.findAll(text).isEmpty() || PHONE.matcher(text).matches()
                    || REGISTRATION.matcher(text).matches() && !postcode || TIME.matcher(text).find() && text.contains(":")
                    || PHONE_LABEL.matcher(text).find() || LABELLED_VALUE.matcher(text).find() || NOTICE.matcher(text).find()
                    || LONG_NUMBER.matcher(text).find() || !row.amounts.isEmpty() && TOTAL_WORD.matcher(text).find();
            // "(MUTIARA RINI 16)", "(FORMERLY …)": a branch or former name in brackets under the name, not the address
            boolean bracketed = text.strip().matches("\\(.*\\)[\\s.,]*");
            if (parts.isEmpty() && (stop || bracketed || STRONG_SUFFIX.matcher(text).find() || letters(text) < 2)) {
                // Registration numbers, tax ids and a date often sit between the name and the address.
                if (index - from >= 4) {
                    break;
                }
                continue;
            }
            if (stop) {
                break;
            }
            String part = row.head().strip();
            parts.add(part);
            confidence = Math.min(confidence, row.line.confidence());
            if (first < 0) {
                first = index;
            }
            // The country is an address's last line; a mall or branch name printed under it is not the address.
            if (parts.size() >= 6 || (parts.size() >= 2 || part.matches(".*\\d.*")) && endsWithCountry(part)) {
                break;
            }
        }
        // Branch names, slogans and "formerly known as" rows come before the street line; the street line has a number.
        while (parts.size() > 1 && !parts.get(0).matches(".*\\d.*") && !ADDRESS_WORD.matcher(parts.get(0).toUpperCase(Locale.ROOT)).find()
                && parts.subList(1, parts.size()).stream().anyMatch(part -> part.matches(".*\\d.*"))) {
            parts.remove(0);
            first++;
        }
        if (parts.isEmpty()) {
            return null;
        }
        String address = trimAddress(repairMisreadings(joinLines(parts), true));
        // One short line after the name is as likely a slogan as an address.
        double strength = parts.size() >= 2 || address.matches(".*\\d.*") ? 0.85 : 0.5;
        if (!readsLikeAddress(address)) {
            strength *= 0.5; // item rows or a name read as the address: let another reading outvote it
        }
        return new Field<>(address, first, confidence * strength);
    }

    /** A postcode-like number standing alone: "81100", "50480", "2000" (not "1.2046-0021" or "2X5.0000"). */
    private static final Pattern POSTCODE = Pattern.compile("(?<![\\d.,-])\\d{4,6}(?![\\d.,-]?\\d)");

    /** Whether text has what addresses have: a street word, a postcode or a country. */
    static boolean readsLikeAddress(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        return ADDRESS_WORD.matcher(upper).find() || POSTCODE.matcher(upper).find() || endsWithCountry(upper);
    }

    /** "(CO.REG:860671-D)", "(Co Re9 :750441-W)", "CO.NO.373665-A": a company number that OCR set on the address's first row. */
    private static final Pattern LEADING_REGISTRATION = Pattern.compile(
            "^\\(?\\s*(?:(?:C[O0](?:MPANY)?|R[O0]C)[\\s.-]*(?:RE[G9](?:ISTRATION)?|NO)?[\\s.]*[:.]?\\s*)?\\d{5,}\\s*-\\s*\\p{L}(?![\\p{L}\\d])\\s*\\)?[\\s,.]*(?=\\S)",
            Pattern.CASE_INSENSITIVE);
    /** A tax id or phone label that OCR set on the address's last row, and everything after it. */
    private static final Pattern TRAILING_LABEL = Pattern.compile("[\\s,.]+(?:(?:GST|SST|VAT)(?:\\s*(?:ID|NO|REG))?|TEL|FAX|PHONE)(?!\\p{L}).*$", Pattern.CASE_INSENSITIVE);
    /** "+607-357.1177" at the end of the address's last row. */
    private static final Pattern TRAILING_PHONE = Pattern.compile("[\\s,]+\\+?\\(?\\d{2,4}\\)?[-.\\s]\\d{3,4}[-.\\s]?\\d{3,4}$");
    /** A vertical bar: a table rule or a speck, never printed in an address. */
    private static final Pattern BAR = Pattern.compile("\\s*\\|+\\s*");

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

    /**
     * Country names in English (from the JDK's ISO 3166 list) and the forms receipts print them in, upper case.
     * Names that are also a US state or a common place or person name (Georgia, Jersey, Jordan, Chad) are left
     * out: a row ending with them need not end the address.
     */
    private static final java.util.Set<String> COUNTRIES = countries();

    private static java.util.Set<String> countries() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String code : Locale.getISOCountries()) {
            names.add(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT));
        }
        names.addAll(List.of("USA", "U.S.A", "U.S.", "UNITED STATES OF AMERICA", "UK", "U.K", "GREAT BRITAIN", "ENGLAND", "SCOTLAND",
                "WALES", "NORTHERN IRELAND", "DEUTSCHLAND", "ÖSTERREICH", "SCHWEIZ", "SUISSE", "SVIZZERA", "ESPAÑA", "ITALIA",
                "NEDERLAND", "BELGIQUE", "BELGIË", "POLSKA", "ČESKO", "SVERIGE", "NORGE", "DANMARK", "SUOMI", "PORTUGAL"));
        names.removeAll(List.of("GEORGIA", "JERSEY", "JORDAN", "CHAD"));
        return java.util.Set.copyOf(names);
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

    /**
     * One line of text from several printed rows, the way a person would type them: rows are separated by a
     * comma ("4 Abbey Street" / "Bath BA1 1NN"), unless the block already ends its rows with commas.
     */
    private String joinLines(List<String> parts) {
        // A block that punctuates its own line ends ("JALAN SAGU 18," / "TAMAN DAYA,") is run on as printed.
        boolean punctuated = lineJoin == LineJoin.SPACE || parts.stream().limit(Math.max(1, parts.size() - 1)).anyMatch(part -> part.strip().endsWith(","));
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (!joined.isEmpty()) {
                joined.append(punctuated || joined.toString().matches("(?s).*[,;:.\\-/&]$") ? " " : ", ");
            }
            joined.append(part.strip());
        }
        return joined.toString().replaceAll("\\s+", " ").replaceAll("\\s+,", ",").strip();
    }

    // --- dates and time ----------------------------------------------------------------------------------------

    private Field<PrintedDate> date(List<Row> rows, boolean due) {
        Field<PrintedDate> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Row row : rows) {
            List<PrintedDate> dates = PrintedDate.findAllTolerant(row.line.text());
            if (dates.isEmpty()) {
                continue;
            }
            boolean dueRow = DUE.matcher(row.upper).find();
            if (dueRow != due) {
                continue;
            }
            boolean labelled = DATE_LABEL.matcher(row.upper).find();
            double score = (labelled ? 2 : 0) + (TIME.matcher(row.upper).find() ? 1 : 0) - row.index * 0.01;
            if (score > bestScore) {
                bestScore = score;
                double strength = labelled || due ? 0.95 : 0.85;
                best = new Field<>(dates.get(0), row.index, row.line.confidence() * strength);
            }
        }
        return best;
    }

    private Field<String> time(List<Row> rows, Field<PrintedDate> date) {
        List<Row> ordered = new ArrayList<>(rows);
        if (date != null) {
            // The time printed next to the date is the time of the sale, not an opening hour in the footer.
            ordered.add(0, rows.get(date.row()));
            if (date.row() + 1 < rows.size()) {
                ordered.add(1, rows.get(date.row() + 1));
            }
        }
        for (Row row : ordered) {
            String text = row.line.text();
            String withoutDates = text;
            for (PrintedDate printed : PrintedDate.findAll(text)) {
                withoutDates = withoutDates.replace(printed.printed(), " ");
            }
            Matcher matcher = TIME.matcher(withoutDates);
            while (matcher.find()) {
                if (matcher.group(2) == null && matcher.group(6) == null) {
                    continue;
                }
                return new Field<>(matcher.group().strip(), row.index, row.line.confidence() * 0.9);
            }
        }
        return null;
    }

    // --- amounts -----------------------------------------------------------------------------------------------

    private Field<PrintedAmount> total(List<Row> rows, Field<PrintedAmount> subtotal, Field<PrintedAmount> tax) {
        List<Candidate> candidates = new ArrayList<>();
        boolean inSummary = false;
        for (Row row : rows) {
            if (SUMMARY.matcher(row.upper).find()) {
                // Below a tax summary table, "TOTAL" sums the table's columns, not the bill.
                inSummary = true;
                continue;
            }
            if (NOT_TOTAL.matcher(row.upper).find()) {
                continue;
            }
            double strength = 0;
            for (Map.Entry<Pattern, Double> label : TOTAL_LABELS) {
                if (label.getKey().matcher(row.upper).find()) {
                    strength = label.getValue();
                    break;
                }
            }
            if (strength == 0) {
                continue;
            }
            Row source = row;
            PrintedAmount amount = lastPositive(row);
            if (amount == null) {
                // The amount is often printed, or OCR'd, on the row below its label.
                for (int next = row.index + 1; next < rows.size() && next <= row.index + 2; next++) {
                    Row below = rows.get(next);
                    if (!below.amounts.isEmpty() && letters(below.upper.replaceAll("RM|MYR|USD|EUR|GBP", "")) <= 3) {
                        amount = lastPositive(below);
                        source = below;
                        break;
                    }
                }
                strength *= 0.9;
            }
            if (amount == null) {
                continue;
            }
            if (row.amounts.size() >= 2) {
                // A table row (tax summary, qty / price / amount) is not where the total is printed.
                strength *= 0.85;
            }
            if (inSummary) {
                strength *= 0.7;
            }
            candidates.add(new Candidate(amount, source, strength));
        }
        BigDecimal expected = null;
        if (subtotal != null && tax != null) {
            expected = subtotal.value().value().add(tax.value().value());
        }
        BigDecimal tendered = tenderedMinusChange(rows);
        if (tendered != null && tendered.signum() > 0) {
            // Cash minus change is what was paid; where that amount is printed on an unlabelled or garbled row,
            // that row is the total even if OCR lost its label.
            for (Row row : rows) {
                if (row.upper.matches(".*(?<!\\p{L})(?:CASH|TUNAI|CHANGE|BAKI|TENDER(?:ED)?|PAID)(?!\\p{L}).*")) {
                    continue;
                }
                for (PrintedAmount amount : row.amounts) {
                    if (amount.value().compareTo(tendered) == 0
                            && candidates.stream().noneMatch(candidate -> candidate.row == row)) {
                        candidates.add(new Candidate(amount, row, 0.75));
                    }
                }
            }
        }
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : candidates) {
            BigDecimal value = candidate.amount.value();
            // OCR misreads a digit now and then; the total is usually printed more than once (total, rounded
            // total, amount paid) and agrees with the arithmetic, so agreement outweighs a slightly stronger label.
            long support = candidates.stream().filter(other -> other.row != candidate.row
                    && other.amount.value().compareTo(value) == 0).count() + paidElsewhere(rows, candidate);
            double score = candidate.strength
                    + 0.03 * candidate.row.index / Math.max(1, rows.size())
                    + (expected != null && expected.compareTo(value) == 0 ? 0.12 : 0)
                    + (tendered != null && tendered.compareTo(value) == 0 ? 0.08 : 0)
                    + 0.06 * Math.min(2, support)
                    - (value.signum() == 0 ? 0.5 : 0)
                    // Cash rounding adjustments and tax lines are cents; a bill that small is rare.
                    - (value.compareTo(SMALL) < 0 ? 0.3 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        if (best != null) {
            // Agreement (paid amount, arithmetic) raises the confidence as it raised the score.
            return new Field<>(best.amount, best.row.index, best.row.line.confidence() * Math.min(1.0, bestScore));
        }
        if (expected != null) {
            // An unlabelled amount equal to subtotal + tax is the total whose label OCR lost.
            for (Row row : rows.subList(subtotal.row(), rows.size())) {
                for (PrintedAmount amount : row.amounts) {
                    if (amount.value().compareTo(expected) == 0) {
                        return new Field<>(amount, row.index, row.line.confidence() * 0.8);
                    }
                }
            }
        }
        if (subtotal != null) {
            // Some tills print only a subtotal (tax included) and the payment.
            return new Field<>(subtotal.value(), subtotal.row(), subtotal.confidence() * 0.7);
        }
        return fallbackTotal(rows);
    }

    /** With no total label: the largest amount in the lower part that is not change given back. */
    private Field<PrintedAmount> fallbackTotal(List<Row> rows) {
        Row bestRow = null;
        PrintedAmount best = null;
        for (Row row : rows.subList(rows.size() / 3, rows.size())) {
            if (row.upper.contains("CHANGE") || row.upper.contains("BAKI") || TAX_LABEL.matcher(row.upper).find()) {
                continue;
            }
            for (PrintedAmount amount : row.amounts) {
                if (!amount.negative() && (best == null || amount.value().compareTo(best.value()) > 0)) {
                    best = amount;
                    bestRow = row;
                }
            }
        }
        return best == null ? null : new Field<>(best, bestRow.index, bestRow.line.confidence() * 0.5);
    }

    /** How many payment rows (cash, card, paid) other than the candidate's print the candidate's amount. */
    private static int paidElsewhere(List<Row> rows, Candidate candidate) {
        int count = 0;
        for (Row row : rows) {
            if (row != candidate.row && !row.upper.contains("CHANGE")
                    && PAYMENT.stream().anyMatch(p -> p.getKey().matcher(row.upper).find())) {
                for (PrintedAmount amount : row.amounts) {
                    if (amount.value().compareTo(candidate.amount.value()) == 0) {
                        count++;
                        break;
                    }
                }
            }
        }
        return count;
    }

    private static BigDecimal tenderedMinusChange(List<Row> rows) {
        BigDecimal tendered = null;
        BigDecimal change = null;
        for (Row row : rows) {
            PrintedAmount amount = lastPositive(row);
            if (amount == null) {
                continue;
            }
            if (row.upper.matches(".*(?<!\\p{L})(?:CHANGE|BAKI)(?!\\p{L}).*")) {
                change = amount.value();
            } else if (row.upper.matches(".*(?<!\\p{L})(?:CASH|TUNAI|TENDER(?:ED)?|PAID)(?!\\p{L}).*") && tendered == null) {
                tendered = amount.value();
            }
        }
        return tendered != null && change != null ? tendered.subtract(change) : null;
    }

    private Field<PrintedAmount> labelledAmount(List<Row> rows, Pattern label, Pattern exclude, double strength) {
        for (Row row : rows) {
            if (label.matcher(row.upper).find() && (exclude == null || !exclude.matcher(row.upper).find())) {
                PrintedAmount amount = lastPositiveOrAny(row);
                if (amount != null) {
                    return new Field<>(amount, row.index, row.line.confidence() * strength);
                }
            }
        }
        return null;
    }

    private Field<PrintedAmount> tax(List<Row> rows, List<RawFields.TaxLine> taxLines) {
        Field<PrintedAmount> fallback = null;
        int rateRows = 0;
        for (Row row : rows) {
            if (!TAX_LABEL.matcher(row.upper).find() || NOT_TAX.matcher(row.upper).find()) {
                continue;
            }
            PrintedAmount amount = lastPositiveOrAny(row);
            if (amount == null) {
                continue;
            }
            boolean totalTax = TOTAL_WORD.matcher(row.upper).find();
            Field<PrintedAmount> field = new Field<>(amount, row.index, row.line.confidence() * (totalTax ? 0.9 : 0.8));
            if (totalTax) {
                return field;
            }
            if (RATE.matcher(row.line.text()).find()) {
                rateRows++;
            }
            if (fallback == null) {
                fallback = field;
            }
        }
        if (rateRows >= 2 && taxLines.size() == rateRows && fallback != null) {
            // Two rates and no total tax printed: the document's tax is their sum, written like the printed amounts.
            BigDecimal sum = BigDecimal.ZERO;
            for (RawFields.TaxLine line : taxLines) {
                sum = sum.add(PrintedAmount.findAll(line.amount()).get(0).value());
            }
            String printed = fallback.value().printed().contains(",") && !fallback.value().printed().contains(".")
                    ? sum.toPlainString().replace('.', ',') : sum.toPlainString();
            return new Field<>(new PrintedAmount(printed, sum, 0, printed.length(), false), fallback.row(), fallback.confidence() * 0.9);
        }
        return fallback;
    }

    private List<RawFields.TaxLine> taxLines(List<Row> rows) {
        List<RawFields.TaxLine> lines = new ArrayList<>();
        for (Row row : rows) {
            if (!TAX_LABEL.matcher(row.upper).find() || NOT_TAX.matcher(row.upper).find() || TOTAL_WORD.matcher(row.upper).find()) {
                continue;
            }
            Matcher rate = RATE.matcher(row.line.text());
            PrintedAmount amount = lastPositiveOrAny(row);
            if (rate.find() && amount != null) {
                lines.add(new RawFields.TaxLine(rate.group(1) + "%", amount.printed()));
            }
        }
        return lines;
    }

    // --- items -------------------------------------------------------------------------------------------------

    private List<RawFields.Item> items(List<Row> rows, Field<PrintedDate> date, Field<String> name, int end) {
        int start = 0;
        if (date != null && date.row() < end) {
            start = date.row() + 1;
        } else if (name != null) {
            start = name.row() + 1;
        }
        List<RawFields.Item> items = new ArrayList<>();
        String pendingName = null;
        for (int index = start; index < end && index < rows.size(); index++) {
            Row row = rows.get(index);
            if (NON_ITEM.matcher(row.upper).find() || HEADER_STOP.matcher(row.upper).find() || TABLE_HEADER.matcher(row.upper).find()) {
                pendingName = null;
                continue;
            }
            if (row.amounts.isEmpty()) {
                // A description on its own row; its quantity and price may follow on the next row.
                pendingName = letters(row.upper) >= 2 ? row.line.text().strip() : null;
                continue;
            }
            PrintedAmount price = row.amounts.get(row.amounts.size() - 1);
            String before = row.line.text().substring(0, price.start()).replaceAll("(?:RM|MYR|USD|EUR|GBP|SGD|[$€£])\\s*$", "").strip();
            String qty = null;
            String unitPrice = null;
            Matcher times = QTY_TIMES_PRICE.matcher(before);
            String description = before;
            if (times.find()) {
                qty = times.group(1);
                unitPrice = times.group(2);
                description = (before.substring(0, times.start()) + " " + before.substring(times.end())).strip();
            } else if (row.amounts.size() >= 2) {
                // Table form: description, [qty], unit price, amount.
                PrintedAmount unit = row.amounts.get(row.amounts.size() - 2);
                String head = row.line.text().substring(0, unit.start()).strip();
                Matcher qtyAtEnd = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4}(?:[.,]\\d{1,3})?)$").matcher(head);
                if (qtyAtEnd.matches()) {
                    description = qtyAtEnd.group(1);
                    qty = qtyAtEnd.group(2);
                } else {
                    description = head;
                }
                unitPrice = unit.printed();
            } else {
                Matcher qtyAtEnd = Pattern.compile("^(.*\\p{L}.*?)\\s+(\\d{1,4})$").matcher(before);
                Matcher qtyAtStart = Pattern.compile("^(\\d{1,3})\\s*[Xx]?\\s+(\\p{L}.*)$").matcher(before);
                if (qtyAtEnd.matches()) {
                    description = qtyAtEnd.group(1);
                    qty = qtyAtEnd.group(2);
                } else if (qtyAtStart.matches()) {
                    qty = qtyAtStart.group(1);
                    description = qtyAtStart.group(2);
                }
            }
            description = description.replaceAll("[\\s.:,*_-]+$", "").replaceAll("^[\\s.:,*_-]+", "").strip();
            if (letters(description.toUpperCase(Locale.ROOT)) < 2) {
                // A qty / price row below its description row.
                if (pendingName != null) {
                    items.add(new RawFields.Item(pendingName, qty, unitPrice, price.printed()));
                }
                pendingName = null;
                continue;
            }
            pendingName = null;
            items.add(new RawFields.Item(description, qty, unitPrice, price.printed()));
        }
        return items;
    }

    // --- the rest ----------------------------------------------------------------------------------------------

    private String currency(List<Row> rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (Row row : rows) {
            Matcher matcher = CURRENCY.matcher(row.line.text());
            while (matcher.find()) {
                String code = iso(matcher.group(1) != null ? matcher.group(1).toUpperCase(Locale.ROOT) : matcher.group(2));
                if (code != null) {
                    // A symbol next to an amount is stronger evidence than a word elsewhere.
                    counts.merge(code, row.amounts.isEmpty() ? 1 : 2, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static String iso(String printed) {
        return switch (printed) {
            case "RM", "MYR" -> "MYR";
            case "US$", "USD", "$" -> "USD";
            case "€", "EUR" -> "EUR";
            case "£", "GBP" -> "GBP";
            case "S$", "SGD" -> "SGD";
            case "A$", "AUD" -> "AUD";
            case "C$", "CAD" -> "CAD";
            case "¥", "JPY" -> "JPY";
            case "₹", "INR" -> "INR";
            case "RMB", "CNY" -> "CNY";
            case "CHF", "IDR", "THB", "PHP", "HKD", "NZD" -> printed;
            default -> null;
        };
    }

    private Field<String> paymentMethod(List<Row> rows, Field<PrintedAmount> total) {
        int from = total == null ? rows.size() / 2 : total.row();
        for (Map.Entry<Pattern, String> method : PAYMENT) {
            for (int index = from; index < rows.size(); index++) {
                Row row = rows.get(index);
                Matcher matcher = method.getKey().matcher(row.upper);
                if (matcher.find() && !row.upper.contains("CHANGE")) {
                    return new Field<>(row.line.text().substring(matcher.start(), matcher.end()), index, row.line.confidence() * 0.8);
                }
            }
        }
        return null;
    }

    private Field<String> firstGroup(List<Row> rows, Pattern pattern, double strength) {
        for (Row row : rows) {
            for (String cell : row.line.cells()) {
                Matcher matcher = pattern.matcher(cell.toUpperCase(Locale.ROOT));
                if (matcher.find()) {
                    String value = cell.substring(matcher.start(1), matcher.end(1)).replaceAll("[.,;:]+$", "");
                    return new Field<>(value, row.index, row.line.confidence() * strength);
                }
            }
        }
        return null;
    }

    private Field<String> vendorTaxId(List<Row> rows) {
        for (Row row : rows) {
            if (TOTAL_WORD.matcher(row.upper).find() || !row.amounts.isEmpty()) {
                continue;
            }
            for (String cell : row.line.cells()) {
                Matcher matcher = VENDOR_TAX_ID.matcher(cell.toUpperCase(Locale.ROOT));
                if (matcher.find()) {
                    String value = cell.substring(matcher.start(1), matcher.end(1)).strip();
                    return new Field<>(value, row.index, row.line.confidence() * 0.85);
                }
            }
        }
        return null;
    }

    private Field<String> billTo(List<Row> rows) {
        for (Row row : rows) {
            Matcher matcher = BILL_TO.matcher(row.headUpper());
            if (!matcher.matches()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            String rest = row.head().substring(matcher.start(1)).strip();
            if (!rest.isEmpty()) {
                parts.add(rest);
            }
            double confidence = row.line.confidence();
            // The customer block runs down the column until the item table or the next label.
            for (int index = row.index + 1; index < rows.size() && parts.size() < 4; index++) {
                Row next = rows.get(index);
                String head = next.headUpper();
                if (!next.amounts.isEmpty() || HEADER_STOP.matcher(head).find() || TABLE_HEADER.matcher(head).find()
                        || head.matches("^[\\p{L} .]{2,30}:.*") || !PrintedDate.findAll(head).isEmpty()
                        || next.line.top() - rows.get(index - 1).line.bottom() > 1.5 * next.line.height()) {
                    break;
                }
                parts.add(next.head().strip());
                confidence = Math.min(confidence, next.line.confidence());
            }
            if (!parts.isEmpty()) {
                return new Field<>(joinLines(parts), row.index, confidence * 0.8);
            }
        }
        return null;
    }

    // --- small helpers -----------------------------------------------------------------------------------------

    private static PrintedAmount lastPositive(Row row) {
        for (int i = row.amounts.size() - 1; i >= 0; i--) {
            if (!row.amounts.get(i).negative()) {
                return row.amounts.get(i);
            }
        }
        return null;
    }

    private static PrintedAmount lastPositiveOrAny(Row row) {
        PrintedAmount amount = lastPositive(row);
        return amount != null || row.amounts.isEmpty() ? amount : row.amounts.get(row.amounts.size() - 1);
    }

    private static int letters(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                count++;
            }
        }
        return count;
    }

    private static void put(Map<String, Double> confidence, String field, Field<?> value) {
        if (value != null) {
            confidence.put(field, Math.max(0, Math.min(1, value.confidence())));
        }
    }

    private static String value(Field<String> field) {
        return field == null ? null : field.value();
    }

    private static String amount(Field<PrintedAmount> field) {
        return field == null ? null : field.value().printed();
    }

    /** One printed row; {@code head} is its first cell (the left column on a two-column invoice header). */
    private record Row(int index, TextLine line, String upper, List<PrintedAmount> amounts) {
        String head() {
            return line.cells().get(0);
        }

        String headUpper() {
            return head().toUpperCase(Locale.ROOT);
        }
    }

    private record Field<T>(T value, int row, double confidence) {
    }

    private record Candidate(PrintedAmount amount, Row row, double strength) {
    }
}
