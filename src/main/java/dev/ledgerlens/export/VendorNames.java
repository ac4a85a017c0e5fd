package dev.ledgerlens.export;

import dev.ledgerlens.validate.DocumentRecord;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The contact a bill is booked to. One supplier printed as "ACME SDN BHD" on one receipt and "Acme Sdn. Bhd." on the
 * next must be one contact, or its balance is split in two: names are compared by a key that ignores case, accents,
 * punctuation and legal suffixes ({@link #key}), and the configured aliases map every spelling to one contact name.
 * A document without a vendor name gets a contact of its own (by its vendor tax id, else its address, else its bill
 * number) instead of one "Unknown vendor" that would merge unrelated suppliers. Immutable and thread-safe.
 */
public final class VendorNames {
    /** Legal forms ignored when names are compared, as words after normalisation; longest first. */
    public static final List<String> DEFAULT_LEGAL_SUFFIXES = List.of("sdn bhd", "pty ltd", "pte ltd", "co ltd",
            "gmbh co kg", "gmbh", "bhd", "ltd", "limited", "llc", "llp", "inc", "incorporated", "corp", "corporation",
            "company", "co", "plc", "ag", "kg", "ohg", "ug", "ev", "sarl", "sas", "sa", "srl", "spa", "bv", "nv", "oy",
            "ab", "as", "aps", "pty", "pte");

    /**
     * One contact and the names it is printed under.
     *
     * @param contact the contact's name in the accounting system
     * @param names   other spellings (the contact's own name matches too)
     * @param account the account its bills go to, overriding the account rules; null to use them
     */
    public record Alias(String contact, List<String> names, String account) {
        public Alias {
            names = names == null ? List.of() : List.copyOf(names);
        }
    }

    /**
     * A resolved contact.
     *
     * @param name    the contact name to write
     * @param account the alias's account, or null
     * @param aliased true when an alias matched
     */
    public record Contact(String name, String account, boolean aliased) {
    }

    private final List<String> legalSuffixes;
    private final Map<String, Alias> byKey = new HashMap<>();

    public VendorNames(List<Alias> aliases, List<String> legalSuffixes) {
        List<String> suffixes = new ArrayList<>();
        for (String suffix : legalSuffixes) {
            String words = words(suffix);
            if (!words.isEmpty()) {
                suffixes.add(words);
            }
        }
        // the longest suffix first, so "sdn bhd" goes before "bhd" leaves "sdn"
        suffixes.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.legalSuffixes = List.copyOf(suffixes);
        for (Alias alias : aliases) {
            byKey.putIfAbsent(key(alias.contact()), alias);
            for (String name : alias.names()) {
                byKey.putIfAbsent(key(name), alias);
            }
        }
    }

    /**
     * The comparison key of a name: accents and case folded, "&" read as "and", punctuation gone, words separated by
     * one space, legal suffixes at the end removed ("Acme Sdn. Bhd." and "ACME SDN BHD" are both "acme").
     */
    public String key(String name) {
        String words = words(name);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : legalSuffixes) {
                if (words.endsWith(" " + suffix)) {
                    words = words.substring(0, words.length() - suffix.length() - 1);
                    stripped = true;
                    break;
                }
            }
        }
        return words;
    }

    private static String words(String name) {
        String folded = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replace("&", " and ").replace("ß", "ss");
        return folded.replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    /** The contact for a document, given its bill number (for a document without any vendor detail). */
    public Contact contactFor(DocumentRecord record, String billNumber) {
        String name = collapse(record.storeName());
        if (name == null) {
            String taxId = collapse(record.vendorTaxId());
            String address = collapse(record.storeAddress());
            String made = taxId != null ? "Unnamed vendor " + taxId
                    : address != null ? "Unnamed vendor, " + address : "Unnamed vendor " + billNumber;
            return new Contact(made, null, false);
        }
        Alias alias = byKey.get(key(name));
        return alias == null ? new Contact(name, null, false) : new Contact(alias.contact(), alias.account(), true);
    }

    private static String collapse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.strip().replaceAll("\\s+", " ");
    }
}
