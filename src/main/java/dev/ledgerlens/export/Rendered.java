package dev.ledgerlens.export;

import java.util.List;

/**
 * What an exporter made of a list of documents: its files, and what the accountant should know about them (bills
 * that went out one line per rate, rounding lines, vendors that look alike), for the export's summary.
 */
public record Rendered(List<ExportFile> files, List<String> notes) {
    public Rendered {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }
}
