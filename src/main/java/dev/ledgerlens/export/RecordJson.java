package dev.ledgerlens.export;

import dev.ledgerlens.validate.DocumentRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's fields as the schema names them, in schema order, with decimals as exact strings, dates ISO
 * and every field present (null when not printed): the shape of the {@code fields} object of the golden
 * files ({@code sample-inputs/*.expected.json}) and of the JSONL export. Stateless and thread-safe.
 */
public final class RecordJson {

    /** A record's corrections in the order they were made, ready for Jackson (the JSONL export, {@code review show}). */
    public List<Map<String, Object>> corrections(List<dev.ledgerlens.store.Correction> corrections) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (dev.ledgerlens.store.Correction correction : corrections) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", correction.fieldPath());
            entry.put("original", correction.oldValue());
            entry.put("corrected", correction.newValue());
            entry.put("reviewer", correction.reviewer());
            entry.put("corrected_at", correction.createdAt() == null ? null : correction.createdAt().toString());
            entries.add(entry);
        }
        return entries;
    }

    /** The fields of one record, ready for Jackson. */
    public Map<String, Object> fields(DocumentRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("document_type", record.documentType());
        fields.put("store_name", record.storeName());
        fields.put("store_address", record.storeAddress());
        fields.put("date", record.date() == null ? null : record.date().toString());
        fields.put("time", record.time() == null ? null : record.time().toString());
        List<Map<String, Object>> items = new ArrayList<>();
        for (DocumentRecord.LineItem item : record.items()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", item.name());
            line.put("qty", decimal(item.qty()));
            line.put("unit_price", decimal(item.unitPrice()));
            line.put("price", decimal(item.price()));
            line.put("unit", item.unit());
            line.put("vat_category", item.vatCategory());
            line.put("vat_rate", decimal(item.vatRate()));
            items.add(line);
        }
        fields.put("items", items);
        fields.put("subtotal", decimal(record.subtotal()));
        fields.put("tax", decimal(record.tax()));
        fields.put("tip", decimal(record.tip()));
        fields.put("discount", decimal(record.discount()));
        fields.put("total", decimal(record.total()));
        fields.put("currency", record.currency());
        fields.put("payment_method", record.paymentMethod());
        fields.put("invoice_number", record.invoiceNumber());
        fields.put("due_date", record.dueDate() == null ? null : record.dueDate().toString());
        fields.put("vendor_tax_id", record.vendorTaxId());
        fields.put("bill_to", record.billTo());
        fields.put("po_number", record.poNumber());
        List<Map<String, Object>> taxLines = new ArrayList<>();
        for (DocumentRecord.TaxLine line : record.taxLines()) {
            Map<String, Object> tax = new LinkedHashMap<>();
            tax.put("rate", decimal(line.rate()));
            tax.put("amount", decimal(line.amount()));
            tax.put("base", decimal(line.base()));
            tax.put("category", line.category());
            taxLines.add(tax);
        }
        fields.put("tax_lines", taxLines);
        fields.put("vendor_vat_id", record.vendorVatId());
        fields.put("buyer_reference", record.buyerReference());
        fields.put("net_total", decimal(record.netTotal()));
        fields.put("charges", decimal(record.charges()));
        fields.put("amount_due", decimal(record.amountDue()));
        fields.put("iban", record.iban());
        fields.put("type_code", record.typeCode());
        return fields;
    }

    /** Exactly as stored ("27.80" stays "27.80"): strings, because JSON numbers lose scale and invite floats. */
    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
