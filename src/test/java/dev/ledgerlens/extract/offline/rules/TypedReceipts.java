package dev.ledgerlens.extract.offline.rules;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.offline.LineAssembler;
import dev.ledgerlens.render.TextLayer;

import java.util.List;

/** Receipts and invoices typed for the rule tests: text → printed rows (as the engine assembles them) → fields. */
final class TypedReceipts {
    private static final LineAssembler ASSEMBLER = new LineAssembler();
    private static final ReceiptParser PARSER = new ReceiptParser();

    private TypedReceipts() {
    }

    /** The fields of a text-layer document (a PDF's text: confidence 1 on every row). */
    static RawFields read(String text) {
        return PARSER.parse(lines(text)).fields();
    }

    /** The fields of a scanned document that OCR read as typed, with an OCR row's confidence below 1. */
    static RawFields scanned(String text) {
        return PARSER.parse(scannedLines(text)).fields();
    }

    /** The rows of a scanned document that OCR read as typed: a text layer's rows, at an OCR row's confidence (0.9). */
    static List<TextLine> scannedLines(String text) {
        return lines(text).stream().map(line -> new TextLine(line.text(), line.page(), line.top(), line.bottom(), line.left(),
                line.right(), 0.9, line.cells(), line.spans())).toList();
    }

    /** The printed rows of a text-layer document, as the engine assembles them. */
    static List<TextLine> lines(String text) {
        return ASSEMBLER.rows(new TextLayer(text, List.of(), TextLayer.Origin.PDF_TEXT), 1);
    }
}
