package dev.ledgerlens.extract;

import dev.ledgerlens.render.InvoiceSyntax;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * An e-invoice as its XML states it, in the terms of the EN 16931 semantic model (the BT-/BG- numbers below). Values
 * are typed and exact: amounts are the XML's decimals, never recomputed, so that the validate stage can check the
 * invoice's own arithmetic against what it says. Any field may be null when the profile does not carry it (MINIMUM and
 * BASIC WL carry no lines).
 *
 * @param syntax           CII or UBL
 * @param specification    BT-24, the specification identifier (which profile: Factur-X MINIMUM, XRechnung 3.0, …)
 * @param number           BT-1 invoice number
 * @param issueDate        BT-2
 * @param typeCode         BT-3, UNTDID 1001 (380 commercial invoice, 381 credit note, 384 corrected invoice, …)
 * @param currency         BT-5
 * @param dueDate          BT-9
 * @param buyerReference   BT-10 (in Germany the Leitweg-ID)
 * @param orderReference   BT-13 purchase order reference
 * @param seller           BG-4
 * @param buyer            BG-7
 * @param lines            BG-25
 * @param allowancesCharges BG-20 and BG-21, document-level allowances and charges
 * @param vatBreakdown     BG-23, one entry per VAT category and rate
 * @param lineTotal        BT-106 sum of invoice line net amounts
 * @param allowanceTotal   BT-107 sum of document-level allowances
 * @param chargeTotal      BT-108 sum of document-level charges
 * @param netTotal         BT-109 invoice total without VAT
 * @param taxTotal         BT-110 invoice total VAT amount
 * @param grandTotal       BT-112 invoice total with VAT
 * @param prepaid          BT-113 paid amount
 * @param rounding         BT-114 rounding amount
 * @param amountDue        BT-115 amount due for payment
 * @param payment          BG-16 payment instructions
 */
public record EInvoice(InvoiceSyntax syntax, String specification, String number, LocalDate issueDate, String typeCode,
                       String currency, LocalDate dueDate, String buyerReference, String orderReference,
                       Party seller, Party buyer, List<Line> lines, List<AllowanceCharge> allowancesCharges,
                       List<VatBreakdown> vatBreakdown, BigDecimal lineTotal, BigDecimal allowanceTotal,
                       BigDecimal chargeTotal, BigDecimal netTotal, BigDecimal taxTotal, BigDecimal grandTotal,
                       BigDecimal prepaid, BigDecimal rounding, BigDecimal amountDue, Payment payment) {
    /**
     * UNTDID 1001 codes EN 16931 allows for credit notes (81 credit note related to goods or services, 83 related to
     * financial adjustments, 261 self-billed, 262 consolidated, 296 for price change, 308 delcredere, 381 credit note,
     * 396 factored, 420 optical character reading, 458 forwarder's, 532 forwarder's).
     */
    public static final Set<String> CREDIT_NOTE_CODES = Set.of("81", "83", "261", "262", "296", "308", "381", "396",
            "420", "458", "532");

    public EInvoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
        allowancesCharges = allowancesCharges == null ? List.of() : List.copyOf(allowancesCharges);
        vatBreakdown = vatBreakdown == null ? List.of() : List.copyOf(vatBreakdown);
    }

    /** True for a UBL CreditNote and for a credit-note type code in either syntax. */
    public boolean isCreditNote() {
        return syntax == InvoiceSyntax.UBL_CREDIT_NOTE || (typeCode != null && CREDIT_NOTE_CODES.contains(typeCode));
    }

    /**
     * A party: the seller (BG-4) or the buyer (BG-7).
     *
     * @param name    BT-27 / BT-44
     * @param vatId   BT-31 / BT-48, the VAT identifier with its country prefix
     * @param taxId   BT-32, the seller's tax registration identifier (a national tax number)
     * @param address BG-5 / BG-8, lines, post code, city and country joined with ", "
     */
    public record Party(String name, String vatId, String taxId, String address) {
    }

    /**
     * One invoice line (BG-25).
     *
     * @param name         BT-153 item name
     * @param quantity     BT-129 invoiced quantity
     * @param unit         BT-130 unit of measure (UN/ECE Rec. 20: C62 one, HUR hour, KGM kilogram, …)
     * @param netPrice     BT-146 item net price, per {@code baseQuantity}
     * @param baseQuantity BT-149 item price base quantity (null: 1)
     * @param netAmount    BT-131 line net amount
     * @param vatCategory  BT-151 VAT category code (S standard, Z zero, E exempt, AE reverse charge, K, G, O, L, M)
     * @param vatRate      BT-152 VAT rate in percent
     */
    public record Line(String name, BigDecimal quantity, String unit, BigDecimal netPrice, BigDecimal baseQuantity,
                       BigDecimal netAmount, String vatCategory, BigDecimal vatRate) {
    }

    /**
     * A document-level allowance (BG-20) or charge (BG-21).
     *
     * @param charge      true for a charge, false for an allowance
     * @param amount      BT-92 / BT-99
     * @param reason      BT-97 / BT-104
     * @param vatCategory BT-95 / BT-102
     * @param vatRate     BT-96 / BT-103
     */
    public record AllowanceCharge(boolean charge, BigDecimal amount, String reason, String vatCategory,
                                  BigDecimal vatRate) {
    }

    /**
     * One VAT breakdown entry (BG-23).
     *
     * @param category BT-118 VAT category code
     * @param rate     BT-119 rate in percent
     * @param base     BT-116 taxable amount
     * @param amount   BT-117 tax amount
     */
    public record VatBreakdown(String category, BigDecimal rate, BigDecimal base, BigDecimal amount) {
    }

    /**
     * Payment instructions (BG-16).
     *
     * @param code  BT-81 payment means code (UNTDID 4461: 30 credit transfer, 58 SEPA credit transfer, 59 SEPA direct
     *              debit, …)
     * @param iban  BT-84 the payee's account (IBAN) for a transfer, or the debited account for a direct debit
     */
    public record Payment(String code, String iban) {
    }
}
