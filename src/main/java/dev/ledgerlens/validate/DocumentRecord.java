package dev.ledgerlens.validate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A receipt or invoice after normalisation: decimals, ISO dates, ISO-4217 currency.
 * The hard constraints are on this type: a document without a total or a date is not a record.
 *
 * <p>{@code documentType} is {@code receipt}, {@code invoice} or {@code credit_note}; a credit note keeps its amounts
 * as the document states them (positive), so what it credits is told by the type, not by the sign. The fields after
 * {@code taxLines} came with e-invoices (EN 16931 BT numbers in docs/einvoices.md) and are null when not shown.
 */
public record DocumentRecord(
        @NotNull(message = "document type is unknown") String documentType,
        String storeName,
        String storeAddress,
        @NotNull(message = "no parseable date") LocalDate date,
        LocalTime time,
        @NotNull List<@Valid LineItem> items,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal tip,
        BigDecimal discount,
        @NotNull(message = "no total") BigDecimal total,
        @Pattern(regexp = "[A-Z]{3}", message = "is not an ISO-4217 code") String currency,
        String paymentMethod,
        String invoiceNumber,
        LocalDate dueDate,
        String vendorTaxId,
        String billTo,
        String poNumber,
        @NotNull List<@Valid TaxLine> taxLines,
        String vendorVatId,
        String buyerReference,
        BigDecimal netTotal,
        BigDecimal charges,
        BigDecimal amountDue,
        String iban,
        String typeCode) {

    public DocumentRecord {
        items = items == null ? List.of() : List.copyOf(items);
        taxLines = taxLines == null ? List.of() : List.copyOf(taxLines);
    }

    /** A record without the fields that came with e-invoices (they stay null). */
    public DocumentRecord(String documentType, String storeName, String storeAddress, LocalDate date, LocalTime time,
                          List<LineItem> items, BigDecimal subtotal, BigDecimal tax, BigDecimal tip, BigDecimal discount,
                          BigDecimal total, String currency, String paymentMethod, String invoiceNumber,
                          LocalDate dueDate, String vendorTaxId, String billTo, String poNumber, List<TaxLine> taxLines) {
        this(documentType, storeName, storeAddress, date, time, items, subtotal, tax, tip, discount, total, currency,
                paymentMethod, invoiceNumber, dueDate, vendorTaxId, billTo, poNumber, taxLines,
                null, null, null, null, null, null, null);
    }

    /** True for a credit note: its amounts are credited to the buyer, not owed by them. */
    public boolean isCreditNote() {
        return "credit_note".equals(documentType);
    }

    /**
     * One normalised line item; {@code unit} is the unit of measure code, {@code vatCategory} and {@code vatRate} (a
     * percentage) the line's VAT, when the document states them.
     */
    public record LineItem(String name, BigDecimal qty, BigDecimal unitPrice, BigDecimal price, String unit,
                           String vatCategory, BigDecimal vatRate) {

        /** A line without unit and VAT. */
        public LineItem(String name, BigDecimal qty, BigDecimal unitPrice, BigDecimal price) {
            this(name, qty, unitPrice, price, null, null, null);
        }
    }

    /**
     * One normalised tax line; {@code rate} is a percentage (8 for 8%), {@code amount} the tax, {@code base} the taxable
     * amount it is computed on and {@code category} the VAT category code (S, Z, E, AE, K, G, O, L, M), when stated.
     */
    public record TaxLine(BigDecimal rate, BigDecimal amount, BigDecimal base, String category) {

        /** A tax line of rate, amount and taxable base, without a category. */
        public TaxLine(BigDecimal rate, BigDecimal amount, BigDecimal base) {
            this(rate, amount, base, null);
        }

        /** A tax line of rate and amount only. */
        public TaxLine(BigDecimal rate, BigDecimal amount) {
            this(rate, amount, null, null);
        }
    }
}
