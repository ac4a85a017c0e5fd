package dev.ledgerlens.export;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks the ledger account for a bill from its contact name, as the {@code accounts} section of
 * {@code config/exports/<target>.yaml} says: rules are tried in file order, the first whose keyword occurs in the name
 * (case-insensitive) or whose regular expression finds a match wins; else the default account. Xero wants account
 * codes, QuickBooks account names, hence one map per target. Immutable and thread-safe.
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

    /** The account for a vendor name (null or blank gets the default). */
    public String accountFor(String vendor) {
        if (vendor == null || vendor.isBlank()) {
            return defaultAccount;
        }
        return rules.stream().filter(rule -> rule.matches(vendor)).map(Rule::account).findFirst().orElse(defaultAccount);
    }
}
