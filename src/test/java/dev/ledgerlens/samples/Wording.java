package dev.ledgerlens.samples;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * How one language and country prints an invoice or a receipt: its labels (several per field, so that layouts use
 * different ones), its date forms, its number format, its currency and tax rates, and names to fill documents with.
 * The words are what such documents commonly print, not any one vendor's template. Immutable.
 *
 * @param code          short name used in document names ("de", "en-us")
 * @param locale        the locale of named dates
 * @param title         the document title of an invoice
 * @param invoiceNumber labels of the invoice number
 * @param receiptNumber label of a till receipt's number
 * @param date          labels of the issue date
 * @param dueDate       labels of the due date
 * @param billTo        labels of the customer block
 * @param customerNumber label of the customer's number (a number that is not the invoice number)
 * @param description   column header of the item description
 * @param quantity      column header of the quantity
 * @param unitPrice     column header of the unit price
 * @param amount        column header of the line amount
 * @param subtotal      labels of the amount before tax
 * @param tax           the tax's name (VAT, MwSt., TVA…)
 * @param totals        labels of the amount to pay
 * @param taxId         label of the vendor's tax number
 * @param numericDate   the numeric date form
 * @param namedDate     the date form with the month's name
 * @param decimalComma  amounts print a decimal comma
 * @param grouping      the thousands separator
 * @param currency      ISO code
 * @param symbol        the printed currency sign
 * @param symbolFirst   the sign stands before the amount
 * @param rates         tax rates, standard first
 * @param vendors       vendor names (with legal forms, accents)
 * @param customers     customer names
 * @param streets       a street line per vendor
 * @param cities        a postcode-and-city line per vendor
 * @param items         item descriptions
 * @param thanks        a closing sentence
 */
