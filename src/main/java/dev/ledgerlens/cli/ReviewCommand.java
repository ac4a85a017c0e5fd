package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.export.RecordJson;
import dev.ledgerlens.review.RecordCorrector;
import dev.ledgerlens.review.RecordView;
import dev.ledgerlens.review.ReviewDesk;
import dev.ledgerlens.review.ReviewServer;
import dev.ledgerlens.store.Correction;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.FieldEdit;
import dev.ledgerlens.validate.RecordEditor;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ledgerlens review list|show|edit|approve|reject|serve}: the records waiting for a person, one record with its
 * grounding, a reviewer's corrections (kept as rows of their own, never overwriting what the engine read), decisions,
 * and the review web page.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Lists, shows, corrects, approves and rejects stored records; 'review serve' opens the review page.",
        subcommands = {ReviewCommand.List.class, ReviewCommand.Show.class, ReviewCommand.Edit.class,
                ReviewCommand.Approve.class, ReviewCommand.Reject.class, ReviewCommand.Serve.class})
public final class ReviewCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Records waiting for review (needs_review).")
    static final class List implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--reason", paramLabel = "RULE", description = "Only records with this reason, e.g. total_equals_parts.")
        String reason;
        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                java.util.List<StoredDocument> queue = application.storedRecords().needingReview(reason);
                if (json) {
                    for (StoredDocument document : queue) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("id", document.id());
                        line.put("file_name", document.fileName());
                        line.put("vendor", document.record().storeName());
                        line.put("date", document.record().date() == null ? null : document.record().date().toString());
                        line.put("total", plain(document.record().total()));
                        line.put("currency", document.record().currency());
                        line.put("reasons", reasons(document.reasons()));
                        System.out.println(DlqCommand.JSON.writeValueAsString(line));
                    }
                    return ExitCodes.OK;
                }
                if (queue.isEmpty()) {
                    System.out.println(reason == null ? "Nothing waits for review." : "Nothing waits for review with reason " + reason + ".");
                    return ExitCodes.OK;
                }
                System.out.printf("%-6s %-30s %-24s %-10s %12s  %s%n", "ID", "FILE", "VENDOR", "DATE", "TOTAL", "REASONS");
                for (StoredDocument document : queue) {
                    DocumentRecord record = document.record();
                    System.out.printf("%-6d %-30s %-24s %-10s %12s  %s%n", document.id(), cut(document.fileName(), 30),
                            cut(record.storeName(), 24), record.date() == null ? "" : record.date(),
                            record.total() == null ? "" : plain(record.total()) + (record.currency() == null ? "" : " " + record.currency()),
                            document.reasons().stream().map(ReviewReason::rule).distinct().collect(Collectors.joining(",")));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One record: fields, line items, grounding per field, reasons, corrections, where the original is.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(paramLabel = "ID", description = "The document id (from review list).")
        long id;
        @Option(names = "--json", description = "As one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (Application application = common.open()) {
                Optional<RecordView> found = ReviewDesk.of(application).inspector().inspect(id);
                if (found.isEmpty()) {
                    System.err.println("document " + id + ": no stored record with this id");
                    return ExitCodes.USAGE;
                }
                if (json) {
                    System.out.println(DlqCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(asJson(found.get())));
                } else {
                    print(found.get(), System.out);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = {"Corrects fields of a stored record, then checks it again: the status follows the checks "
                    + "(still failing: needs_review with the new reasons). The engine's reading is kept; the correction "
                    + "is stored beside it.",
                    "Examples: review edit 7 total=49.56 date=2026-03-02 --item 0.price=3.20 --remove-item 2"})
    static final class Edit implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(index = "0", paramLabel = "ID", description = "The document id.")
        long id;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "FIELD=VALUE",
                description = "A field and its value as the schema names it (total=49.56, store_name=\"Corner Bakery\", "
                        + "items[0].price=3.20); an empty value clears the field.")
        java.util.List<String> assignments = new ArrayList<>();
        @Option(names = "--item", paramLabel = "N.FIELD=VALUE",
                description = "A line item's field (N from 0, as review show numbers them; N = the number of lines adds one): "
                        + "name, qty, unit_price, price.")
        java.util.List<String> items = new ArrayList<>();
        @Option(names = "--remove-item", paramLabel = "N", description = "Removes line item N (from 0).")
        java.util.List<Integer> removals = new ArrayList<>();
        @Option(names = "--reviewer", paramLabel = "NAME", description = "Who corrects (default: the operating-system user).")
        String reviewer;
        @Option(names = "--approve", description = "Approve the record once corrected, whatever the checks say.")
        boolean approve;

        @Override
        public Integer call() {
            java.util.List<FieldEdit> edits;
            try {
                edits = new ArrayList<>(RecordCorrector.parseAssignments(assignments));
                for (String item : items) {
                    edits.add(itemEdit(item));
                }
            } catch (IllegalArgumentException e) {
                System.err.println("ledgerlens: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            // highest first, so that removing one line does not move another still to be removed
            removals.stream().distinct().sorted(java.util.Comparator.reverseOrder())
                    .forEach(n -> edits.add(new FieldEdit("items[" + n + "]", null)));
            if (edits.isEmpty() && !approve) {
                System.err.println("ledgerlens: name fields to correct: FIELD=VALUE, --item N.FIELD=VALUE or --remove-item N");
                return ExitCodes.USAGE;
            }
            try (Application application = common.open()) {
                RecordCorrector.Result result = ReviewDesk.of(application).corrector().correct(id, edits,
                        reviewer == null ? RecordCorrector.defaultReviewer() : reviewer, null, approve);
                switch (result.outcome()) {
                    case NOT_FOUND -> {
                        System.err.println("document " + id + ": no stored record with this id");
                        return ExitCodes.USAGE;
                    }
                    case STALE -> {
                        System.err.println("document " + id + ": corrected by someone else meanwhile; nothing stored, try again");
                        return ExitCodes.FATAL;
                    }
                    case REFUSED -> {
                        System.err.println("document " + id + ": nothing stored:");
                        result.violations().forEach(violation -> System.err.println("  " + violation));
                        return ExitCodes.USAGE;
                    }
                    default -> {
                        for (RecordEditor.Change change : result.changes()) {
                            System.out.println("document " + id + ": " + change.path() + " " + shown(change.oldValue())
                                    + " -> " + shown(change.newValue()));
                        }
                        if (result.outcome() == RecordCorrector.Outcome.UNCHANGED) {
                            System.out.println("document " + id + ": nothing differed from the record as it stands");
                        }
                        System.out.println("document " + id + ": " + result.status().label());
                        result.reasons().forEach(reason -> System.out.println("  " + reason.rule() + ": " + reason.message()));
                        return ExitCodes.OK;
                    }
                }
            }
        }

        /** {@code 0.price=3.20} → {@code items[0].price=3.20}. */
        private static FieldEdit itemEdit(String item) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\.([a-z_]+)=(.*)", java.util.regex.Pattern.DOTALL)
                    .matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--item takes N.FIELD=VALUE (e.g. 0.price=3.20), not '" + item + "'");
            }
            return new FieldEdit("items[" + matcher.group(1) + "]." + matcher.group(2), matcher.group(3));
        }
    }

    /** approve and reject: a reviewer's decision on stored records. */
    abstract static class Decision implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Document ids (from review list or an export).")
        java.util.List<Long> ids;
        @Option(names = "--reviewer", paramLabel = "NAME", description = "Who decides (default: the operating-system user).")
        String reviewer;

        abstract RecordStatus status();

        @Override
        public Integer call() {
            int missing = 0;
            try (Application application = common.open()) {
                for (long id : ids) {
                    if (application.reviews().setReviewStatus(id, status(),
                            reviewer == null ? RecordCorrector.defaultReviewer() : reviewer)) {
                        System.out.println("document " + id + ": " + status().label());
                    } else {
                        System.err.println("document " + id + ": no stored record with this id");
                        missing++;
                    }
                }
            }
            return missing == 0 ? ExitCodes.OK : ExitCodes.USAGE;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves stored records: exports take valid and approved records by default.")
    static final class Approve extends Decision {
        @Override
        RecordStatus status() {
            return RecordStatus.APPROVED;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects stored records: left out of exports.")
    static final class Reject extends Decision {
        @Override
        RecordStatus status() {
            return RecordStatus.REJECTED;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serves the review page on 127.0.0.1 until stopped (Ctrl-C). Prints one line, the address "
                    + "with its access token: open it in a browser on this machine."})
    static final class Serve implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "The port (default 0: any free port).")
        int port;
        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "The address to listen on (default 127.0.0.1: this machine only).")
        String host;
        @Option(names = "--reviewer", paramLabel = "NAME",
                description = "The reviewer's name until the page sets another (default: the operating-system user).")
        String reviewer;

        @Override
        public Integer call() throws Exception {
            Application application = common.open();
            try (ReviewServer server = ReviewServer.start(application, host, port,
                    reviewer == null ? RecordCorrector.defaultReviewer() : reviewer)) {
                System.out.println("Review at " + server.url());
                System.out.flush();
                while (!application.interrupted()) {
                    TimeUnit.MILLISECONDS.sleep(250);
                }
            } finally {
                application.close();
            }
            return ExitCodes.OK;
        }
    }

    static void print(RecordView view, PrintStream out) {
        StoredDocument document = view.document();
        DocumentRecord record = document.record();
        out.println("document " + document.id() + "  " + document.fileName() + "  " + document.status().label());
        out.println("original: " + view.original() + (view.kept() ? "" : " (no longer kept)"));
        out.println("pages: " + view.pages().size() + " (" + view.pages().stream().map(StoredPage::textOrigin)
                .map(origin -> origin == null ? "no text" : origin).distinct().collect(Collectors.joining(", ")) + ")");
        out.println();
        Map<String, Object> fields = new RecordJson().fields(record);
        out.printf("%-16s %-40s %s%n", "FIELD", "VALUE", "GROUNDING");
        for (String field : RecordEditor.FIELDS) {
            out.printf("%-16s %-40s %s%n", field, cut(shown(fields.get(field)), 40), view.groundingOf(field));
        }
        out.println();
        out.println("items (" + record.items().size() + "):");
        for (int i = 0; i < record.items().size(); i++) {
            DocumentRecord.LineItem item = record.items().get(i);
            String path = "items[" + i + "]";
            out.printf("  [%d] %-34s qty %-6s unit %-10s price %-10s %s%n", i, cut(item.name(), 34), shown(plain(item.qty())),
                    shown(plain(item.unitPrice())), shown(plain(item.price())), view.groundingOf(path + ".price"));
        }
        if (!record.taxLines().isEmpty()) {
            out.println("tax lines:");
            for (int i = 0; i < record.taxLines().size(); i++) {
                DocumentRecord.TaxLine line = record.taxLines().get(i);
                out.printf("  [%d] rate %-6s amount %-10s %s%n", i, shown(plain(line.rate())), shown(plain(line.amount())),
                        view.groundingOf("tax_lines[" + i + "].amount"));
            }
        }
        out.println();
        out.println(document.reasons().isEmpty() ? "reasons: none" : "reasons:");
        document.reasons().forEach(reason -> out.println("  " + reason.rule() + ": " + reason.message()));
        if (!document.corrections().isEmpty()) {
            out.println("corrections:");
            for (Correction correction : document.corrections()) {
                out.println("  " + correction.createdAt() + "  " + correction.reviewer() + "  " + correction.fieldPath()
                        + ": " + shown(correction.oldValue()) + " -> " + shown(correction.newValue()));
            }
        }
    }

    static Map<String, Object> asJson(RecordView view) {
        StoredDocument document = view.document();
        RecordJson json = new RecordJson();
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", document.id());
        object.put("file_name", document.fileName());
        object.put("sha256", document.sha256());
        object.put("status", document.status().label());
        object.put("original", Map.of("path", view.original().toString(), "kept", view.kept()));
        object.put("fields", json.fields(document.record()));
        object.put("original_fields", document.corrections().isEmpty() ? null : json.fields(document.original()));
        Map<String, Object> grounding = new LinkedHashMap<>();
        for (String path : new java.util.TreeSet<>(view.grounding().keySet())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("grounded", view.grounding().get(path).grounded());
            entry.put("page", view.grounding().get(path).page());
            entry.put("corrected", view.corrected().contains(path));
            grounding.put(path, entry);
        }
        object.put("grounding", grounding);
        object.put("reasons", reasons(document.reasons()));
        object.put("corrections", json.corrections(document.corrections()));
        java.util.List<Map<String, Object>> pages = new ArrayList<>();
        for (StoredPage page : view.pages()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("page", page.pageNumber());
            entry.put("text_origin", page.textOrigin());
            entry.put("words", page.words().size());
            pages.add(entry);
        }
        object.put("pages", pages);
        return object;
    }

    private static java.util.List<Map<String, String>> reasons(java.util.List<ReviewReason> reasons) {
        java.util.List<Map<String, String>> list = new ArrayList<>();
        for (ReviewReason reason : reasons) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("rule", reason.rule());
            entry.put("message", reason.message());
            list.add(entry);
        }
        return list;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String shown(Object value) {
        return value == null ? "—" : value.toString();
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
