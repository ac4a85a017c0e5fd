package dev.ledgerlens.extract.openai;

import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;
import dev.ledgerlens.failure.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The prompts, from {@code config/prompts/} on the classpath ({@code system.txt}, {@code user.txt},
 * {@code reask.txt}) so they can be tuned without touching code. Immutable and thread-safe.
 */
public final class PromptTemplates {
    private final String system;
    private final String user;
    private final String reask;

    public PromptTemplates(String system, String user, String reask) {
        this.system = system.strip();
        this.user = user.strip();
        this.reask = reask.strip();
    }

    /** The shipped prompts; CONFIGURATION_INVALID (FATAL) when one is missing from the classpath. */
    public static PromptTemplates load() {
        return new PromptTemplates(read("system.txt"), read("user.txt"), read("reask.txt"));
    }

    public String system() {
        return system;
    }

    /**
     * The user text for pages {@code first..last} of a document of {@code pageCount} pages,
     * so the model knows a chunk of a split document is not the whole of it.
     */
    public String user(int first, int last, int pageCount) {
        String pages = first == last ? "page " + first : "pages " + first + " to " + last;
        return user.replace("{{pages}}", pages).replace("{{page_count}}", String.valueOf(pageCount));
    }

    /** The follow-up that lists what was wrong with the first answer. */
    public String reask(List<Violation> violations) {
        String list = violations.stream().map(v -> "- " + v.field() + ": " + v.message()).collect(Collectors.joining("\n"));
        return reask.replace("{{violations}}", list);
    }

    private static String read(String name) {
        String resource = "config/prompts/" + name;
        try (InputStream in = PromptTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        resource + " is missing from the classpath; rebuild with 'mvn package'");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read " + resource, e);
        }
    }
}
