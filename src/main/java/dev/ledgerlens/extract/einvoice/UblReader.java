package dev.ledgerlens.extract.einvoice;

import com.helger.commons.error.IError;
import com.helger.commons.error.list.ErrorList;
import com.helger.ubl21.UBL21Marshaller;
import com.helger.ubl21.helper.UBL21CreditNoteHelper;
import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.render.InvoiceSyntax;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AddressType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.AllowanceChargeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.InvoiceLineType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.MonetaryTotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyTaxSchemeType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PartyType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.PaymentMeansType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxCategoryType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxSubtotalType;
import oasis.names.specification.ubl.schema.xsd.commonaggregatecomponents_21.TaxTotalType;
import oasis.names.specification.ubl.schema.xsd.creditnote_21.CreditNoteType;
import oasis.names.specification.ubl.schema.xsd.invoice_21.InvoiceType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads UBL 2.1 invoices and credit notes (XRechnung UBL, Peppol BIS Billing 3) with ph-ubl's JAXB binding, validated
 * against the UBL 2.1 schema while reading: an amount that is not a decimal or a misplaced element fails the read
 * ({@code EINVOICE_MALFORMED} with the schema's message) instead of becoming a silent null. Mustang reads UBL only
 * partly (no VAT breakdown, no schema check), hence ph-ubl here. A credit note is read through ph-ubl's own
 * credit-note-to-invoice copy, so one mapping serves both; its amounts stay as stated (positive).
 *
 * <p>Thread-safe: each call builds its own marshaller (JAXB contexts are cached by ph-jaxb).
 */
final class UblReader {

    EInvoice read(byte[] xml, InvoiceSyntax syntax, String what) {
        ErrorList errors = new ErrorList();
        InvoiceType invoice;
        if (syntax == InvoiceSyntax.UBL_CREDIT_NOTE) {
            CreditNoteType creditNote = UBL21Marshaller.creditNote().setCollectErrors(errors).read(xml);
            refuseIfUnread(creditNote, errors, what);
            invoice = new InvoiceType();
            UBL21CreditNoteHelper.cloneCreditNoteToInvoice(creditNote, invoice);
        } else {
            invoice = UBL21Marshaller.invoice().setCollectErrors(errors).read(xml);
            refuseIfUnread(invoice, errors, what);
        }

        List<EInvoice.VatBreakdown> breakdown = new ArrayList<>();
        BigDecimal taxTotal = null;
        String currency = Values.trimToNull(invoice.getDocumentCurrencyCodeValue());
        for (TaxTotalType total : invoice.getTaxTotal()) {
            // BT-110 is the TaxTotal in the document currency with its subtotals; a second one (BT-111) is in the VAT
            // accounting currency and has none
            boolean documentCurrency = total.getTaxAmount() == null || currency == null
                    || currency.equals(total.getTaxAmount().getCurrencyID());
            if (documentCurrency && taxTotal == null) {
                taxTotal = total.getTaxAmountValue();
                for (TaxSubtotalType subtotal : total.getTaxSubtotal()) {
                    TaxCategoryType category = subtotal.getTaxCategory();
                    breakdown.add(new EInvoice.VatBreakdown(category == null ? null : Values.trimToNull(category.getIDValue()),
                            category == null ? null : category.getPercentValue(), subtotal.getTaxableAmountValue(),
                            subtotal.getTaxAmountValue()));
                }
            }
        }
        List<EInvoice.Line> lines = new ArrayList<>();
        for (InvoiceLineType line : invoice.getInvoiceLine()) {
            TaxCategoryType tax = line.getItem() == null || line.getItem().getClassifiedTaxCategory().isEmpty()
                    ? null : line.getItem().getClassifiedTaxCategory().get(0);
            lines.add(new EInvoice.Line(line.getItem() == null ? null : Values.trimToNull(line.getItem().getNameValue()),
                    line.getInvoicedQuantityValue(),
                    line.getInvoicedQuantity() == null ? null : Values.trimToNull(line.getInvoicedQuantity().getUnitCode()),
                    line.getPrice() == null ? null : line.getPrice().getPriceAmountValue(),
                    line.getPrice() == null ? null : line.getPrice().getBaseQuantityValue(),
                    line.getLineExtensionAmountValue(),
                    tax == null ? null : Values.trimToNull(tax.getIDValue()), tax == null ? null : tax.getPercentValue()));
        }
        List<EInvoice.AllowanceCharge> allowancesCharges = new ArrayList<>();
        for (AllowanceChargeType entry : invoice.getAllowanceCharge()) {
            TaxCategoryType tax = entry.getTaxCategory().isEmpty() ? null : entry.getTaxCategory().get(0);
            allowancesCharges.add(new EInvoice.AllowanceCharge(entry.isChargeIndicatorValue(false), entry.getAmountValue(),
                    entry.getAllowanceChargeReason().isEmpty() ? null
                            : Values.trimToNull(entry.getAllowanceChargeReason().get(0).getValue()),
                    tax == null ? null : Values.trimToNull(tax.getIDValue()), tax == null ? null : tax.getPercentValue()));
        }
        PaymentMeansType means = invoice.getPaymentMeans().isEmpty() ? null : invoice.getPaymentMeans().get(0);
        MonetaryTotalType totals = invoice.getLegalMonetaryTotal();
        return new EInvoice(syntax,
                Values.trimToNull(invoice.getCustomizationIDValue()),
                Values.trimToNull(invoice.getIDValue()),
                invoice.getIssueDateValueLocal(),
                Values.trimToNull(invoice.getInvoiceTypeCodeValue()),
                currency,
                // an invoice states BT-9 in its header; a credit note has no header due date and states it per means
                invoice.getDueDateValueLocal() != null ? invoice.getDueDateValueLocal()
                        : means == null ? null : means.getPaymentDueDateValueLocal(),
                Values.trimToNull(invoice.getBuyerReferenceValue()),
                invoice.getOrderReference() == null ? null : Values.trimToNull(invoice.getOrderReference().getIDValue()),
                invoice.getAccountingSupplierParty() == null ? null : party(invoice.getAccountingSupplierParty().getParty()),
                invoice.getAccountingCustomerParty() == null ? null : party(invoice.getAccountingCustomerParty().getParty()),
                lines, allowancesCharges, breakdown,
                totals == null ? null : totals.getLineExtensionAmountValue(),
                totals == null ? null : totals.getAllowanceTotalAmountValue(),
                totals == null ? null : totals.getChargeTotalAmountValue(),
                totals == null ? null : totals.getTaxExclusiveAmountValue(),
                taxTotal,
                totals == null ? null : totals.getTaxInclusiveAmountValue(),
                totals == null ? null : totals.getPrepaidAmountValue(),
                totals == null ? null : totals.getPayableRoundingAmountValue(),
                totals == null ? null : totals.getPayableAmountValue(),
                means == null ? null : new EInvoice.Payment(Values.trimToNull(means.getPaymentMeansCodeValue()),
                        iban(means)));
    }

    private static void refuseIfUnread(Object read, ErrorList errors, String what) {
        if (read == null || errors.containsAtLeastOneError()) {
            String problems = errors.getAllErrors().stream().filter(IError::isError).limit(3)
                    .map(error -> error.getAsString(java.util.Locale.ROOT)).map(text -> text.length() > 300 ? text.substring(0, 300) + "…" : text)
                    .collect(Collectors.joining("; "));
            throw Values.malformed(what, "it does not follow the UBL 2.1 schema"
                    + (problems.isEmpty() ? "" : ": " + problems));
        }
    }

    private static String iban(PaymentMeansType means) {
        if (means.getPayeeFinancialAccount() != null) {
            return Values.trimToNull(means.getPayeeFinancialAccount().getIDValue());
        }
        if (means.getPaymentMandate() != null && means.getPaymentMandate().getPayerFinancialAccount() != null) {
            return Values.trimToNull(means.getPaymentMandate().getPayerFinancialAccount().getIDValue());
        }
        return null;
    }

    /** BT-27 is the legal registration name; the trading name (BT-28) only when there is none. */
    private static EInvoice.Party party(PartyType party) {
        if (party == null) {
            return null;
        }
        String name = party.getPartyLegalEntity().isEmpty() ? null
                : Values.trimToNull(party.getPartyLegalEntity().get(0).getRegistrationNameValue());
        if (name == null && !party.getPartyName().isEmpty()) {
            name = Values.trimToNull(party.getPartyName().get(0).getNameValue());
        }
        String vatId = null;
        String taxId = null;
        for (PartyTaxSchemeType scheme : party.getPartyTaxScheme()) {
            String schemeId = scheme.getTaxScheme() == null ? null : scheme.getTaxScheme().getIDValue();
            if ("VAT".equalsIgnoreCase(schemeId)) {
                vatId = vatId == null ? Values.trimToNull(scheme.getCompanyIDValue()) : vatId;
            } else {
                taxId = taxId == null ? Values.trimToNull(scheme.getCompanyIDValue()) : taxId;
            }
        }
        return new EInvoice.Party(name, vatId, taxId, address(party.getPostalAddress()));
    }

    private static String address(AddressType address) {
        if (address == null) {
            return null;
        }
        return Values.joined(address.getStreetNameValue(), address.getAdditionalStreetNameValue(),
                address.getAddressLine().isEmpty() ? null : address.getAddressLine().get(0).getLineValue(),
                address.getPostalZoneValue(), address.getCityNameValue(),
                address.getCountry() == null ? null : address.getCountry().getIdentificationCodeValue());
    }
}
