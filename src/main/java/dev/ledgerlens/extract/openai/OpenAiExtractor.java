package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import dev.ledgerlens.config.ConfigSource;
import dev.ledgerlens.extract.Extraction;
import dev.ledgerlens.extract.Extractor;
import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.extract.Usage;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;
import dev.ledgerlens.render.PageSpec;
import dev.ledgerlens.render.RenderedDocument;
import dev.ledgerlens.render.RenderedPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The vision-model engine: sends a document's page images to an OpenAI model (Chat Completions or
 * Responses API, chosen by {@code ledgerlens.openai.api}) with the extraction schema in strict mode,
 * and reads the answer into {@link RawFields}.
 * <p>
 * All pages of a document go in ONE request when they fit (page cap, 50 MB of images); otherwise,
 * with {@code page-overflow=split}, in consecutive chunks whose answers are merged (header fields from
 * the first chunk that has them, amounts from the last, line items concatenated), or with
 * {@code reject}, the document fails as PAGE_LIMIT. Before each request the run budget and the
 * client-side rate limiter are consulted. Retries of 429/5xx/timeouts are the SDK's ({@code max-retries},
 * honouring Retry-After); what is left is thrown as a typed {@link LedgerlensException} for Camel.
 * <p>
 * Thread-safe: one SDK client (its connection pool) is shared by all threads; the budget and the
 * limiter synchronise themselves. {@link #close()} releases the client at the end of the run.
 */
public final class OpenAiExtractor implements Extractor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiExtractor.class);
    private static final ObjectMapper LINES = new ObjectMapper();
    /** The API's limit on the images of one request, counted as the base64 we send. */
    static final long MAX_REQUEST_IMAGE_BYTES = 50L * 1024 * 1024;
    /** Image types the API reads. */
    static final Set<String> ACCEPTED_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final OpenAiSettings settings;
    private final RunBudget budget;
    private final RequestLimiter limiter;
    /** ledgerlens.concurrency's shipped default, for engines built without the configuration (tests). */
    private static final int DEFAULT_REQUESTS_IN_FLIGHT = 8;

    private final OpenAIClient client;
    private final ModelCaller caller;
    private final ImageTokenEstimator estimator;
    private final PromptTemplates prompts;
    private final AnswerReader answerReader;
    private final ApiFailureTranslator translator;
    private final Optional<PriceTable.Price> price;
    private final Optional<PriceTable.Price> batchPrice;
    private final long schemaTokens;

    /**
     * @param settings the engine's settings ({@link OpenAiSettings#from})
     * @param budget   the run's budget, shared by every engine instance of the run
     * @param limiter  the client-side rate limiter, shared likewise
     */
    public OpenAiExtractor(OpenAiSettings settings, RunBudget budget, RequestLimiter limiter) {
        this(settings, budget, limiter, DEFAULT_REQUESTS_IN_FLIGHT);
    }

    /**
     * @param requestsInFlight how many requests the pipeline sends at once ({@code ledgerlens.concurrency}); the
     *                         client keeps that many connections open between requests
     */
    public OpenAiExtractor(OpenAiSettings settings, RunBudget budget, RequestLimiter limiter, int requestsInFlight) {
        this.settings = settings;
        this.budget = budget;
        this.limiter = limiter;
        ObjectMapper mapper = new ObjectMapper();
        ExtractionSchema schema = ExtractionSchema.load(mapper);
        this.prompts = PromptTemplates.load();
        this.answerReader = new AnswerReader(mapper);
        this.translator = new ApiFailureTranslator(settings.apiKey());
        this.estimator = new ImageTokenEstimator(settings.model());
        this.price = settings.prices().priceFor(settings.model());
        this.batchPrice = settings.prices().batchPriceFor(settings.model());
        this.schemaTokens = ImageTokenEstimator.textTokens(schema.schema().toString());
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .apiKey(settings.apiKey())
                .maxRetries(settings.maxRetries())
                .timeout(settings.timeout())
                // OkHttp keeps 5 idle connections by default: with more requests in flight, every further one
                // would open (and TLS-handshake) a new connection per request; keep one per worker instead
                .maxIdleConnections(Math.max(5, requestsInFlight))
                // the SDK wants both pool settings or neither; 5 minutes is OkHttp's own default
                .keepAliveDuration(java.time.Duration.ofMinutes(5));
        settings.baseUrl().ifPresent(builder::baseUrl);
        this.client = builder.build();
        this.caller = settings.api() == OpenAiSettings.Api.CHAT
                ? new ChatCompletionsCaller(client, settings, schema)
                : new ResponsesCaller(client, settings, schema);
        warmUpInBackground(caller);
        if (!estimator.model().isDocumented()) {
            LOG.info("model '{}' is not in OpenAI's vision table: image tokens are estimated with the gpt-4o rule", settings.model());
        }
    }

    /** Warms the SDK's JSON binding while the rest of the application starts; a failure only costs the warm-up. */
    private static void warmUpInBackground(ModelCaller caller) {
        Thread warming = new Thread(() -> {
            long started = System.nanoTime();
            try {
                caller.warmUp();
                LOG.debug("OpenAI client warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
            } catch (Exception | LinkageError e) {
                LOG.debug("OpenAI client warm-up skipped: {}", e.toString());
            }
        }, "ledgerlens-openai-warm-up");
        warming.setDaemon(true);
        warming.start();
    }

    /** Settings, budget and limiter from the configuration (one budget and limiter for this engine's run). */
    public static OpenAiExtractor from(ConfigSource config) {
        OpenAiSettings settings = OpenAiSettings.from(config);
        return new OpenAiExtractor(settings, RunBudget.from(settings), RequestLimiter.from(settings),
                config.getInt("ledgerlens.concurrency", DEFAULT_REQUESTS_IN_FLIGHT));
    }

    @Override
    public String name() {
        return settings.engineName();
    }

    @Override
    public PageSpec pageSpec() {
        return estimator.pageSpec(settings.detail());
    }

    @Override
    public Extraction extract(RenderedDocument document) {
        long started = System.nanoTime();
        if (document.pages().isEmpty()) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "the rendered document has no pages");
        }
        List<RenderedPage> pages = document.pages();
        requireAcceptedTypes(pages);
        List<List<RenderedPage>> chunks = plan(pages, document.pageCount());
        List<String> answers = new ArrayList<>();
        List<RawFields> parts = new ArrayList<>();
        Tally tally = new Tally();
        for (List<RenderedPage> chunkPages : chunks) {
            // one chunk's data URLs at a time: a 1,000-page document encoded at once is ~500 MB of base64
            List<EncodedPage> chunk = encode(chunkPages);
            Conversation conversation = conversation(document, chunk);
            String answer = send(conversation, chunk, document, answers, tally);
            parts.add(answerReader.read(answer, answers));
        }
        RawFields fields = parts.size() == 1 ? parts.get(0) : merge(parts);
        return new Extraction(document, name(), fields, Map.of(), answers, tally.usage(started), Map.of());
    }

    /**
     * One more request in the same conversation: the pages, the model's first answer, and a user message
     * listing the violations. Extractions that took several requests (a split document) are returned
     * unchanged: there is no single conversation to continue.
     */
    @Override
    public Extraction reask(Extraction first, List<Violation> violations) {
        if (first.answers().size() != 1 || violations.isEmpty()) {
            LOG.info("{}: no re-ask ({} answers, {} violations)", first.document().source().shortId(),
                    first.answers().size(), violations.size());
            return first;
        }
        long started = System.nanoTime();
        RenderedDocument document = first.document();
        List<EncodedPage> pages = encode(document.pages());
        Conversation conversation = conversation(document, pages).followedBy(first.answers().get(0), prompts.reask(violations));
        List<String> answers = new ArrayList<>(first.answers());
        Tally tally = new Tally();
        String answer = send(conversation, pages, document, answers, tally);
        RawFields fields = answerReader.read(answer, answers);
        return new Extraction(document, name(), fields, Map.of(), answers, sum(first.usage(), tally.usage(started)), Map.of());
    }

    /** The usage of two requests of one extraction (a first answer and its re-ask). */
    private static Usage sum(Usage before, Usage second) {
        return new Usage(second.model(), before.estimatedTokens() + second.estimatedTokens(),
                before.promptTokens() + second.promptTokens(), before.completionTokens() + second.completionTokens(),
                before.cachedTokens() + second.cachedTokens(), before.costUsd().add(second.costUsd()),
                before.latencyMillis() + second.latencyMillis(),
                before.requestIds() == null ? second.requestIds() : before.requestIds() + "," + second.requestIds());
    }

    /** The first request of a document (or of one chunk of it): the prompts and its page images. */
    private Conversation conversation(RenderedDocument document, List<EncodedPage> pages) {
        return new Conversation(prompts.system(),
                prompts.user(pages.get(0).pageNumber(), pages.get(pages.size() - 1).pageNumber(),
                        Math.max(document.pageCount(), document.pages().size())),
                pages.stream().map(EncodedPage::dataUrl).toList(), List.of());
    }

    // ------------------------------------------------------------------------------------------------ Batch API

    /**
     * True when the document goes in one request, as every line of a batch input file must; a longer document is
     * extracted online (its answers are merged from several requests). Throws the document's typed failure when it
     * cannot be sent at all (a page type the API does not read, a page over 50 MB, {@code page-overflow=reject}).
     */
    public boolean fitsOneRequest(RenderedDocument document) {
        if (document.pages().isEmpty()) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR, "the rendered document has no pages");
        }
        requireAcceptedTypes(document.pages());
        return plan(document.pages(), document.pageCount()).size() == 1;
    }

    /** The path a batch of this engine's requests names as its endpoint ({@code /v1/chat/completions} or {@code /v1/responses}). */
    public String batchEndpoint() {
        return caller.endpoint();
    }

    /**
     * A document's first request as one line of a batch input file: {@code custom_id}, {@code method}, {@code url}
     * and, as {@code body}, exactly the body {@link #extract} would send online. The request's worst case (estimated
     * input and the answer's token cap, at the model's batch price) is charged to the run budget now, when the
     * request is committed: a line that could take the run past its budget is not written (BUDGET_EXHAUSTED).
     *
     * @param customId the line's {@code custom_id}, unique in its batch
     */
    public BatchLine batchLine(RenderedDocument document, String customId) {
        List<EncodedPage> pages = encode(document.pages());
        return line(customId, conversation(document, pages), pages);
    }

    /** As {@link #batchLine}, for the re-ask of a batch answer that failed validation: the same conversation as {@link #reask}. */
    public BatchLine batchReaskLine(RenderedDocument document, String firstAnswer, List<Violation> violations, String customId) {
        List<EncodedPage> pages = encode(document.pages());
        return line(customId, conversation(document, pages).followedBy(firstAnswer, prompts.reask(violations)), pages);
    }

    private BatchLine line(String customId, Conversation conversation, List<EncodedPage> pages) {
        long estimatedInput = estimatedInput(conversation, pages);
        long worstCase = estimatedInput + settings.maxOutputTokens();
        BigDecimal worstCost = batchPrice.map(p -> p.cost(estimatedInput, 0, settings.maxOutputTokens())).orElse(BigDecimal.ZERO);
        // billed when the batch runs, not settled by a reply here: the worst case stays charged to this run
        budget.settle(budget.reserve(worstCase, worstCost), worstCase, worstCost);
        ObjectNode line = LINES.createObjectNode();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", caller.endpoint());
        line.set("body", caller.body(conversation));
        return new BatchLine(customId, line.toString(), estimatedInput, worstCost);
    }

    /**
     * The extraction a batch output line holds for {@code document}: read and checked like an online answer (the same
     * refusal, truncation, empty and schema checks, the same typed failures), priced at the model's batch price. A
     * line the Batch API could not answer (its error file, or a status other than 200) fails as BATCH_REQUEST_FAILED
     * with the API's error.
     *
     * @param estimatedTokens the input tokens estimated when the line was written
     * @param latencyMillis   how long the answer took (the batch's submission to its end)
     * @param earlier         for the answer to a re-ask: the first answer's extraction (its answer and usage are
     *                        kept with the second); null for a first answer
     */
    public Extraction batchAnswer(RenderedDocument document, BatchResult result, long estimatedTokens, long latencyMillis,
                                  Extraction earlier) {
        List<String> answers = new ArrayList<>(earlier == null ? List.of() : earlier.answers());
        if (!result.answered()) {
            throw new LedgerlensException(FailureReason.BATCH_REQUEST_FAILED, "the Batch API did not answer "
                    + result.customId() + ": " + translator.redact(result.error()), null, List.of(), answers);
        }
        ModelReply reply;
        try {
            reply = caller.read(result.body(), result.requestId());
        } catch (OpenAIException e) {
            LedgerlensException failure = translator.translate(e, settings.model());
            throw new LedgerlensException(failure.reason(), failure.getMessage(), failure.getCause(), List.of(), answers);
        }
        BigDecimal cost = batchPrice.map(p -> p.cost(reply.promptTokens(), reply.cachedTokens(), reply.completionTokens()))
                .orElse(BigDecimal.ZERO);
        Usage usage = new Usage(settings.model(), estimatedTokens, reply.promptTokens(), reply.completionTokens(),
                reply.cachedTokens(), cost, latencyMillis, reply.requestId());
        RawFields fields = answerReader.read(check(reply, answers), answers);
        return new Extraction(document, name(), fields, Map.of(), answers,
                earlier == null ? usage : sum(earlier.usage(), usage), Map.of());
    }

    /** The Files and Batches services on this engine's client (same key, base URL, retries and timeouts). */
    public OpenAiBatches batches() {
        return new OpenAiBatches(client, translator, settings.model());
    }

    /** Estimates, reserves budget and rate, sends, settles; returns the answer text or throws its typed failure. */
    private String send(Conversation conversation, List<EncodedPage> pages, RenderedDocument document,
                        List<String> answers, Tally tally) {
        long estimatedInput = estimatedInput(conversation, pages);
        long worstCase = estimatedInput + settings.maxOutputTokens();
        BigDecimal worstCost = price.map(p -> p.cost(estimatedInput, 0, settings.maxOutputTokens())).orElse(BigDecimal.ZERO);
        RunBudget.Reservation reservation = budget.reserve(worstCase, worstCost);
        ModelReply reply;
        long callStarted = System.nanoTime();
        try {
            limiter.acquire(worstCase);
            reply = caller.call(conversation, document.source().sha256());
        } catch (OpenAIException e) {
            budget.release(reservation);
            LedgerlensException failure = translator.translate(e, settings.model());
            throw new LedgerlensException(failure.reason(), failure.getMessage(), failure.getCause(), List.of(), answers);
        } catch (RuntimeException e) {
            budget.release(reservation);
            throw e;
        }
        long reported = reply.promptTokens() + reply.completionTokens();
        // A server that reports no usage (some compatible servers) is charged our estimate, not nothing.
        long charged = reported > 0 ? reported : estimatedInput + ImageTokenEstimator.textTokens(String.valueOf(reply.text()));
        BigDecimal cost = price.map(p -> reported > 0
                ? p.cost(reply.promptTokens(), reply.cachedTokens(), reply.completionTokens())
                : p.cost(charged, 0, 0)).orElse(BigDecimal.ZERO);
        budget.settle(reservation, charged, cost);
        limiter.settle(worstCase, charged);
        tally.add(estimatedInput, reply, cost);
        LOG.debug("{} {}: {} page(s), ~{} tokens estimated, {} reported, request {}, {} ms", name(),
                document.source().shortId(), pages.size(), estimatedInput, reported, reply.requestId(),
                (System.nanoTime() - callStarted) / 1_000_000);
        return check(reply, answers);
    }

    /** Image and text tokens of a request, estimated the way OpenAI counts them (see ImageTokenEstimator). */
    private long estimatedInput(Conversation conversation, List<EncodedPage> pages) {
        long imageTokens = pages.stream()
                .mapToLong(page -> estimator.imageTokens(page.width(), page.height(), settings.detail())).sum();
        long textTokens = ImageTokenEstimator.textTokens(conversation.system()) + ImageTokenEstimator.textTokens(conversation.userText())
                + conversation.turns().stream().mapToLong(turn -> ImageTokenEstimator.textTokens(turn.answer() + turn.followUp())).sum()
                + schemaTokens;
        return imageTokens + textTokens;
    }

    private String check(ModelReply reply, List<String> answers) {
        if (reply.refusal() != null && !reply.refusal().isBlank()) {
            answers.add(reply.refusal());
            throw new LedgerlensException(FailureReason.MODEL_REFUSAL, "the model refused: " + reply.refusal(),
                    null, List.of(), answers);
        }
        if (reply.filtered()) {
            if (reply.text() != null) {
                answers.add(reply.text());
            }
            throw new LedgerlensException(FailureReason.MODEL_REFUSAL, "the provider's content filter stopped the answer",
                    null, List.of(), answers);
        }
        if (reply.text() != null) {
            answers.add(reply.text());
        }
        if (reply.truncated()) {
            throw new LedgerlensException(FailureReason.MODEL_TRUNCATED, "the answer was cut off at "
                    + settings.maxOutputTokens() + " tokens (" + OpenAiSettings.MAX_OUTPUT_TOKENS + ")",
                    null, List.of(), answers);
        }
        if (reply.text() == null || reply.text().isBlank()) {
            throw new LedgerlensException(FailureReason.MODEL_EMPTY_ANSWER, "the model answered with no text",
                    null, List.of(), answers);
        }
        return reply.text();
    }

    /** Refuses, before anything is sent, a document with a page type the API does not read. */
    private static void requireAcceptedTypes(List<RenderedPage> pages) {
        for (RenderedPage page : pages) {
            if (!ACCEPTED_TYPES.contains(page.mediaType())) {
                throw new LedgerlensException(FailureReason.UNSUPPORTED_TYPE, "page " + page.pageNumber() + " is "
                        + page.mediaType() + "; the model API reads only " + ACCEPTED_TYPES);
            }
        }
    }

    /** The length of a page's data URL, from its file size, without reading it. */
    private static long encodedLength(RenderedPage page) {
        try {
            return ("data:" + page.mediaType() + ";base64,").length() + 4 * ((Files.size(page.image()) + 2) / 3);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.INTERNAL_ERROR,
                    "cannot read the rendered page " + page.pageNumber() + " at " + page.image(), e);
        }
    }

    /** Reads each page file into a data URL; refuses types the API does not read. */
    private static List<EncodedPage> encode(List<RenderedPage> pages) {
        List<EncodedPage> encoded = new ArrayList<>(pages.size());
        for (RenderedPage page : pages) {
            if (!ACCEPTED_TYPES.contains(page.mediaType())) {
                throw new LedgerlensException(FailureReason.UNSUPPORTED_TYPE, "page " + page.pageNumber() + " is "
                        + page.mediaType() + "; the model API reads only " + ACCEPTED_TYPES);
            }
            try {
                byte[] bytes = Files.readAllBytes(page.image());
                String url = "data:" + page.mediaType() + ";base64," + Base64.getEncoder().encodeToString(bytes);
                encoded.add(new EncodedPage(page.pageNumber(), url, page.width(), page.height()));
            } catch (IOException e) {
                throw new LedgerlensException(FailureReason.INTERNAL_ERROR,
                        "cannot read the rendered page " + page.pageNumber() + " at " + page.image(), e);
            }
        }
        return encoded;
    }

    /** Consecutive chunks within the page cap and the request's image bytes, or the document's typed refusal. */
    private List<List<RenderedPage>> plan(List<RenderedPage> pages, int pageCount) {
        int cap = settings.maxPagesPerRequest();
        for (RenderedPage page : pages) {
            if (encodedLength(page) > MAX_REQUEST_IMAGE_BYTES) {
                throw new LedgerlensException(FailureReason.TOO_LARGE, "page " + page.pageNumber() + " is "
                        + encodedLength(page) / (1024 * 1024) + " MB encoded, over the API's 50 MB per request");
            }
        }
        List<List<RenderedPage>> chunks = new ArrayList<>();
        List<RenderedPage> current = new ArrayList<>();
        long bytes = 0;
        for (RenderedPage page : pages) {
            long length = encodedLength(page);
            if (!current.isEmpty() && (current.size() == cap || bytes + length > MAX_REQUEST_IMAGE_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(page);
            bytes += length;
        }
        chunks.add(current);
        if (chunks.size() > 1 && settings.pageOverflow() == OpenAiSettings.PageOverflow.REJECT) {
            boolean byCount = pages.size() > cap;
            throw new LedgerlensException(byCount ? FailureReason.PAGE_LIMIT : FailureReason.TOO_LARGE,
                    "the document's " + pages.size() + " page(s) (of " + pageCount + ") do not fit in one request ("
                            + (byCount ? OpenAiSettings.MAX_PAGES + "=" + cap : "50 MB of images")
                            + ") and " + OpenAiSettings.PAGE_OVERFLOW + "=reject");
        }
        return chunks;
    }

    /**
     * Merges the answers for consecutive chunks of one document: header fields from the first chunk that
     * shows them, amounts from the last (totals close a document), line items in page order, tax lines from
     * the last chunk that lists any (a tax summary is printed once, near the total).
     */
    static RawFields merge(List<RawFields> parts) {
        List<RawFields.Item> items = new ArrayList<>();
        parts.forEach(part -> items.addAll(part.items()));
        List<RawFields.TaxLine> taxLines = List.of();
        for (RawFields part : parts) {
            if (!part.taxLines().isEmpty()) {
                taxLines = part.taxLines();
            }
        }
        return new RawFields(
                first(parts, RawFields::documentType), first(parts, RawFields::storeName),
                first(parts, RawFields::storeAddress), first(parts, RawFields::date), first(parts, RawFields::time),
                items,
                last(parts, RawFields::subtotal), last(parts, RawFields::tax), last(parts, RawFields::tip),
                last(parts, RawFields::discount), last(parts, RawFields::total),
                first(parts, RawFields::currency), first(parts, RawFields::paymentMethod),
                first(parts, RawFields::invoiceNumber), first(parts, RawFields::dueDate),
                first(parts, RawFields::vendorTaxId), first(parts, RawFields::billTo), first(parts, RawFields::poNumber),
                taxLines,
                first(parts, RawFields::vendorVatId), first(parts, RawFields::buyerReference),
                last(parts, RawFields::netTotal), last(parts, RawFields::charges), last(parts, RawFields::amountDue),
                first(parts, RawFields::iban), first(parts, RawFields::typeCode));
    }

    private static String first(List<RawFields> parts, Function<RawFields, String> field) {
        return parts.stream().map(field).filter(value -> value != null).findFirst().orElse(null);
    }

    private static String last(List<RawFields> parts, Function<RawFields, String> field) {
        String result = null;
        for (RawFields part : parts) {
            String value = field.apply(part);
            if (value != null) {
                result = value;
            }
        }
        return result;
    }

    @Override
    public void close() {
        client.close();
    }

    /** One page ready to send. */
    private record EncodedPage(int pageNumber, String dataUrl, int width, int height) {
    }

    /** Sums the usage of the requests of one extraction (one thread, one extraction). */
    private final class Tally {
        long estimated;
        long prompt;
        long completion;
        long cached;
        BigDecimal cost = BigDecimal.ZERO;
        final List<String> requestIds = new ArrayList<>();

        void add(long estimatedInput, ModelReply reply, BigDecimal replyCost) {
            estimated += estimatedInput;
            prompt += reply.promptTokens();
            completion += reply.completionTokens();
            cached += reply.cachedTokens();
            cost = cost.add(replyCost);
            if (reply.requestId() != null) {
                requestIds.add(reply.requestId());
            }
        }

        Usage usage(long startedNanos) {
            return new Usage(settings.model(), estimated, prompt, completion, cached, cost,
                    (System.nanoTime() - startedNanos) / 1_000_000,
                    requestIds.isEmpty() ? null : String.join(",", requestIds));
        }
    }
}
