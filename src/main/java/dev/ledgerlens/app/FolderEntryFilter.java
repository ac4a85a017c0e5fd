package dev.ledgerlens.app;

import dev.ledgerlens.ingest.FolderBoundary;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder source's listing filter (the file endpoint's {@code filter} option, consulted for files and for folders
 * before they are walked into): leaves out what {@link FolderBoundary#notTaken} says a folder source must not take
 * (a named pipe, a link to nothing, a folder link in a loop), with one warning per entry so that the operator knows
 * why a name in the inbox was never processed. Without it, Camel lists a named pipe as a file and the source's thread
 * blocks for ever opening it.
 *
 * <p>Thread-safe: the set of entries already warned about is concurrent.
 */
final class FolderEntryFilter implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(FolderEntryFilter.class);

    /** Entries already warned about: a watched folder is listed every poll, the warning is worth giving once. */
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<File> file) {
        Path entry = file.getFile().toPath();
        Optional<String> reason = FolderBoundary.notTaken(entry);
        if (reason.isEmpty()) {
            return true;
        }
        if (warned.add(entry)) {
            LOG.warn("skipped '{}' in {}: {}", printable(file.getFileNameOnly()), entry.getParent(), reason.get());
        }
        return false;
    }

    /** The name with control characters written as {@code \\uXXXX}, so that a name cannot forge log lines. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
