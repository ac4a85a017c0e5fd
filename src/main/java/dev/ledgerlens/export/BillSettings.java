package dev.ledgerlens.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one accounting system needs to book a bill, from {@code config/exports/xero.yaml} or
 * {@code config/exports/quickbooks.yaml}: tax codes per rate, the account map, vendor aliases, and (QuickBooks)
 * whether the company tracks tax on purchases at all. The file format is described in docs/exports.md; a missing or
 * malformed file fails the export with what to fix. Immutable and thread-safe.
 *
 * @param file      where it was read from
 * @param taxCodes  rate → tax code
 * @param accounts  contact → account
 * @param vendors   vendor aliases and the name normaliser
 * @param trackTax  false for a company that books tax on purchases as part of the expense (QuickBooks Online US)
 */
public record BillSettings(Path file, TaxCodes taxCodes, AccountMapper accounts, VendorNames vendors, boolean trackTax) {

    /** Reads a target's file; {@code target} ("Xero", "QuickBooks") is named in messages. */
    public static BillSettings load(Path file, String target) {
        if (!Files.isRegularFile(file)) {
            throw invalid(file, "does not exist; copy it from config/exports/ in the distribution, or point "
                    + "ledgerlens.export." + target.toLowerCase(java.util.Locale.ROOT) + ".config-file at yours");
        }
        FileContent content;
        try {
            content = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(file.toFile(), FileContent.class);
        } catch (IOException e) {
            throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (content == null) {
            throw invalid(file, "is empty");
        }
        boolean trackTax = content.trackTax() == null || content.trackTax();
        if (content.trackTax() != null && target.equals("Xero")) {
            throw invalid(file, "has track-tax, a QuickBooks setting: Xero always books tax on bills; remove the line");
        }
        Map<BigDecimal, String> rates = new LinkedHashMap<>();
        if (content.taxRates() != null) {
            content.taxRates().forEach((rate, code) -> {
                BigDecimal percent;
                try {
                    percent = new BigDecimal(rate.trim().replace("%", ""));
                } catch (NumberFormatException e) {
                    throw invalid(file, "has tax rate \"" + rate + "\", which is not a percentage such as \"20\" or \"5.5\"");
                }
                rates.put(percent, required(file, "tax-rates \"" + rate + "\"", code));
            });
        }
        TaxCodes taxCodes = trackTax
                ? new TaxCodes(file, target, rates, required(file, "zero-rated", content.zeroRated()),
                required(file, "exempt", content.exempt()), required(file, "no-tax", content.noTax()),
                required(file, "rate-not-printed", content.rateNotPrinted()))
                : new TaxCodes(file, target, Map.of(), null, null, null, null);
        return new BillSettings(file, taxCodes, accounts(file, content.accounts()), vendors(file, content), trackTax);
    }

    private static AccountMapper accounts(Path file, FileAccounts accounts) {
        if (accounts == null || accounts.defaultAccount() == null || accounts.defaultAccount().isBlank()) {
            throw invalid(file, "has no default account; add:\naccounts:\n  default: \"<account>\"");
        }
        List<AccountMapper.Rule> rules = new ArrayList<>();
        List<FileRule> fileRules = accounts.rules() == null ? List.of() : accounts.rules();
        for (int i = 0; i < fileRules.size(); i++) {
            FileRule rule = fileRules.get(i);
            if (rule.account() == null || rule.account().isBlank()
                    || (rule.keywords() == null || rule.keywords().isEmpty()) && rule.pattern() == null) {
                throw invalid(file, "account rule " + (i + 1) + " needs an 'account' and 'keywords' or a 'pattern'");
            }
            try {
                rules.add(new AccountMapper.Rule(rule.account(), rule.keywords(),
                        rule.pattern() == null ? null : Pattern.compile(rule.pattern(), Pattern.CASE_INSENSITIVE)));
            } catch (PatternSyntaxException e) {
                throw new LedgerlensException(FailureReason.CONFIGURATION_INVALID,
                        file + ": account rule " + (i + 1) + " has a bad pattern: " + e.getDescription(), e);
            }
        }
        return new AccountMapper(accounts.defaultAccount(), rules);
    }

    private static VendorNames vendors(Path file, FileContent content) {
        List<VendorNames.Alias> aliases = new ArrayList<>();
        List<FileVendor> vendors = content.vendors() == null ? List.of() : content.vendors();
        for (int i = 0; i < vendors.size(); i++) {
            FileVendor vendor = vendors.get(i);
            if (vendor.contact() == null || vendor.contact().isBlank()) {
                throw invalid(file, "vendor " + (i + 1) + " needs a 'contact' (the name to book its bills to)");
            }
            aliases.add(new VendorNames.Alias(vendor.contact(), vendor.aliases(), vendor.account()));
        }
        return new VendorNames(aliases, content.legalSuffixes() == null ? VendorNames.DEFAULT_LEGAL_SUFFIXES
                : content.legalSuffixes());
    }

    private static String required(Path file, String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(file, "has no " + key + " tax code; add a line such as  " + key + ": \"<tax code>\"");
        }
        return value;
    }

    private static LedgerlensException invalid(Path file, String problem) {
        return new LedgerlensException(FailureReason.CONFIGURATION_INVALID, file + " " + problem);
    }

    /** The YAML shape. */
    private record FileContent(@JsonProperty("tax-rates") Map<String, String> taxRates,
                               @JsonProperty("zero-rated") String zeroRated,
                               @JsonProperty("exempt") String exempt,
                               @JsonProperty("no-tax") String noTax,
                               @JsonProperty("rate-not-printed") String rateNotPrinted,
                               @JsonProperty("track-tax") Boolean trackTax,
                               @JsonProperty("accounts") FileAccounts accounts,
                               @JsonProperty("vendors") List<FileVendor> vendors,
                               @JsonProperty("legal-suffixes") List<String> legalSuffixes) {
    }

    private record FileAccounts(@JsonProperty("default") String defaultAccount, @JsonProperty("rules") List<FileRule> rules) {
    }

    private record FileRule(@JsonProperty("account") String account, @JsonProperty("keywords") List<String> keywords,
                            @JsonProperty("pattern") String pattern) {
    }

    private record FileVendor(@JsonProperty("contact") String contact, @JsonProperty("aliases") List<String> aliases,
                              @JsonProperty("account") String account) {
    }
}
