package dev.ledgerlens.extract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The fields of a receipt or invoice exactly as an engine read them, before normalisation.
 * Amounts and dates are strings as printed ("1.234,56 €", "15/01/2019"): turning them into
 * decimals and ISO dates is the validate stage's job, the same for every engine.
 * Field names are the JSON Schema's ({@code config/schemas/*.schema.json}); every field may be null.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RawFields(
        @JsonProperty("document_type") String documentType,
        @JsonProperty("store_name") String storeName,
        @JsonProperty("store_address") String storeAddress,
        @JsonProperty("date") String date,
        @JsonProperty("time") String time,
        @JsonProperty("items") List<Item> items,
        @JsonProperty("subtotal") String subtotal,
        @JsonProperty("tax") String tax,
        @JsonProperty("tip") String tip,
        @JsonProperty("discount") String discount,
        @JsonProperty("total") String total,
        @JsonProperty("currency") String currency,
        @JsonProperty("payment_method") String paymentMethod,
        @JsonProperty("invoice_number") String invoiceNumber,
        @JsonProperty("due_date") String dueDate,
        @JsonProperty("vendor_tax_id") String vendorTaxId,
        @JsonProperty("bill_to") String billTo,
        @JsonProperty("po_number") String poNumber,
        @JsonProperty("tax_lines") List<TaxLine> taxLines,
        @JsonProperty("vendor_vat_id") String vendorVatId,
        @JsonProperty("buyer_reference") String buyerReference,
        @JsonProperty("net_total") String netTotal,
        @JsonProperty("charges") String charges,
        @JsonProperty("amount_due") String amountDue,
        @JsonProperty("iban") String iban,
        @JsonProperty("type_code") String typeCode) {

    public RawFields {
        items = items == null ? List.of() : List.copyOf(items);
        taxLines = taxLines == null ? List.of() : List.copyOf(taxLines);
    }

    /** The fields every engine reads, without the invoice-only ones added with e-invoices (those stay null). */
    public RawFields(String documentType, String storeName, String storeAddress, String date, String time,
                     List<Item> items, String subtotal, String tax, String tip, String discount, String total,
                     String currency, String paymentMethod, String invoiceNumber, String dueDate, String vendorTaxId,
                     String billTo, String poNumber, List<TaxLine> taxLines) {
        this(documentType, storeName, storeAddress, date, time, items, subtotal, tax, tip, discount, total, currency,
                paymentMethod, invoiceNumber, dueDate, vendorTaxId, billTo, poNumber, taxLines,
                null, null, null, null, null, null, null);
    }

    /** One line item as printed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(@JsonProperty("name") String name,
                       @JsonProperty("qty") String qty,
                       @JsonProperty("unit_price") String unitPrice,
                       @JsonProperty("price") String price,
                       @JsonProperty("unit") String unit,
                       @JsonProperty("vat_category") String vatCategory,
                       @JsonProperty("vat_rate") String vatRate) {

        /** A line without unit and VAT. */
        public Item(String name, String qty, String unitPrice, String price) {
            this(name, qty, unitPrice, price, null, null, null);
        }
    }

    /** One tax line as printed (rate like "8%" or "0.08", amount, and the taxable base and VAT category when shown). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TaxLine(@JsonProperty("rate") String rate, @JsonProperty("amount") String amount,
                          @JsonProperty("base") String base, @JsonProperty("category") String category) {

        /** A tax line of rate and amount only. */
        public TaxLine(String rate, String amount) {
            this(rate, amount, null, null);
        }
    }

    /** A record with every field null, for building up in engines. */
    public static RawFields empty() {
        return new RawFields(null, null, null, null, null, List.of(), null, null, null, null, null, null,
                null, null, null, null, null, null, List.of());
    }
}
