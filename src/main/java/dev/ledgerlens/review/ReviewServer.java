package dev.ledgerlens.review;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ledgerlens.app.Application;
import dev.ledgerlens.app.DeadLetterReplay;
import dev.ledgerlens.app.RunTracker;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.store.Correction;
import dev.ledgerlens.store.DeadLetter;
import dev.ledgerlens.store.ReviewRepository;
import dev.ledgerlens.store.StoredDocument;
import dev.ledgerlens.store.StoredPage;
import dev.ledgerlens.validate.DocumentRecord;
import dev.ledgerlens.validate.FieldEdit;
import dev.ledgerlens.validate.RecordEditor;
import dev.ledgerlens.validate.RecordStatus;
import dev.ledgerlens.validate.ReviewReason;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The review page ({@code ledgerlens review serve}): the queue of records that need a person, one record's page images
 * beside its editable fields, the dead letters with replay. The JDK's HTTP server (as for {@code /health}) with
 * templates compiled by jte; plain HTML forms and a few lines of JavaScript for highlights and keys, nothing fetched
 * from elsewhere.
 *
 * <p>Security, for a page that shows accounting documents and changes records:
 * <ul>
 *   <li>it listens on 127.0.0.1 unless told otherwise, and answers only requests addressed to that host and port
 *       (a page elsewhere cannot reach it through DNS rebinding);</li>
 *   <li>a random access token, printed once at start, is exchanged for a session cookie (HttpOnly, SameSite=Strict);
 *       a request without a session gets 401;</li>
 *   <li>every state-changing request is a POST carrying the session's CSRF token, else 403;</li>
 *   <li>every value is written through the templates' HTML escaping, and a Content-Security-Policy allows scripts,
 *       styles and images from this server only (no inline script);</li>
 *   <li>files are served by document id and page number only, rendered from the data directory's kept originals;
 *       no request names a path.</li>
 * </ul>
 * Thread-safe; one per process.
 */
