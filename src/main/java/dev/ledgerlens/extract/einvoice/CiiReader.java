package dev.ledgerlens.extract.einvoice;

import dev.ledgerlens.extract.EInvoice;
import dev.ledgerlens.render.InvoiceSyntax;
import org.mustangproject.CalculatedInvoice;
import org.mustangproject.Charge;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.IZUGFeRDAllowanceCharge;
import org.mustangproject.ZUGFeRD.IZUGFeRDExportableItem;
import org.mustangproject.ZUGFeRD.ZUGFeRDImporter;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CII invoices (ZUGFeRD 1 and 2, Factur-X in every profile, XRechnung CII) with Mustang: its importer gives the
 * invoice's parties, lines, references and currency. Where it falls short of exactness, the values are taken from the
 * same document Mustang parsed, by their CII paths: the monetary summation and the VAT breakdown as stated (Mustang
 * keeps no BG-23 and recomputes totals), the dates strictly (its date parsing is lenient and turns a 13th month into
 * next year), the specification identifier and the payment means. Mustang's own total recalculation is switched off:
 * checking the invoice's arithmetic is the validate stage's job, with named rules.
 *
 * <p>Thread-safe: each call uses its own importer.
 */
final class CiiReader {

    EInvoice read(byte[] xml, InvoiceSyntax syntax, String what) {
        Importer importer = new Importer();
        CalculatedInvoice invoice = new CalculatedInvoice();
        try {
            importer.doIgnoreCalculationErrors();
            importer.setRawXML(xml, false);
            if (!importer.canParse()) {
                throw Values.malformed(what, "Mustang does not recognise it as a CII invoice (no ExchangedDocumentContext)");
            }
            importer.extractInto(invoice);
        } catch (IOException | ParseException | XPathExpressionException | RuntimeException e) {
            if (e instanceof dev.ledgerlens.failure.LedgerlensException failure) {
                throw failure;
            }
            // Mustang reports a non-number amount as NumberFormatException, a broken structure as its own exceptions
            throw Values.malformed(what, "Mustang cannot read it: " + e);
        }
        boolean zugferd1 = syntax == InvoiceSyntax.ZUGFERD_1;
        Dom dom = new Dom();
        Element root = importer.root();
        Element settlement = dom.first(root, zugferd1
                ? "*[local-name()='SpecifiedSupplyChainTradeTransaction']/*[local-name()='ApplicableSupplyChainTradeSettlement']"
                : "*[local-name()='SupplyChainTradeTransaction']/*[local-name()='ApplicableHeaderTradeSettlement']");
        Element document = dom.first(root, zugferd1 ? "*[local-name()='HeaderExchangedDocument']" : "*[local-name()='ExchangedDocument']");
        Element summation = settlement == null ? null : dom.first(settlement, zugferd1
                ? "*[local-name()='SpecifiedTradeSettlementMonetarySummation']"
                : "*[local-name()='SpecifiedTradeSettlementHeaderMonetarySummation']");
        // Mustang looks for the currency under ZUGFeRD 2's settlement element only; ZUGFeRD 1 states it under its own
        String currency = Values.trimToNull(invoice.getCurrency());
        if (currency == null) {
            currency = Values.trimToNull(dom.text(settlement, "InvoiceCurrencyCode"));
        }

        List<EInvoice.VatBreakdown> breakdown = new ArrayList<>();
        for (Element tax : dom.all(settlement, "*[local-name()='ApplicableTradeTax']")) {
            String rate = dom.text(tax, zugferd1 ? "ApplicablePercent" : "RateApplicablePercent");
            breakdown.add(new EInvoice.VatBreakdown(Values.trimToNull(dom.text(tax, "CategoryCode")),
                    Values.decimal(rate, "BT-119 VAT rate", what),
                    Values.decimal(dom.text(tax, "BasisAmount"), "BT-116 VAT taxable amount", what),
                    Values.decimal(dom.text(tax, "CalculatedAmount"), "BT-117 VAT amount", what)));
        }
        List<EInvoice.Line> lines = new ArrayList<>();
        IZUGFeRDExportableItem[] items = invoice.getZFItems();
        items = items == null ? new IZUGFeRDExportableItem[0] : items;
        // BT-131 as stated, from the line's own summation: Mustang reads it for ZUGFeRD 2 only, and rescales it
        List<Element> lineElements = dom.all(dom.first(root, zugferd1 ? "*[local-name()='SpecifiedSupplyChainTradeTransaction']"
                : "*[local-name()='SupplyChainTradeTransaction']"), "*[local-name()='IncludedSupplyChainTradeLineItem']");
        for (int i = 0; i < items.length; i++) {
            IZUGFeRDExportableItem item = items[i];
            String netAmount = i < lineElements.size() ? dom.textAt(lineElements.get(i), "*[local-name()='"
                    + (zugferd1 ? "SpecifiedSupplyChainTradeSettlement" : "SpecifiedLineTradeSettlement") + "']"
                    + "/*[local-name()='SpecifiedTradeSettlementMonetarySummation'"
                    + " or local-name()='SpecifiedTradeSettlementLineMonetarySummation']/*[local-name()='LineTotalAmount']") : null;
            lines.add(new EInvoice.Line(Values.trimToNull(item.getProduct().getName()), item.getQuantity(),
                    Values.trimToNull(item.getProduct().getUnit()), item.getPrice(), item.getBasisQuantity(),
                    Values.decimal(netAmount, "BT-131 line net amount", what),
                    Values.trimToNull(item.getProduct().getTaxCategoryCode()), item.getProduct().getVATPercent()));
        }
        List<EInvoice.AllowanceCharge> allowancesCharges = new ArrayList<>();
        addAll(allowancesCharges, invoice.getZFAllowances(), false, what);
        addAll(allowancesCharges, invoice.getZFCharges(), true, what);
        Element means = dom.first(settlement, "*[local-name()='SpecifiedTradeSettlementPaymentMeans']");
        EInvoice.Payment payment = means == null ? null : new EInvoice.Payment(Values.trimToNull(dom.text(means, "TypeCode")),
                Values.trimToNull(dom.textAt(means, "*[local-name()='PayeePartyCreditorFinancialAccount'"
                        + " or local-name()='PayerPartyDebtorFinancialAccount']/*[local-name()='IBANID']")));

        return new EInvoice(syntax,
                Values.trimToNull(dom.textAt(root, "*[local-name()='ExchangedDocumentContext' or local-name()='SpecifiedExchangedDocumentContext']"
                        + "/*[local-name()='GuidelineSpecifiedDocumentContextParameter']/*[local-name()='ID']")),
                Values.trimToNull(invoice.getNumber()),
                Values.ciiDate(dom.textAt(document, "*[local-name()='IssueDateTime']/*[local-name()='DateTimeString']"),
                        "BT-2 issue date", what),
                Values.trimToNull(dom.text(document, "TypeCode")),
                currency,
                Values.ciiDate(dom.textAt(settlement, "*[local-name()='SpecifiedTradePaymentTerms']/*[local-name()='DueDateDateTime']"
                        + "/*[local-name()='DateTimeString']"), "BT-9 due date", what),
                Values.trimToNull(invoice.getReferenceNumber()),
                orderReference(dom, invoice, root, zugferd1),
                party(invoice.getSender()), party(invoice.getRecipient()),
                lines, allowancesCharges, breakdown,
                Values.decimal(dom.text(summation, "LineTotalAmount"), "BT-106 sum of line net amounts", what),
                Values.decimal(dom.text(summation, "AllowanceTotalAmount"), "BT-107 sum of allowances", what),
                Values.decimal(dom.text(summation, "ChargeTotalAmount"), "BT-108 sum of charges", what),
                Values.decimal(dom.text(summation, "TaxBasisTotalAmount"), "BT-109 total without VAT", what),
                Values.decimal(taxTotal(dom, summation, currency), "BT-110 total VAT", what),
                Values.decimal(dom.text(summation, "GrandTotalAmount"), "BT-112 total with VAT", what),
                Values.decimal(dom.text(summation, "TotalPrepaidAmount"), "BT-113 paid amount", what),
                Values.decimal(dom.text(summation, "RoundingAmount"), "BT-114 rounding amount", what),
                Values.decimal(dom.text(summation, "DuePayableAmount"), "BT-115 amount due", what),
                payment);
    }

