package dev.ledgerlens.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code --name value} pairs after the first argument of a stress or bench tool's {@code main}: each tool reads
 * its work folder from {@code args[0]} and the rest as flags with defaults.
 */
public final class ToolFlags {
    private ToolFlags() {
    }

    /** The flags after {@code args[0]}, keyed by name without the leading dashes; a last flag without a value is ignored. */
    public static Map<String, String> after(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return flags;
    }
}
