package dev.ledgerlens.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.failure.Violation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a reviewer's edits to a record, one after the other, by the schema's field paths. A value typed by a person
 * is read strictly, so that what is stored is what they meant: amounts as {@code 1234.56} (a comma alone may be the
 * decimal point: {@code 12,50}; {@code 1,234.56} groups thousands), dates as {@code YYYY-MM-DD}, times as
 * {@code HH:MM}, currencies as their ISO-4217 code. Anything else is a {@link Violation} naming the field, and the
 * value is not applied.
 *
 * <p>Values are kept as canonical text ({@code 49.56}, {@code 2026-03-02}; null for none): that text is what a
 * correction row stores, and {@link #apply} replays stored changes on the engine's record to give the corrected one.
 * Line positions are those of the record as it stands when the edit is made, so a sequence of changes replays exactly.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordEditor {
    /** The record's single fields, in schema order. */
    public static final List<String> FIELDS = List.of("document_type", "store_name", "store_address", "date", "time",
            "subtotal", "tax", "tip", "discount", "total", "currency", "payment_method", "invoice_number", "due_date",
            "vendor_tax_id", "bill_to", "po_number");
    /** The fields of a line item. */
    public static final List<String> ITEM_FIELDS = List.of("name", "qty", "unit_price", "price");
    /** The fields of a tax line. */
    public static final List<String> TAX_LINE_FIELDS = List.of("rate", "amount");

    private static final List<String> AMOUNTS = List.of("subtotal", "tax", "tip", "discount", "total", "qty",
            "unit_price", "price", "rate", "amount");
    private static final Pattern LINE_PATH = Pattern.compile("(items|tax_lines)\\[(\\d{1,4})](?:\\.([a-z_]+))?");
    private static final Pattern PLAIN_AMOUNT = Pattern.compile("[-+]?\\d+(?:[.,]\\d+)?");
    private static final Pattern GROUPED_AMOUNT = Pattern.compile("[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change as stored: the path and the canonical values before and after. */
    public record Change(String path, String oldValue, String newValue) {
    }

    /**
     * The result of {@link #edit}.
     *
     * @param record     the record with every valid edit applied
     * @param changes    the edits that changed something, with canonical values (an edit to the value already there
     *                   is no change)
     * @param violations the edits that could not be applied (unknown path, unreadable value)
     */
    public record Outcome(DocumentRecord record, List<Change> changes, List<Violation> violations) {
        public Outcome {
            changes = List.copyOf(changes);
            violations = List.copyOf(violations);
        }
    }

    /** Applies {@code edits} in order to {@code record}. */
    public Outcome edit(DocumentRecord record, List<FieldEdit> edits) {
        Draft draft = Draft.of(record);
        List<Change> changes = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (FieldEdit edit : edits) {
            String path = edit.path() == null ? "" : edit.path().trim();
            try {
                Path target = Path.parse(path);
                String old = draft.get(target);
                if (target.field() == null) {
                    if (edit.value() != null && !edit.value().isBlank()) {
                        throw new IllegalArgumentException("a whole line takes no value; name a field (" + path + ".name)");
                    }
                    draft.set(target, null); // removes the line, or says there is no such line
                    changes.add(new Change(path, old, null));
                    continue;
                }
                String value = canonical(target.field(), edit.value());
                if (same(target.field(), old, value)) {
                    continue;
                }
                draft.set(target, value);
                changes.add(new Change(path, old, value));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(path, e.getMessage()));
            }
        }
        return new Outcome(draft.toRecord(), changes, violations);
    }

    /** Replays stored changes on the engine's record, in order. */
    public DocumentRecord apply(DocumentRecord record, List<Change> changes) {
        if (changes.isEmpty()) {
            return record;
        }
        Draft draft = Draft.of(record);
        for (Change change : changes) {
            draft.set(Path.parse(change.path()), change.newValue());
        }
        return draft.toRecord();
    }

    /** The canonical text of one field of a record, or null. */
    public String valueAt(DocumentRecord record, String path) {
        return Draft.of(record).get(Path.parse(path));
    }

    /** A field path: a single field, or a line's field, or a whole line ({@code field} null). */
    private record Path(String list, int index, String field) {
        static Path parse(String path) {
            if (FIELDS.contains(path)) {
                return new Path(null, -1, path);
            }
            Matcher line = LINE_PATH.matcher(path);
            if (!line.matches()) {
                throw new IllegalArgumentException("no such field; fields are " + String.join(", ", FIELDS)
                        + ", items[N]." + String.join("|", ITEM_FIELDS) + " and tax_lines[N]." + String.join("|", TAX_LINE_FIELDS));
            }
            String list = line.group(1);
            String field = line.group(3);
            List<String> allowed = list.equals("items") ? ITEM_FIELDS : TAX_LINE_FIELDS;
            if (field != null && !allowed.contains(field)) {
                throw new IllegalArgumentException("a line of " + list + " has the fields " + String.join(", ", allowed));
            }
            return new Path(list, Integer.parseInt(line.group(2)), field);
        }
    }

    /** A record as canonical text, editable in place. */
    private static final class Draft {
        final Map<String, String> fields = new LinkedHashMap<>();
        final Map<String, List<String[]>> lines = new LinkedHashMap<>();

        static Draft of(DocumentRecord record) {
            Draft draft = new Draft();
            Map<String, String> f = draft.fields;
            f.put("document_type", record.documentType());
            f.put("store_name", record.storeName());
            f.put("store_address", record.storeAddress());
            f.put("date", text(record.date()));
            f.put("time", text(record.time()));
            f.put("subtotal", text(record.subtotal()));
            f.put("tax", text(record.tax()));
            f.put("tip", text(record.tip()));
            f.put("discount", text(record.discount()));
            f.put("total", text(record.total()));
            f.put("currency", record.currency());
            f.put("payment_method", record.paymentMethod());
            f.put("invoice_number", record.invoiceNumber());
            f.put("due_date", text(record.dueDate()));
            f.put("vendor_tax_id", record.vendorTaxId());
            f.put("bill_to", record.billTo());
            f.put("po_number", record.poNumber());
            List<String[]> items = new ArrayList<>();
            for (DocumentRecord.LineItem item : record.items()) {
                items.add(new String[]{item.name(), text(item.qty()), text(item.unitPrice()), text(item.price())});
            }
            List<String[]> taxLines = new ArrayList<>();
            for (DocumentRecord.TaxLine line : record.taxLines()) {
                taxLines.add(new String[]{text(line.rate()), text(line.amount())});
            }
            draft.lines.put("items", items);
            draft.lines.put("tax_lines", taxLines);
            return draft;
        }

        String get(Path path) {
            if (path.list() == null) {
                return fields.get(path.field());
            }
            List<String[]> list = lines.get(path.list());
            if (path.index() >= list.size()) {
                return null; // a line not there yet
            }
            String[] line = list.get(path.index());
            if (path.field() == null) {
                return lineJson(path.list(), line);
            }
            return line[names(path.list()).indexOf(path.field())];
        }

        void set(Path path, String value) {
            if (path.list() == null) {
                fields.put(path.field(), value);
                return;
            }
            List<String[]> list = lines.get(path.list());
            int size = list.size();
            if (path.field() == null) {
                if (path.index() >= size) {
                    throw new IllegalArgumentException(path.list() + " has " + size + " lines (from 0); there is no line "
                            + path.index() + " to remove");
                }
                list.remove(path.index());
                return;
            }
            if (path.index() > size) {
                throw new IllegalArgumentException(path.list() + " has " + size + " lines (from 0); a new line is number " + size);
            }
            if (path.index() == size) {
                list.add(new String[names(path.list()).size()]);
            }
            list.get(path.index())[names(path.list()).indexOf(path.field())] = value;
        }

        DocumentRecord toRecord() {
            List<DocumentRecord.LineItem> items = new ArrayList<>();
            for (String[] line : lines.get("items")) {
                items.add(new DocumentRecord.LineItem(line[0], decimal(line[1]), decimal(line[2]), decimal(line[3])));
            }
            List<DocumentRecord.TaxLine> taxLines = new ArrayList<>();
            for (String[] line : lines.get("tax_lines")) {
                taxLines.add(new DocumentRecord.TaxLine(decimal(line[0]), decimal(line[1])));
            }
            Map<String, String> f = fields;
            return new DocumentRecord(f.get("document_type"), f.get("store_name"), f.get("store_address"),
                    date(f.get("date")), f.get("time") == null ? null : LocalTime.parse(f.get("time")), items,
                    decimal(f.get("subtotal")), decimal(f.get("tax")), decimal(f.get("tip")), decimal(f.get("discount")),
                    decimal(f.get("total")), f.get("currency"), f.get("payment_method"), f.get("invoice_number"),
                    date(f.get("due_date")), f.get("vendor_tax_id"), f.get("bill_to"), f.get("po_number"), taxLines);
        }

        private static List<String> names(String list) {
            return list.equals("items") ? ITEM_FIELDS : TAX_LINE_FIELDS;
        }

        private static String lineJson(String list, String[] line) {
            Map<String, String> object = new LinkedHashMap<>();
            List<String> names = names(list);
            for (int i = 0; i < names.size(); i++) {
                object.put(names.get(i), line[i]);
            }
            try {
                return JSON.writeValueAsString(object);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a line as JSON: " + Arrays.toString(line), e);
            }
        }
    }

    /** A typed value as canonical text; throws IllegalArgumentException with what to type instead. */
    static String canonical(String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String value = typed.strip().replaceAll("\\s+", " ");
        if (AMOUNTS.contains(field)) {
            String bare = value.replaceAll("[\\s\\u00A0\\u202F']", "");
            if (PLAIN_AMOUNT.matcher(bare).matches()) {
                return new BigDecimal(bare.replace(',', '.').replace("+", "")).toPlainString();
            }
            if (GROUPED_AMOUNT.matcher(bare).matches()) {
                return new BigDecimal(bare.replace(",", "").replace("+", "")).toPlainString();
            }
            throw new IllegalArgumentException("'" + typed + "' is not an amount; type it like 1234.56");
        }
        switch (field) {
            case "date", "due_date" -> {
                try {
                    return LocalDate.parse(value).toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + typed + "' is not a date; type it as YYYY-MM-DD");
                }
            }
            case "time" -> {
                try {
                    return LocalTime.parse(value).toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + typed + "' is not a time of day; type it as HH:MM");
                }
            }
            case "currency" -> {
                String code = value.toUpperCase(Locale.ROOT);
                if (!code.matches("[A-Z]{3}")) {
                    throw new IllegalArgumentException("'" + typed + "' is not an ISO-4217 code such as EUR or USD");
                }
                return code;
            }
            case "document_type" -> {
                String type = value.toLowerCase(Locale.ROOT);
                if (!type.equals("receipt") && !type.equals("invoice")) {
                    throw new IllegalArgumentException("'" + typed + "' is neither receipt nor invoice");
                }
                return type;
            }
            default -> {
                return value;
            }
        }
    }

    /** Equal values are no change: for amounts by value, so 49.5 typed over 49.50 changes nothing. */
    private static boolean same(String field, String old, String value) {
        if (old == null || value == null) {
            return old == null && value == null;
        }
        if (field != null && AMOUNTS.contains(field)) {
            return new BigDecimal(old).compareTo(new BigDecimal(value)) == 0;
        }
        return old.equals(value);
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value == null ? null : value.toString();
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }
}