    private static void addAll(List<EInvoice.AllowanceCharge> out, IZUGFeRDAllowanceCharge[] found, boolean charge,
                               String what) {
        if (found == null) {
            return;
        }
        for (IZUGFeRDAllowanceCharge entry : found) {
            if (!(entry instanceof Charge stated)) {
                continue; // Mustang's importer makes Allowance and Charge objects only
            }
            BigDecimal amount;
            try {
                // Mustang's Allowance and Charge throw when neither an amount nor a percentage was read
                amount = stated.getTotalAmount();
            } catch (RuntimeException e) {
                throw Values.malformed(what, "a document " + (charge ? "charge" : "allowance")
                        + " states no amount (BT-99 / BT-92)");
            }
            out.add(new EInvoice.AllowanceCharge(charge, amount, Values.trimToNull(stated.getReason()),
                    Values.trimToNull(stated.getTaxCategoryCode()), stated.getTaxRateApplicablePercent()));
        }
    }

    /**
     * BT-13: Mustang reads it under ZUGFeRD 2's agreement element only; ZUGFeRD 1 has its own element, and writers put
     * the number in ID (as its schema says) or in IssuerAssignedID (as Mustang's writer does).
     */
    private static String orderReference(Dom dom, CalculatedInvoice invoice, Element root, boolean zugferd1) {
        if (invoice.getBuyerOrderReferencedDocument() != null) {
            String id = Values.trimToNull(invoice.getBuyerOrderReferencedDocument().getIssuerAssignedID());
            if (id != null) {
                return id;
            }
        }
        return zugferd1 ? Values.trimToNull(dom.textAt(root, "*[local-name()='SpecifiedSupplyChainTradeTransaction']"
                + "/*[local-name()='ApplicableSupplyChainTradeAgreement']/*[local-name()='BuyerOrderReferencedDocument']"
                + "/*[local-name()='ID' or local-name()='IssuerAssignedID']")) : null;
    }