record Wording(String code, Locale locale, String title, List<String> invoiceNumber, String receiptNumber,
               List<String> date, List<String> dueDate, List<String> billTo, String customerNumber,
               List<String> description, List<String> quantity, List<String> unitPrice, List<String> amount,
               List<String> subtotal, String tax, List<String> totals, String taxId,
               DateTimeFormatter numericDate, DateTimeFormatter namedDate, boolean decimalComma, String grouping,
               String currency, String symbol, boolean symbolFirst, List<String> rates,
               List<String> vendors, List<String> customers, List<String> streets, List<String> cities,
               List<String> items, String thanks) {

    /** {@code list.get(index)} wrapping around: layouts pick different labels by their number. */
    static String pick(List<String> list, int index) {
        return list.get(Math.floorMod(index, list.size()));
    }

    /** The amount as this language prints it, without currency: "1.234,56", "1 234,56", "1,234.56". */
    String number(BigDecimal value) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setDecimalSeparator(decimalComma ? ',' : '.');
        symbols.setGroupingSeparator(grouping.charAt(0));
        DecimalFormat format = new DecimalFormat("#,##0.00", symbols);
        return format.format(value.setScale(2, RoundingMode.HALF_UP));
    }

    /** The amount with its currency sign where this language puts it. */
    String money(BigDecimal value) {
        return symbolFirst ? symbol + (symbol.equals("€") ? " " : "") + number(value) : number(value) + " " + symbol;
    }

    /** A quantity: whole numbers without decimals, others with this language's decimal mark. */
    String quantity(BigDecimal value) {
        String plain = value.stripTrailingZeros().toPlainString();
        return decimalComma ? plain.replace('.', ',') : plain;
    }

    /** A tax rate as printed in a label: "19%", "5,5 %". */
    String rate(BigDecimal rate) {
        return quantity(rate) + (locale.getLanguage().equals("fr") ? " %" : "%");
    }

    String date(LocalDate day, boolean named) {
        return (named ? namedDate : numericDate).format(day);
    }

    private static DateTimeFormatter pattern(String pattern, Locale locale) {
        return DateTimeFormatter.ofPattern(pattern, locale);
    }

    /** The languages documents are generated in. */
    static List<Wording> all() {
        return List.of(english(), american(), german(), french(), dutch(), spanish(), italian());
    }

    static Wording english() {
        Locale locale = Locale.UK;
        return new Wording("en-gb", locale, "INVOICE", List.of("Invoice no.", "Invoice number", "Invoice #", "Invoice No"),
                "Receipt no.", List.of("Invoice date", "Date", "Issue date", "Date of issue"), List.of("Due date", "Payment due", "Due"),
                List.of("Bill to", "Invoice to", "Customer"), "Customer no.",
                List.of("Description", "Item", "Description", "Details"), List.of("Qty", "Quantity"),
                List.of("Unit price", "Price", "Rate"), List.of("Amount", "Total", "Line total"),
                List.of("Subtotal", "Net amount", "Total excl. VAT"), "VAT",
                List.of("Total due", "Amount due", "Balance due", "Grand total", "TOTAL"), "VAT no.",
                pattern("dd/MM/yyyy", locale), pattern("d MMMM yyyy", locale), false, ",", "GBP", "£", true,
                List.of("20", "5"),
                List.of("Pennine Office Supplies Ltd", "Harbour & Finch Stationers Ltd", "Kestrel Digital Services Ltd", "Oakwood Print Co."),
                List.of("Calder Valley Schools Trust", "Northgate Dental Practice", "Ribble Builders Ltd"),
                List.of("7 Canal Wharf", "22 Quay Street", "14 Mill Lane", "3 Castle Road"),
                List.of("Manchester M1 3LQ", "Bristol BS1 4DJ", "York YO1 7HH", "Leeds LS1 4AB"),
                List.of("A4 copier paper, 5 reams", "Toner cartridge black", "Website maintenance", "Desk chair", "Printed flyers",
                        "Ring binders, box", "On-site support hours", "USB-C docking station", "Whiteboard markers"),
                "Thank you for your business.");
    }

    static Wording american() {
        Locale locale = Locale.US;
        return new Wording("en-us", locale, "INVOICE", List.of("Invoice #", "Invoice number", "Invoice no.", "Invoice No"),
                "Receipt #", List.of("Invoice date", "Date", "Date issued", "Invoice date"), List.of("Due date", "Payment due", "Due by"),
                List.of("Bill to", "Sold to", "Customer"), "Account no.",
                List.of("Description", "Item", "Description", "Service"), List.of("Qty", "Quantity", "Hours"),
                List.of("Unit price", "Rate", "Price"), List.of("Amount", "Total", "Line total"),
                List.of("Subtotal", "Subtotal", "Sub-total"), "Sales tax",
                List.of("Total", "Amount due", "Balance due", "Total due", "Grand total"), "EIN",
                pattern("MM/dd/yyyy", locale), pattern("MMMM d, yyyy", locale), false, ",", "USD", "$", true,
                List.of("8.25"),
                List.of("Brightline Consulting LLC", "Cascade Print & Sign Inc.", "Red Mesa Hardware Co.", "Summit Data Partners LLC"),
                List.of("Harbor Freight Logistics", "Evergreen Dental Clinic", "Lakeside Property Group"),
                List.of("455 Market Street, Suite 900", "2120 Western Avenue", "87 Canyon Road", "1200 Main Street"),
                List.of("San Francisco, CA 94105", "Seattle, WA 98121", "Santa Fe, NM 87501", "Dallas, TX 75201"),
                List.of("Process review workshop", "Vinyl banner 3x8 ft", "Business cards, 500", "Cordless drill kit",
                        "Data migration", "Consulting hours", "Safety gloves, box", "Shipping and handling", "LED shop light"),
                "Thank you for your business!");
    }

    static Wording german() {
        Locale locale = Locale.GERMANY;
        return new Wording("de", locale, "RECHNUNG", List.of("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Belegnummer"),
                "Bon-Nr.", List.of("Rechnungsdatum", "Datum", "Rechnungsdatum", "Datum"), List.of("Fällig am", "Zahlbar bis", "Fälligkeitsdatum"),
                List.of("Rechnungsempfänger", "Kunde", "Rechnung an"), "Kundennummer",
                List.of("Bezeichnung", "Beschreibung", "Artikel", "Leistung"), List.of("Menge", "Anzahl"),
                List.of("Einzelpreis", "Preis", "E-Preis"), List.of("Gesamt", "Betrag", "Gesamtpreis"),
                List.of("Zwischensumme", "Nettobetrag", "Summe netto"), "MwSt.",
                List.of("Gesamtbetrag", "Rechnungsbetrag", "Zu zahlen", "Summe", "Endbetrag"), "USt-IdNr.",
                pattern("dd.MM.yyyy", locale), pattern("d. MMMM yyyy", locale), true, ".", "EUR", "€", false,
                List.of("19", "7"),
                List.of("Müller & Weber GmbH", "Bürobedarf Schäfer GmbH", "Schreinerei Holzmann KG", "Elektro Krause GmbH"),
                List.of("Lindqvist Design GmbH", "Praxis Dr. Neumann", "Stadtwerke Kleinfeld GmbH"),
                List.of("Königstraße 28", "Hauptstraße 112", "Am Gewerbepark 4", "Lindenallee 9"),
                List.of("70173 Stuttgart", "69117 Heidelberg", "28195 Bremen", "04109 Leipzig"),
                List.of("Kopierpapier A4, 5 Pakete", "Montage Küchenzeile", "Schreibtischstuhl", "Druckerpatrone schwarz",
                        "Beratung (Stunden)", "Aktenordner, Karton", "Kabelkanal 2 m", "Anfahrtspauschale", "Lieferung"),
                "Vielen Dank für Ihren Auftrag.");
    }

    static Wording french() {
        Locale locale = Locale.FRANCE;
        return new Wording("fr", locale, "FACTURE", List.of("N° de facture", "Facture n°", "Numéro de facture", "N° facture"),
                "Ticket n°", List.of("Date de facture", "Date", "Date d'émission", "Date"), List.of("Date d'échéance", "Échéance", "À payer avant le"),
                List.of("Facturé à", "Client", "Adresse de facturation"), "N° client",
                List.of("Désignation", "Description", "Libellé", "Désignation"), List.of("Qté", "Quantité"),
                List.of("Prix unitaire", "P.U. HT", "Prix unit."), List.of("Montant", "Total HT", "Montant HT"),
                List.of("Total HT", "Montant HT", "Sous-total"), "TVA",
                List.of("Total TTC", "Net à payer", "Montant TTC", "Total à payer"), "N° TVA",
                pattern("dd/MM/yyyy", locale), pattern("d MMMM yyyy", locale), true, " ", "EUR", "€", false,
                List.of("20", "5.5"),
                List.of("Boulangerie Lefèvre SARL", "Atelier Dubois SAS", "Imprimerie Moreau & Fils", "Électricité Garnier SARL"),
                List.of("Hôtel du Parc", "Cabinet Girard", "Mairie de Saint-Rémy"),
                List.of("12 rue des Martyrs", "45 avenue Jean Jaurès", "8 place du Marché", "3 boulevard Voltaire"),
                List.of("75009 Paris", "69007 Lyon", "33000 Bordeaux", "13001 Marseille"),
                List.of("Croissants au beurre", "Pain de campagne", "Location vitrine", "Impression flyers A5",
                        "Main d'œuvre (heures)", "Câble électrique 3G2,5", "Tableau électrique", "Déplacement", "Cartes de visite"),
                "Merci de votre confiance.");
    }

    static Wording dutch() {
        Locale locale = Locale.forLanguageTag("nl-NL");
        return new Wording("nl", locale, "FACTUUR", List.of("Factuurnummer", "Factuurnr.", "Factuur nr.", "Factuurnummer"),
                "Bonnummer", List.of("Factuurdatum", "Datum", "Factuurdatum", "Datum"), List.of("Vervaldatum", "Te betalen voor", "Uiterste betaaldatum"),
                List.of("Factuuradres", "Klant", "Aan"), "Klantnummer",
                List.of("Omschrijving", "Artikel", "Omschrijving", "Product"), List.of("Aantal", "Aantal"),
                List.of("Prijs", "Stukprijs", "Prijs per stuk"), List.of("Bedrag", "Totaal", "Bedrag"),
                List.of("Subtotaal", "Totaal excl. BTW", "Subtotaal"), "BTW",
                List.of("Totaal", "Te betalen", "Totaal incl. BTW", "Totaalbedrag"), "BTW-nummer",
                pattern("dd-MM-yyyy", locale), pattern("d MMMM yyyy", locale), true, ".", "EUR", "€", true,
                List.of("21", "9"),
                List.of("Drukkerij De Vries B.V.", "Van der Berg Installatietechniek B.V.", "Koffiebranderij Smit B.V.", "Bakkerij Jansen"),
                List.of("Gemeente Zeewolde", "Tandartspraktijk Bakker", "Hoveniersbedrijf Visser"),
                List.of("Keizersgracht 212", "Stationsweg 15", "Industrieweg 7", "Markt 3"),
                List.of("1016 DX Amsterdam", "3511 AA Utrecht", "2491 BJ Den Haag", "5611 EB Eindhoven"),
                List.of("Visitekaartjes, 500 stuks", "Onderhoud cv-ketel", "Koffiebonen 1 kg", "Arbeidsloon (uren)",
                        "Folders A5", "Voorrijkosten", "Thermostaat", "Broodjes belegd", "Taart"),
                "Bedankt voor uw bestelling.");
    }

    static Wording spanish() {
        Locale locale = Locale.forLanguageTag("es-ES");
        return new Wording("es", locale, "FACTURA", List.of("Nº de factura", "Número de factura", "Factura nº", "Nº factura"),
                "Ticket nº", List.of("Fecha de factura", "Fecha", "Fecha de emisión", "Fecha"), List.of("Fecha de vencimiento", "Vencimiento", "Vence"),
                List.of("Facturar a", "Cliente", "Datos del cliente"), "Nº cliente",
                List.of("Descripción", "Concepto", "Artículo", "Descripción"), List.of("Cantidad", "Cant."),
                List.of("Precio unitario", "Precio", "Precio unit."), List.of("Importe", "Total", "Importe"),
                List.of("Base imponible", "Subtotal", "Base imponible"), "IVA",
                List.of("Total a pagar", "Importe total", "Total factura", "TOTAL"), "CIF",
                pattern("dd/MM/yyyy", locale), pattern("d 'de' MMMM 'de' yyyy", locale), true, ".", "EUR", "€", false,
                List.of("21", "10"),
                List.of("Suministros Martínez S.L.", "Gráficas del Sur S.A.", "Carpintería López S.L.", "Papelería Ruiz S.L."),
                List.of("Hotel Mirador", "Clínica Dental Sanz", "Ayuntamiento de Tordera"),
                List.of("Calle Mayor 24", "Avenida de la Constitución 8", "Paseo de Gracia 101", "Calle del Prado 5"),
                List.of("28013 Madrid", "41001 Sevilla", "08008 Barcelona", "46002 Valencia"),
                List.of("Papel A4, 5 paquetes", "Mano de obra (horas)", "Tarjetas de visita", "Mesa de roble",
                        "Cartucho de tinta", "Desplazamiento", "Folletos A5", "Armario de cocina", "Silla de oficina"),
                "Gracias por su confianza.");
    }

    static Wording italian() {
        Locale locale = Locale.ITALY;
        return new Wording("it", locale, "FATTURA", List.of("Numero fattura", "Fattura n.", "N. fattura", "Numero documento"),
                "Scontrino n.", List.of("Data fattura", "Data", "Data documento", "Data"), List.of("Scadenza", "Data scadenza", "Scadenza pagamento"),
                List.of("Intestatario", "Cliente", "Destinatario"), "Codice cliente",
                List.of("Descrizione", "Articolo", "Descrizione", "Prodotto"), List.of("Quantità", "Q.tà"),
                List.of("Prezzo unitario", "Prezzo", "Prezzo unit."), List.of("Importo", "Totale", "Importo"),
                List.of("Imponibile", "Totale imponibile", "Subtotale"), "IVA",
                List.of("Totale documento", "Totale da pagare", "Totale fattura", "Netto a pagare"), "P. IVA",
                pattern("dd/MM/yyyy", locale), pattern("d MMMM yyyy", locale), true, ".", "EUR", "€", true,
                List.of("22", "10"),
                List.of("Tipografia Rossi S.r.l.", "Ferramenta Bianchi S.n.c.", "Studio Conti S.r.l.", "Forniture Esposito S.p.A."),
                List.of("Albergo Bellavista", "Comune di Sarnico", "Studio Medico Ferri"),
                List.of("Via Roma 15", "Corso Vittorio Emanuele 84", "Piazza Garibaldi 2", "Via Dante 41"),
                List.of("20121 Milano", "10121 Torino", "40124 Bologna", "80133 Napoli"),
                List.of("Biglietti da visita", "Manodopera (ore)", "Carta A4, 5 risme", "Cartuccia toner",
                        "Trasporto", "Volantini A5", "Viti e tasselli", "Scrivania in rovere", "Sedia da ufficio"),
                "Grazie per la fiducia.");
    }
}
