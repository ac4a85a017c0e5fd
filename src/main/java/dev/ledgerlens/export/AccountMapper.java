package dev.ledgerlens.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Picks the ledger account code for a document from its vendor name, as configured in
 * {@code config/accounts.yaml}: rules are tried in file order, the first whose keyword occurs in the vendor
 * name (case-insensitive) or whose regular expression finds a match wins; else the default account.
 * Immutable and thread-safe.
 */
public final class AccountMapper {

    /** One rule: an account and the keywords or pattern that select it. */
    public record Rule(String account, List<String> keywords, Pattern pattern) {
        public Rule {
            keywords = keywords == null ? List.of() : keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        }

        boolean matches(String vendor) {
            String lower = vendor.toLowerCase(Locale.ROOT);
            return keywords.stream().anyMatch(lower::contains) || (pattern != null && pattern.matcher(vendor).find());
        }
    }

    private final String defaultAccount;
    private final List<Rule> rules;

    public AccountMapper(String defaultAccount, List<Rule> rules) {
        this.defaultAccount = defaultAccount;
        this.rules = List.copyOf(rules);
    }

    /** Reads the mapping file; a missing or malformed file fails the run with what to fix. */
    public static AccountMapper load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "the account mapping " + file
                    + " does not exist; create it (see config/accounts.yaml in the distribution) or set ledgerlens.export.accounts-file");
        }
        FileContent content;
        try {
            content = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(file.toFile(), FileContent.class);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "cannot read the account mapping " + file + ": " + e.getMessage(), e);
        }
        if (content == null || content.defaultAccount() == null || content.defaultAccount().isBlank()) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                    "the account mapping " + file + " has no 'default' account; add a line like: default: \"400\"");
        }
        List<Rule> rules = new ArrayList<>();
        List<FileRule> fileRules = content.rules() == null ? List.of() : content.rules();
        for (int i = 0; i < fileRules.size(); i++) {
            FileRule rule = fileRules.get(i);
            if (rule.account() == null || rule.account().isBlank()
                    || (rule.keywords() == null || rule.keywords().isEmpty()) && rule.pattern() == null) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "rule " + (i + 1) + " of " + file
                        + " needs an 'account' and 'keywords' or a 'pattern'");
            }
            try {
                rules.add(new Rule(rule.account(), rule.keywords(),
                        rule.pattern() == null ? null : Pattern.compile(rule.pattern(), Pattern.CASE_INSENSITIVE)));
            } catch (PatternSyntaxException e) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "rule " + (i + 1) + " of " + file
                        + " has a bad pattern: " + e.getDescription(), e);
            }
        }
        return new AccountMapper(content.defaultAccount(), rules);
    }

    /** The account for a vendor name (null or blank gets the default). */
    public String accountFor(String vendor) {
        if (vendor == null || vendor.isBlank()) {
            return defaultAccount;
        }
        return rules.stream().filter(rule -> rule.matches(vendor)).map(Rule::account).findFirst().orElse(defaultAccount);
    }

    /** The YAML shape. */
    private record FileContent(@JsonProperty("default") String defaultAccount, @JsonProperty("rules") List<FileRule> rules) {
    }

    private record FileRule(@JsonProperty("account") String account, @JsonProperty("keywords") List<String> keywords,
                            @JsonProperty("pattern") String pattern) {
    }
}