    private static EInvoice.Party party(TradeParty party) {
        if (party == null) {
            return null;
        }
        return new EInvoice.Party(Values.trimToNull(party.getName()), Values.trimToNull(party.getVATID()),
                Values.trimToNull(party.getTaxID()),
                Values.joined(party.getStreet(), party.getAdditionalAddress(), party.getAdditionalAddressExtension(),
                        party.getZIP(), party.getLocation(), party.getCountry()));
    }

    /**
     * BT-110: CII may state the tax total twice, in the invoice currency and in the VAT accounting currency (BT-111);
     * the one in the invoice currency, or the only one.
     */
    private static String taxTotal(Dom dom, Element summation, String currency) {
        List<Element> totals = dom.all(summation, "*[local-name()='TaxTotalAmount']");
        for (Element total : totals) {
            if (currency != null && currency.equals(total.getAttribute("currencyID"))) {
                return total.getTextContent();
            }
        }
        return totals.isEmpty() ? null : totals.get(0).getTextContent();
    }

    /**
     * Paths into the document Mustang parsed. One XPath per read: the JDK's own factory (no service lookup per path),
     * and XPath objects are not thread-safe.
     */
    private static final class Dom {
        private final XPath xpath = XPathFactory.newDefaultInstance().newXPath();

        String text(Element parent, String localName) {
            return textAt(parent, "*[local-name()='" + localName + "']");
        }

        String textAt(Element parent, String path) {
            Element element = first(parent, path);
            return element == null ? null : element.getTextContent();
        }

        Element first(Element parent, String path) {
            List<Element> found = all(parent, path);
            return found.isEmpty() ? null : found.get(0);
        }

        List<Element> all(Element parent, String path) {
            List<Element> found = new ArrayList<>();
            if (parent == null) {
                return found;
            }
            try {
                NodeList nodes = (NodeList) xpath.evaluate(path, parent, XPathConstants.NODESET);
                for (int i = 0; i < nodes.getLength(); i++) {
                    if (nodes.item(i) instanceof Element element) {
                        found.add(element);
                    }
                }
                return found;
            } catch (XPathExpressionException e) {
                throw new IllegalStateException("a fixed CII path does not compile: " + path, e); // a defect here
            }
        }
    }

    /** Mustang's importer with the document it parsed in reach. */
    private static final class Importer extends ZUGFeRDImporter {
        Element root() {
            Node node = getDocument() == null ? null : getDocument().getDocumentElement();
            return node instanceof Element element ? element : null;
        }
    }
}