public final class ReviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    private static final String COOKIE = "ledgerlens_review";
    /** A form larger than this is not a review form (a record with hundreds of lines is a few tens of KB). */
    private static final int MAX_FORM_BYTES = 1 << 20;
    /** Sessions kept at once; the oldest goes first (a reviewer opens a handful of browsers, not more). */
    private static final int MAX_SESSIONS = 64;
    private static final String CSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> STATIC = Map.of(
            "/static/review.css", "text/css; charset=utf-8",
            "/static/review.js", "text/javascript; charset=utf-8");
    private static final Pattern RECORD = Pattern.compile("/records/(\\d{1,18})");
    private static final Pattern PAGE = Pattern.compile("/documents/(\\d{1,18})/pages/(\\d{1,4})");
    private static final Pattern LETTER = Pattern.compile("/dead-letters/(\\d{1,18})");
    private static final Pattern REPLAY = Pattern.compile("/dead-letters/(\\d{1,18})/replay");

    private final HttpServer http;
    private final ExecutorService executor;
    private final Application application;
    private final ReviewDesk desk;
    private final TemplateEngine templates;
    private final SecureRandom random = new SecureRandom();
    private final String token;
    private final String defaultReviewer;
    private final Set<String> hosts;
    private final String urlHost;
    private final Map<String, Session> sessions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    });
    /** One replay at a time: a replay runs the pipeline in this process ({@link DeadLetterReplay} is one per instance). */
    private final ReentrantLock replaying = new ReentrantLock();

    private ReviewServer(HttpServer http, ExecutorService executor, Application application, String host,
                         String defaultReviewer) {
        this.http = http;
        this.executor = executor;
        this.application = application;
        this.desk = ReviewDesk.of(application);
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, ReviewServer.class.getClassLoader(),
                "dev.ledgerlens.review.pages");
        this.token = randomToken();
        this.defaultReviewer = defaultReviewer;
        int port = http.getAddress().getPort();
        this.urlHost = host.contains(":") ? "[" + host + "]" : host;
        this.hosts = Set.copyOf(List.of(urlHost + ":" + port, "127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port));
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free port; see {@link #url()}).
     *
     * @param reviewer the reviewer's name in a new session, until the page sets another
     */
    public static ReviewServer start(Application application, String host, int port, String reviewer) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            // a page and its images load in parallel; a replay holds one thread for its run
            ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "ledgerlens-review");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            ReviewServer server = new ReviewServer(http, executor, application, host, reviewer);
            http.createContext("/", server::handle);
            http.start();
            LOG.info("review page on http://{}:{}/", server.urlHost, server.port());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (choose another --port, or 0)", e);
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The address to open, with the access token. */
    public String url() {
        return "http://" + urlHost + ":" + port() + "/?token=" + token;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /** A reviewer's browser session. */
    private static final class Session {
        final String csrf;
        volatile String reviewer;
        final AtomicReference<String> flash = new AtomicReference<>();

        Session(String csrf, String reviewer) {
            this.csrf = csrf;
            this.reviewer = reviewer;
        }
    }

    /** One request as the handlers see it. */
    private record Request(HttpExchange exchange, String method, String path, Map<String, List<String>> query,
                           Session session) {
        String query(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RuntimeException | IOException e) {
                LOG.warn("review page: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                error(exchange, 500, "Something went wrong", "The server could not answer: " + e.getMessage());
            }
        } catch (IOException e) {
            LOG.debug("review page: the browser went away ({})", e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
            error(exchange, 403, "Wrong address", "Open the address printed by ledgerlens review serve.");
            return;
        }
        if ("GET".equals(method) && STATIC.containsKey(path)) {
            sendResource(exchange, path);
            return;
        }
        Map<String, List<String>> query = decode(exchange.getRequestURI().getRawQuery());
        if ("GET".equals(method) && "/".equals(path) && query.containsKey("token")) {
            login(exchange, first(query, "token"));
            return;
        }
        Session session = session(exchange);
        if (session == null) {
            error(exchange, 401, "Not signed in",
                    "Open the address printed by ledgerlens review serve (with its token) in this browser.");
            return;
        }
        Request request = new Request(exchange, method, path, query, session);
        if ("POST".equals(method)) {
            Map<String, List<String>> form = readForm(exchange);
            if (form == null) {
                return; // already answered: too large or not a form
            }
            if (!same(first(form, "csrf"), session.csrf)) {
                error(exchange, 403, "Refused", "The form did not carry this session's token; reload the page and try again.");
                return;
            }
            post(request, form);
            return;
        }
        if (!"GET".equals(method)) {
            error(exchange, 405, "Not allowed", "Only GET and POST are served.");
            return;
        }
        get(request);
    }

    private void get(Request request) throws IOException {
        String path = request.path();
        Matcher matcher;
        if (path.equals("/")) {
            queue(request);
        } else if ((matcher = RECORD.matcher(path)).matches()) {
            Optional<RecordView> view = desk.inspector().inspect(Long.parseLong(matcher.group(1)));
            if (view.isEmpty()) {
                notFound(request.exchange());
                return;
            }
            render(request.exchange(), 200, "record.jte", recordPage(request.session(), view.get(),
                    reasonFilter(request.query("reason")), null, List.of()));
        } else if ((matcher = PAGE.matcher(path)).matches()) {
            pageImage(request.exchange(), Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        } else if (path.equals("/dead-letters")) {
            letters(request);
        } else if ((matcher = LETTER.matcher(path)).matches()) {
            letter(request, Long.parseLong(matcher.group(1)));
        } else {
            notFound(request.exchange());
        }
    }

    private void post(Request request, Map<String, List<String>> form) throws IOException {
        Matcher matcher;
        if ((matcher = RECORD.matcher(request.path())).matches()) {
            recordAction(request, Long.parseLong(matcher.group(1)), form);
        } else if ((matcher = REPLAY.matcher(request.path())).matches()) {
            replay(request, Long.parseLong(matcher.group(1)));
        } else if (request.path().equals("/reviewer")) {
            String name = Optional.ofNullable(first(form, "name")).orElse("").strip().replaceAll("\\s+", " ");
            if (name.isEmpty() || name.length() > 80) {
                request.session().flash.set("A reviewer's name has 1 to 80 characters.");
            } else {
                request.session().reviewer = name;
                request.session().flash.set("Reviewing as " + name + ".");
            }
            redirect(request.exchange(), "/");
        } else {
            notFound(request.exchange());
        }
    }

    // ---- the queue -------------------------------------------------------------------------------------------

    private void queue(Request request) throws IOException {
        String reason = reasonFilter(request.query("reason"));
        List<ReviewPages.QueueRow> rows = new ArrayList<>();
        for (StoredDocument document : application.storedRecords().needingReview(reason.isEmpty() ? null : reason)) {
            DocumentRecord record = document.record();
            rows.add(new ReviewPages.QueueRow(document.id(), document.fileName(), orEmpty(record.storeName()),
                    record.date() == null ? "" : record.date().toString(),
                    record.total() == null ? "" : record.total().toPlainString()
                            + (record.currency() == null ? "" : " " + record.currency()),
                    document.reasons().stream().map(ReviewReason::rule).distinct().toList(),
                    recordHref(document.id(), reason)));
        }
        List<ReviewPages.ReasonCount> reasons = new ArrayList<>();
        application.storedRecords().reviewReasonCounts().forEach((rule, count) ->
                reasons.add(new ReviewPages.ReasonCount(rule, count, rule.equals(reason))));
        render(request.exchange(), 200, "queue.jte",
                new ReviewPages.QueuePage(frame(request.session(), "Queue"), reason, reasons, rows));
    }

    // ---- one record ------------------------------------------------------------------------------------------

    private ReviewPages.RecordPage recordPage(Session session, RecordView view, String reason,
                                              Map<String, String> submitted, List<Violation> refusal) {
        StoredDocument document = view.document();
        DocumentRecord record = document.record();
        RecordEditor editor = new RecordEditor();
        Map<String, String> errors = new LinkedHashMap<>();
        refusal.forEach(violation -> errors.putIfAbsent(violation.field(), violation.message()));
        java.util.function.Function<String, ReviewPages.FieldRow> row = path -> {
            String value = submitted != null ? submitted.getOrDefault(path, "") : orEmpty(editor.valueAt(record, path));
            String state = view.ungrounded(path) ? "ungrounded" : view.grounded(path) ? "grounded" : "";
            return new ReviewPages.FieldRow(path, path.replace('_', ' '), value, view.groundingOf(path), state,
                    errors.get(path));
        };
        List<ReviewPages.FieldRow> fields = RecordEditor.FIELDS.stream().map(row).toList();
        List<ReviewPages.ItemRow> items = new ArrayList<>();
        for (int i = 0; i < record.items().size(); i++) {
            String prefix = "items[" + i + "].";
            items.add(new ReviewPages.ItemRow(i, row.apply(prefix + "name"), row.apply(prefix + "qty"),
                    row.apply(prefix + "unit_price"), row.apply(prefix + "price")));
        }
        List<ReviewPages.FieldRow> taxLines = new ArrayList<>();
        for (int i = 0; i < record.taxLines().size(); i++) {
            taxLines.add(row.apply("tax_lines[" + i + "].rate"));
            taxLines.add(row.apply("tax_lines[" + i + "].amount"));
        }
        List<ReviewPages.PageImage> pages = new ArrayList<>();
        String pageError = null;
        if (!view.kept()) {
            pageError = "The original is no longer kept in the data directory, so its pages cannot be shown.";
        } else {
            for (StoredPage page : view.pages()) {
                List<ReviewPages.BoxRow> boxes = new ArrayList<>();
                view.boxes().forEach((field, found) -> found.stream().filter(box -> box.page() == page.pageNumber())
                        .forEach(box -> boxes.add(new ReviewPages.BoxRow(field, box.left(), box.top(), box.width(), box.height()))));
                pages.add(new ReviewPages.PageImage(page.pageNumber(), "/documents/" + document.id() + "/pages/"
                        + page.pageNumber(), page.width(), page.height(), boxes));
            }
        }
        List<String> problems = refusal.isEmpty()
                ? document.reasons().stream().map(reasonLine -> reasonLine.rule() + ": " + reasonLine.message()).toList()
                : refusal.stream().map(Violation::toString).toList();
        List<ReviewPages.CorrectionRow> corrections = new ArrayList<>();
        for (Correction correction : document.corrections()) {
            corrections.add(new ReviewPages.CorrectionRow(String.valueOf(correction.createdAt()).replace('T', ' '),
                    correction.reviewer(), correction.fieldPath(), shown(correction.oldValue()), shown(correction.newValue())));
        }
        List<Long> queue = queueIds(reason);
        int at = queue.indexOf(document.id());
        Long next = at >= 0 ? (at + 1 < queue.size() ? queue.get(at + 1) : null)
                : queue.stream().findFirst().orElse(null);
        Long previous = at > 0 ? queue.get(at - 1) : null;
        return new ReviewPages.RecordPage(frame(session, document.fileName()), document.id(), document.fileName(),
                document.status().label(), view.original() + (view.kept() ? "" : " (no longer kept)"), problems,
                !refusal.isEmpty(), fields, items, record.items().size(), taxLines, pages, pageError, corrections,
                view.basis(), recordHref(document.id(), reason), next == null ? null : recordHref(next, reason),
                previous == null ? null : recordHref(previous, reason), reason,
                reason.isEmpty() ? "/" : "/?reason=" + encode(reason));
    }

    private void recordAction(Request request, long id, Map<String, List<String>> form) throws IOException {
        String action = Optional.ofNullable(first(form, "action")).orElse("");
        String reason = reasonFilter(first(form, "reason"));
        Session session = request.session();
        Optional<StoredDocument> found = application.storedRecords().find(id);
        if (found.isEmpty()) {
            notFound(request.exchange());
            return;
        }
        StoredDocument document = found.get();
        List<FieldEdit> edits = edits(form, document.record());
        String after = nextOrQueue(id, reason);
        switch (action) {
            case "approve", "reject" -> {
                RecordStatus status = action.equals("approve") ? RecordStatus.APPROVED : RecordStatus.REJECTED;
                if (status == RecordStatus.APPROVED
                        && !new RecordEditor().edit(document.record(), edits).changes().isEmpty()) {
                    refuse(request, id, reason, form, List.of(new Violation("form", "fields were changed: press "
                            + "'Save and approve' to keep the changes, or reload the page to drop them")));
                    return;
                }
                application.reviews().setReviewStatus(id, status, session.reviewer);
                session.flash.set("Document " + id + " (" + document.fileName() + ") " + status.label() + ".");
                redirect(request.exchange(), after);
            }
            case "save", "save-approve" -> {
                boolean approve = action.equals("save-approve");
                long basis;
                try {
                    basis = Long.parseLong(Optional.ofNullable(first(form, "basis")).orElse(""));
                } catch (NumberFormatException e) {
                    error(request.exchange(), 400, "Bad request", "The form has no basis; reload the page.");
                    return;
                }
                RecordCorrector.Result result = desk.corrector().correct(id, edits, session.reviewer, basis, approve);
                switch (result.outcome()) {
                    case REFUSED -> refuse(request, id, reason, form, result.violations());
                    case NOT_FOUND -> notFound(request.exchange());
                    case STALE -> {
                        session.flash.set("Someone corrected this record meanwhile: nothing was saved. This is the record "
                                + "as it stands now.");
                        redirect(request.exchange(), recordHref(id, reason));
                    }
                    default -> {
                        String saved = result.changes().isEmpty() ? "Nothing changed"
                                : "Saved " + result.changes().size() + (result.changes().size() == 1 ? " correction" : " corrections");
                        if (approve) {
                            session.flash.set(saved + "; document " + id + " (" + document.fileName() + ") approved.");
                            redirect(request.exchange(), after);
                        } else {
                            session.flash.set(saved + "; status " + result.status().label() + "."
                                    + (result.reasons().isEmpty() ? " Every check passes." : ""));
                            redirect(request.exchange(), recordHref(id, reason));
                        }
                    }
                }
            }
            default -> error(request.exchange(), 400, "Bad request", "Unknown action.");
        }
    }

    /** Shows the record again with what was typed and why it was not saved (422). */
    private void refuse(Request request, long id, String reason, Map<String, List<String>> form, List<Violation> why)
            throws IOException {
        Optional<RecordView> view = desk.inspector().inspect(id);
        if (view.isEmpty()) {
            notFound(request.exchange());
            return;
        }
        Map<String, String> submitted = new LinkedHashMap<>();
        form.forEach((name, values) -> submitted.put(name, values.isEmpty() ? "" : values.get(0)));
        render(request.exchange(), 422, "record.jte", recordPage(request.session(), view.get(), reason, submitted, why));
    }

    /**
     * The form's fields as edits, in an order that replays exactly: single fields and existing lines at the positions
     * shown, a new line after them, then removals from the highest position down.
     */
    static List<FieldEdit> edits(Map<String, List<String>> form, DocumentRecord record) {
        List<FieldEdit> edits = new ArrayList<>();
        for (String field : RecordEditor.FIELDS) {
            if (form.containsKey(field)) {
                edits.add(new FieldEdit(field, first(form, field)));
            }
        }
        int items = record.items().size();
        for (int i = 0; i <= items; i++) {
            for (String field : RecordEditor.ITEM_FIELDS) {
                String path = "items[" + i + "]." + field;
                if (form.containsKey(path)) {
                    edits.add(new FieldEdit(path, first(form, path)));
                }
            }
        }
        for (int i = 0; i < record.taxLines().size(); i++) {
            for (String field : RecordEditor.TAX_LINE_FIELDS) {
                String path = "tax_lines[" + i + "]." + field;
                if (form.containsKey(path)) {
                    edits.add(new FieldEdit(path, first(form, path)));
                }
            }
        }
        form.getOrDefault("remove", List.of()).stream()
                .filter(value -> value.matches("\\d{1,4}")).map(Integer::parseInt).filter(index -> index < items)
                .distinct().sorted(Comparator.reverseOrder())
                .forEach(index -> edits.add(new FieldEdit("items[" + index + "]", null)));
        return edits;
    }

    private void pageImage(HttpExchange exchange, long documentId, int pageNumber) throws IOException {
        Optional<ReviewRepository.DocumentFile> document = application.reviews().documentFile(documentId);
        if (document.isEmpty() || document.get().sha256() == null) {
            notFound(exchange);
            return;
        }
        Optional<PreviewRenderer.Preview> preview;
        try {
            preview = desk.previews().page(document.get().sha256(), document.get().fileName(), pageNumber);
        } catch (LedgerlensException e) {
            error(exchange, 404, "No page image", e.reason() + ": " + e.getMessage());
            return;
        }
        if (preview.isEmpty()) {
            notFound(exchange);
            return;
        }
        byte[] bytes = Files.readAllBytes(preview.get().image());
        send(exchange, 200, preview.get().mediaType(), bytes);
    }

    // ---- dead letters ----------------------------------------------------------------------------------------

    private void letters(Request request) throws IOException {
        List<ReviewPages.LetterRow> rows = new ArrayList<>();
        for (DeadLetter letter : application.deadLetters().list(null)) {
            rows.add(new ReviewPages.LetterRow(letter.id(), letter.fileName(), letter.reason(), letter.stage(),
                    firstLine(letter.message()), String.valueOf(letter.createdAt()).replace('T', ' '),
                    "/dead-letters/" + letter.id()));
        }
        render(request.exchange(), 200, "letters.jte",
                new ReviewPages.LettersPage(frame(request.session(), "Dead letters"), rows));
    }

    private void letter(Request request, long id) throws IOException {
        Optional<DeadLetter> found = application.deadLetters().find(id);
        if (found.isEmpty()) {
            notFound(request.exchange());
            return;
        }
        DeadLetter letter = found.get();
        boolean kept = letter.documentId() != null && letter.sha256() != null
                && application.originals().contains(letter.sha256());
        List<ReviewPages.PageImage> pages = new ArrayList<>();
        String pageError = null;
        if (!kept) {
            pageError = "The original is not kept, so its pages cannot be shown.";
        } else {
            try {
                int count = desk.previews().pageCount(letter.sha256(), letter.fileName());
                for (int page = 1; page <= count; page++) {
                    pages.add(new ReviewPages.PageImage(page, "/documents/" + letter.documentId() + "/pages/" + page, 0, 0,
                            List.of()));
                }
            } catch (LedgerlensException e) {
                pageError = "Its pages cannot be shown: " + e.reason() + ": " + e.getMessage();
            }
        }
        render(request.exchange(), 200, "letter.jte", new ReviewPages.LetterPage(frame(request.session(), letter.fileName()),
                letter.id(), letter.fileName(), letter.reason(), letter.category(), letter.stage(), letter.attempts(),
                letter.message(), letter.violations().stream().map(Violation::toString).toList(),
                String.valueOf(letter.createdAt()).replace('T', ' ') + (letter.replayedAt() == null ? ""
                        : " (replayed " + String.valueOf(letter.replayedAt()).replace('T', ' ') + ")"),
                pages, pageError, kept && letter.replayedAt() == null, "/dead-letters/" + letter.id() + "/replay"));
    }

    private void replay(Request request, long id) throws IOException {
        Session session = request.session();
        Optional<DeadLetter> found = application.deadLetters().find(id).filter(letter -> letter.replayedAt() == null);
        if (found.isEmpty()) {
            session.flash.set("Dead letter " + id + " is not open (already replayed, or purged).");
            redirect(request.exchange(), "/dead-letters");
            return;
        }
        if (!replaying.tryLock()) {
            session.flash.set("Another replay is running; try again when it has finished.");
            redirect(request.exchange(), "/dead-letters/" + id);
            return;
        }
        DeadLetter letter = found.get();
        List<String> skipped = new ArrayList<>();
        try {
            RunTracker tracker = new RunTracker();
            new DeadLetterReplay(application).replay(List.of(letter), tracker, skipped::add);
            if (tracker.fatalFailure().isPresent()) {
                session.flash.set("The replay stopped: " + tracker.fatalFailure().get().reason() + ": "
                        + tracker.fatalFailure().get().getMessage());
                redirect(request.exchange(), "/dead-letters/" + id);
                return;
            }
        } catch (LedgerlensException e) {
            session.flash.set("The replay could not start: " + e.reason() + ": " + e.getMessage());
            redirect(request.exchange(), "/dead-letters/" + id);
            return;
        } finally {
            replaying.unlock();
        }
        if (!skipped.isEmpty()) {
            session.flash.set(String.join("; ", skipped));
            redirect(request.exchange(), "/dead-letters/" + id);
            return;
        }
        Optional<StoredDocument> stored = application.storedRecords().find(letter.documentId());
        if (stored.isPresent()) {
            session.flash.set("Replayed " + letter.fileName() + ": stored as " + stored.get().status().label() + ".");
            redirect(request.exchange(), recordHref(letter.documentId(), ""));
            return;
        }
        Optional<DeadLetter> again = application.deadLetters().list(null).stream()
                .filter(other -> letter.documentId().equals(other.documentId())).reduce((a, b) -> b);
        session.flash.set("Replayed " + letter.fileName() + ": it failed again"
                + again.map(other -> " (" + other.reason() + ")").orElse("") + ".");
        redirect(request.exchange(), again.map(other -> "/dead-letters/" + other.id()).orElse("/dead-letters"));
    }

    // ---- sessions --------------------------------------------------------------------------------------------

    private void login(HttpExchange exchange, String offered) throws IOException {
        if (!same(offered, token)) {
            error(exchange, 401, "Not signed in", "That access token is not this server's; use the address it printed.");
            return;
        }
        String id = randomToken();
        sessions.put(id, new Session(randomToken(), defaultReviewer));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
        redirect(exchange, "/"); // the token leaves the address bar and the history
    }

    private Session session(HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return null;
        }
        for (String header : cookies) {
            for (String cookie : header.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(COOKIE)) {
                    Session session = sessions.get(pair[1]);
                    if (session != null) {
                        return session;
                    }
                }
            }
        }
        return null;
    }

    private ReviewPages.Frame frame(Session session, String title) {
        long queued = application.storedRecords().countByStatus().getOrDefault(RecordStatus.NEEDS_REVIEW.label(), 0L);
        long letters = application.deadLetters().list(null).size();
        return new ReviewPages.Frame(title, session.reviewer, session.csrf, session.flash.getAndSet(null), queued, letters);
    }

    // ---- HTTP plumbing ---------------------------------------------------------------------------------------

    private List<Long> queueIds(String reason) {
        return application.storedRecords().needingReview(reason.isEmpty() ? null : reason).stream()
                .map(StoredDocument::id).toList();
    }

    /** The record after {@code id} in the queue as it stands before an action on it; the queue when none is left. */
    private String nextOrQueue(long id, String reason) {
        List<Long> queue = queueIds(reason);
        int at = queue.indexOf(id);
        List<Long> rest = new ArrayList<>(at >= 0 ? queue.subList(at + 1, queue.size()) : queue);
        if (at > 0) {
            rest.addAll(queue.subList(0, at));
        }
        rest.remove(id);
        return rest.isEmpty() ? (reason.isEmpty() ? "/" : "/?reason=" + encode(reason)) : recordHref(rest.get(0), reason);
    }

    private static String recordHref(long id, String reason) {
        return "/records/" + id + (reason == null || reason.isEmpty() ? "" : "?reason=" + encode(reason));
    }

    /** A reason filter is a rule name; anything else is no filter. */
    private static String reasonFilter(String reason) {
        return reason != null && reason.matches("[a-z0-9_.\\[\\]]{1,80}") ? reason : "";
    }

    private void render(HttpExchange exchange, int status, String template, Object page) throws IOException {
        StringOutput output = new StringOutput();
        templates.render(template, page, output);
        send(exchange, status, "text/html; charset=utf-8", output.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void error(HttpExchange exchange, int status, String title, String message) throws IOException {
        render(exchange, status, "error.jte", new ReviewPages.ErrorPage(title, message));
    }

    private void notFound(HttpExchange exchange) throws IOException {
        error(exchange, 404, "Not found", "There is nothing at this address.");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        securityHeaders(exchange.getResponseHeaders());
        exchange.sendResponseHeaders(303, -1);
    }

    private static void sendResource(HttpExchange exchange, String path) throws IOException {
        String resource = "/review/" + path.substring("/static/".length());
        try (InputStream in = ReviewServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            send(exchange, 200, STATIC.get(path), in.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        securityHeaders(headers);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void securityHeaders(Headers headers) {
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }

    /** The url-encoded form of a POST, or null after answering 413 or 415. */
    private static Map<String, List<String>> readForm(HttpExchange exchange) throws IOException {
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            send(exchange, 415, "text/plain; charset=utf-8", "a form is expected".getBytes(StandardCharsets.UTF_8));
            return null;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
        if (body.length > MAX_FORM_BYTES) {
            send(exchange, 413, "text/plain; charset=utf-8", "the form is too large".getBytes(StandardCharsets.UTF_8));
            return null;
        }
        return decode(new String(body, StandardCharsets.US_ASCII));
    }

    private static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is dropped, as a browser never sends one
            }
        }
        return values;
    }

    private static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static boolean same(String offered, String expected) {
        return offered != null && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String shown(String value) {
        return value == null ? "—" : value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 159) + "…";
    }
}
