package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;
import dev.ledgerlens.render.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The field rules together on whole receipts and invoices written for these tests (typed text, no OCR). */
class ReceiptParserTest {
    private final ReceiptParser parser = new ReceiptParser();
    private final LineAssembler assembler = new LineAssembler();

    private RawFields read(String text) {
        return TypedReceipts.read(text);
    }

    @Test
    void readsAMalaysianTillReceipt() {
        RawFields fields = read("""
                THANK YOU FOR SHOPPING
                KEDAI RUNCIT MAJU JAYA SDN BHD (123456-K)
                NO 5, JALAN MAWAR 3,
                TAMAN BUNGA, 43000 KAJANG, SELANGOR
                TEL: 03-8736 1234
                GST ID : 001234567890
                TAX INVOICE
                DATE: 07/03/2018 14:22
                ITEM QTY PRICE AMOUNT
                MILO 1KG 2 x 15.90 31.80
                ROTI GARDENIA 1 3.50 3.50
                SUB TOTAL 35.30
                GST 6% 2.12
                ROUNDING ADJ -0.02
                ROUNDED TOTAL (RM) 37.40
                CASH 50.00
                CHANGE 12.60
                """);

        assertThat(fields.storeName()).isEqualTo("KEDAI RUNCIT MAJU JAYA SDN BHD");
        assertThat(fields.storeAddress()).isEqualTo("NO 5, JALAN MAWAR 3, TAMAN BUNGA, 43000 KAJANG, SELANGOR");
        assertThat(fields.date()).isEqualTo("07/03/2018");
        assertThat(fields.time()).isEqualTo("14:22");
        assertThat(fields.subtotal()).isEqualTo("35.30");
        assertThat(fields.tax()).isEqualTo("2.12");
        assertThat(fields.total()).isEqualTo("37.40");
        assertThat(fields.currency()).isEqualTo("MYR");
        assertThat(fields.paymentMethod()).isEqualTo("CASH");
        assertThat(fields.items()).containsExactly(
                new RawFields.Item("MILO 1KG", "2", "15.90", "31.80"),
                new RawFields.Item("ROTI GARDENIA", "1", "3.50", "3.50"));
    }

    @Test
    void respellsWordsOfTheNameAndAddressThatOcrMisreadByOneLetter() {
        String receipt = """
                VERBENA CONFECTIUNERY SDN BHD
                NO 5, JALAN MAWAR 3,
                TANAN BUNGA, 43000 KAJANG, SCLANGOR
                DATE: 07/03/2018 14:22
                TOTAL 37.40
                """;
        RawFields fields = TypedReceipts.scanned(receipt);
        assertThat(fields.storeName()).isEqualTo("VERBENA CONFECTIONERY SDN BHD");
        assertThat(fields.storeAddress()).isEqualTo("NO 5, JALAN MAWAR 3, TAMAN BUNGA, 43000 KAJANG, SELANGOR");
        // a text layer is exact: its words are printed so
        assertThat(read(receipt).storeName()).isEqualTo("VERBENA CONFECTIUNERY SDN BHD");
        // without the vocabulary of names and addresses the words stay as read
        RawFields bare = new ReceiptParser(LineJoin.COMMA, Labels.none()).parse(TypedReceipts.scannedLines(receipt)).fields();
        assertThat(bare.storeAddress()).contains("TANAN BUNGA").contains("SCLANGOR");
    }

    @Test
    void readsAGermanInvoiceWithCommaDecimals() {
        RawFields fields = read("""
                Müller Bürobedarf GmbH
                Hauptstraße 12, 10115 Berlin
                INVOICE
                Invoice No: RE-2026-117
                Date: 14.10.2026
                Due date: 13.11.2026
                VAT ID: DE123456789
                Bill to: Acme AG
                Description Qty Unit price Amount
                Toner cartridge 2 49,90 99,80
                Subtotal 99,80
                VAT 19% 18,96
                Total EUR 1.118,76
                Payment: Bank transfer
                """);

        assertThat(fields.documentType()).isEqualTo("invoice");
        assertThat(fields.storeName()).isEqualTo("Müller Bürobedarf GmbH");
        assertThat(fields.storeAddress()).isEqualTo("Hauptstraße 12, 10115 Berlin");
        assertThat(fields.invoiceNumber()).isEqualTo("RE-2026-117");
        assertThat(fields.date()).isEqualTo("14.10.2026");
        assertThat(fields.dueDate()).isEqualTo("13.11.2026");
        assertThat(fields.vendorTaxId()).isEqualTo("DE123456789");
        assertThat(fields.billTo()).isEqualTo("Acme AG");
        assertThat(fields.subtotal()).isEqualTo("99,80");
        assertThat(fields.tax()).isEqualTo("18,96");
        assertThat(fields.total()).as("the amount only, without the currency code").isEqualTo("1.118,76");
        assertThat(fields.currency()).isEqualTo("EUR");
        assertThat(fields.taxLines()).containsExactly(new RawFields.TaxLine("19%", "18,96"));
        assertThat(fields.items()).containsExactly(new RawFields.Item("Toner cartridge", "2", "49,90", "99,80"));
    }

