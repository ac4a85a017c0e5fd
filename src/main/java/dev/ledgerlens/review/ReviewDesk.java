package dev.ledgerlens.review;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.render.DocumentRenderer;
import dev.ledgerlens.render.RenderSettings;
import dev.ledgerlens.validate.AmountParser;
import dev.ledgerlens.validate.CurrencyParser;
import dev.ledgerlens.validate.DateParser;
import dev.ledgerlens.validate.Grounder;
import dev.ledgerlens.validate.RecordValidator;
import dev.ledgerlens.validate.ValidationSettings;

/**
 * The review services of one application, built on its database and settings: what {@code review show|edit} and the
 * review server use.
 *
 * @param inspector what a reviewer sees of a record
 * @param corrector a reviewer's corrections
 * @param previews  page images from the kept originals
 */
public record ReviewDesk(RecordInspector inspector, RecordCorrector corrector, PreviewRenderer previews) {

    /** The services over {@code application}'s database, validation settings and data directory. */
    public static ReviewDesk of(Application application) {
        ValidationSettings validation = ValidationSettings.from(application.config());
        RecordValidator validator = new RecordValidator(validation);
        Grounder grounder = new Grounder(new AmountParser(new CurrencyParser(validation.defaultCurrency())), new DateParser());
        return new ReviewDesk(
                new RecordInspector(application.storedRecords(), validator, new WordLocator(grounder), application.originals()),
                new RecordCorrector(application.storedRecords(), application.reviews(), validator),
                new PreviewRenderer(new DocumentRenderer(RenderSettings.from(application.config())), application.originals(),
                        application.settings().dataDir().resolve("review-pages")));
    }
}
