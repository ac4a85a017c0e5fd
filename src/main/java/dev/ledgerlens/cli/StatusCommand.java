package dev.ledgerlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledgerlens.app.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ledgerlens status [--json]}: documents by status, from the database. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Counts documents by status.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Application application = common.open()) {
            Map<String, Long> byStatus = application.storedRecords().countByStatus();
            long stored = byStatus.get("valid") + byStatus.get("needs_review") + byStatus.get("duplicate")
                    + byStatus.get("approved") + byStatus.get("rejected");
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("documents", byStatus.values().stream().mapToLong(Long::longValue).sum());
            status.put("stored", stored);
            status.put("valid", byStatus.get("valid"));
            status.put("needs_review", byStatus.get("needs_review"));
            status.put("duplicate", byStatus.get("duplicate"));
            status.put("approved", byStatus.get("approved"));
            status.put("rejected", byStatus.get("rejected"));
            status.put("dead_lettered", byStatus.get("dead_lettered"));
            status.put("processing", byStatus.get("processing"));
            // waiting in an open OpenAI batch; given back by a batch, taken up by the next run
            status.put("submitted", byStatus.get("submitted"));
            status.put("queued", byStatus.get("queued"));
            status.put("dead_letters_open", (long) application.deadLetters().list(null).size());
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(status));
            } else {
                status.forEach((key, value) -> System.out.printf("%-18s %8d%n", key.replace('_', ' '), (Long) value));
            }
            return ExitCodes.OK;
        }
    }
}
