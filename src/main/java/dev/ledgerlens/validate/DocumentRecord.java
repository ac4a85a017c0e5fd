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
        @NotNull List<@Valid TaxLine> taxLines) {

    public DocumentRecord {
        items = items == null ? List.of() : List.copyOf(items);
        taxLines = taxLines == null ? List.of() : List.copyOf(taxLines);
    }

    /** One normalised line item. */
    public record LineItem(String name, BigDecimal qty, BigDecimal unitPrice, BigDecimal price) {
    }

    /**
     * One normalised tax line; {@code rate} is a percentage (8 for 8%). {@code base} is the taxable amount the
     * document prints for the rate, when it prints one (e-invoices do); null when unknown.
     */
    public record TaxLine(BigDecimal rate, BigDecimal amount, BigDecimal base) {
        /** A tax line whose taxable base is not printed. */
        public TaxLine(BigDecimal rate, BigDecimal amount) {
            this(rate, amount, null);
        }
    }
}