    @Test
    void readsAnAmericanRestaurantCheckWithTipAndMonthNameDate() {
        RawFields fields = read("""
                BLUE DOOR DINER LLC
                455 Market St, San Francisco, CA 94105
                (415) 555-0199
                Jan 5, 2026  7:42 PM
                Server: Dana   Table 12
                2 Coffee                 $6.00
                1 Pancake stack         $11.50
                Subtotal                $17.50
                Sales Tax                $1.52
                Tip                      $3.50
                Amount Due              $22.52
                VISA ************4242
                """);

        assertThat(fields.storeName()).isEqualTo("BLUE DOOR DINER LLC");
        assertThat(fields.storeAddress()).isEqualTo("455 Market St, San Francisco, CA 94105");
        assertThat(fields.date()).isEqualTo("Jan 5, 2026");
        assertThat(PrintedDate.parse(fields.date())).hasToString("2026-01-05");
        assertThat(fields.time()).isEqualTo("7:42 PM");
        assertThat(fields.tip()).isEqualTo("3.50");
        assertThat(fields.total()).isEqualTo("22.52");
        assertThat(fields.currency()).as("a bare $ as printed: validation settles whose dollar").isEqualTo("$");
        assertThat(fields.paymentMethod()).isEqualTo("VISA");
        assertThat(fields.documentType()).isEqualTo("receipt");
        assertThat(fields.items()).extracting(RawFields.Item::name, RawFields.Item::qty, RawFields.Item::price)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Coffee", "2", "6.00"),
                        org.assertj.core.groups.Tuple.tuple("Pancake stack", "1", "11.50"));
    }

    @Test
    void pairsLabelsWithTheirAmountsOnASkewedScan() {
        // A scan tilted ~2°: each amount on the right sits half a row lower than its label on the left.
        List<Word> words = new ArrayList<>();
        String[][] rows = {{"SUBTOTAL", "10.00"}, {"TAX", "0.60"}, {"TOTAL", "10.60"}, {"CASH", "20.00"}, {"CHANGE", "9.40"}};
        int top = 100;
        for (String[] row : rows) {
            words.add(new Word(row[0], 40, top, 120, 30, 90));
            words.add(new Word(row[1], 700, top + 20, 80, 30, 90));
            top += 40;
        }
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            text.append(word.text()).append('\n');
        }
        List<TextLine> lines = assembler.rows(new TextLayer(text.toString(), words, TextLayer.Origin.OCR), 1);

        assertThat(lines).extracting(TextLine::text)
                .containsExactly("SUBTOTAL 10.00", "TAX 0.60", "TOTAL 10.60", "CASH 20.00", "CHANGE 9.40");
        assertThat(parser.parse(lines).fields().total()).isEqualTo("10.60");
    }

    @Test
    void aTotalClosesAgainstTheAmountPaidOnAPaymentRowOfItsOwn() {
        String receipt = """
                TONYMOLY VIVA CITY
                WONDER CHEESE FIRMING CREAM 69.90
                DISCOUNT 30% -20.97
                Item Count 1
                Total Sales Incl. GST 48.93
                """;
        ReceiptParser.Parsed unpaid = parser.parse(TypedReceipts.lines(receipt));
        ReceiptParser.Parsed card = parser.parse(TypedReceipts.lines(receipt + "VISA 48.93\nCard No 46 XXXX 1819\n"));
        ReceiptParser.Parsed otherAmount = parser.parse(TypedReceipts.lines(receipt + "VISA 50.00\n"));

        assertThat(card.fields().total()).isEqualTo("48.93");
        assertThat(card.evidence().get("total").closes()).as("the card was charged the total").isTrue();
        assertThat(unpaid.evidence().get("total").closes()).isFalse();
        assertThat(otherAmount.evidence().get("total").closes()).isFalse();
    }

    @Test
    void moneyHandedOverPrintedAsAPaymentOutOrAfterPayClosesTheTotal() {
        String receipt = """
                POPULAR BOOK CO
                PB SHT/P 11H A4 2pc @ 3.50 7.00 T
                R RING 500'S 2.25 T
                Total RM Incl. of GST 9.65
                """;
        ReceiptParser.Parsed negativeCash = parser.parse(TypedReceipts.lines(receipt + "Cash -50.00\nCHANGE 40.35\n"));
        ReceiptParser.Parsed pay = parser.parse(TypedReceipts.lines(receipt + "Pay 20.00\nChange 10.35\n"));
        ReceiptParser.Parsed wrongChange = parser.parse(TypedReceipts.lines(receipt + "Pay 20.00\nChange 10.00\n"));

        assertThat(negativeCash.evidence().get("total").closes()).isTrue();
        assertThat(pay.evidence().get("total").closes()).isTrue();
        assertThat(wrongChange.evidence().get("total").closes()).isFalse();
    }

    @Test
    void returnsNullForFieldsTheDocumentDoesNotPrint() {
        RawFields fields = read("""
                Corner Shop
                Thank you
                """);

        assertThat(fields.total()).isNull();
        assertThat(fields.date()).isNull();
        assertThat(fields.currency()).isNull();
        assertThat(fields.invoiceNumber()).isNull();
    }
}
