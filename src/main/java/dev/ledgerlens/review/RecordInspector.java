package dev.ledgerlens.review;

import dev.ledgerlens.ingest.OriginalStore;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.store.StoredRecords;
import dev.ledgerlens.validate.PageText;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.Revalidation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds what a reviewer sees of one record ({@link RecordView}): the corrected values, grounding of each as it stands
 * now (computed afresh from the stored page text, so a corrected total shows whether it is printed), the word boxes
 * of each value and where the original is. Thread-safe.
 */
public final class RecordInspector {
    private final StoredRecords records;
    private final RecordValidator validator;
    private final WordLocator locator;
    private final OriginalStore originals;

    public RecordInspector(StoredRecords records, RecordValidator validator, WordLocator locator, OriginalStore originals) {
        this.records = records;
        this.validator = validator;
        this.locator = locator;
        this.originals = originals;
    }

    /** The record with this document id, if one is stored. */
    public Optional<RecordView> inspect(long documentId) {
        Optional<StoredDocument> found = records.find(documentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredDocument document = found.get();
        List<StoredPage> pages = records.pages(documentId);
        Set<String> corrected = new LinkedHashSet<>();
        document.corrections().forEach(correction -> corrected.add(correction.fieldPath()));
        Revalidation checked = validator.revalidate(document.record(),
                pages.stream().map(page -> new PageText(page.pageNumber(), page.text())).toList(),
                document.reasons(), corrected);
        Path original = originals.pathOf(document.sha256());
        return Optional.of(new RecordView(document, pages, checked.grounding(),
                locator.locate(document.record(), pages, checked.grounding()), corrected, original,
                Files.isRegularFile(original), RecordCorrector.latestCorrection(document)));
    }
}
