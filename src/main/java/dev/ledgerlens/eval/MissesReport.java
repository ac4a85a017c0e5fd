package dev.ledgerlens.eval;

import dev.ledgerlens.extract.RawFields;
import dev.ledgerlens.validate.ReviewReason;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The misses report: a self-contained HTML page with, per dataset, the figures, how the receipts ended, and each
 * receipt with a miss: its image, its outcome (valid, needs review and why, dead-lettered and why), what the labels
 * say and what the stored record holds; for a dead-lettered receipt, what the engine read before validation refused
 * it. Stateless.
 */
public final class MissesReport {
    private MissesReport() {
    }

    /** The page for the reports of one evaluation run, one section per dataset. */
    public static String html(List<SroieEvaluator.Report> reports) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Evaluation misses</title>")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px;vertical-align:top}"
                        + ".miss{background:#fdd}.unstored{color:#888}img{max-width:320px}</style>");
        for (SroieEvaluator.Report report : reports) {
            section(html, report);
        }
        return html.toString();
    }

    private static void section(StringBuilder html, SroieEvaluator.Report report) {
        html.append("<h1>").append(escape(report.dataset().toString())).append(": ").append(report.receipts()).append(" receipts</h1><p>");
        report.accuracy().forEach((field, value) -> html.append(escape(field)).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", value * 100)).append(" &middot; "));
        html.append(String.format(Locale.ROOT, "H-mean %.1f%% &middot; %.2f s/receipt</p>", report.hmean() * 100, report.secondsPerReceipt()));
        html.append(String.format(Locale.ROOT, "<p>valid %d (%.1f%%) &middot; needs review %d &middot; dead-lettered %d &middot; "
                        + "valid with a scored field wrong %d</p>", report.count(SroieEvaluator.Status.VALID), report.shareValid() * 100,
                report.count(SroieEvaluator.Status.NEEDS_REVIEW), report.count(SroieEvaluator.Status.DEAD_LETTERED), report.validWithMiss()));
        html.append("<table><tr><th>receipt</th><th>field</th><th>expected</th><th>stored</th></tr>");
        report.outcomes().stream().filter(outcome -> !outcome.misses().isEmpty())
                .sorted(Comparator.comparing(SroieEvaluator.Outcome::id)).forEach(outcome -> row(html, outcome));
        html.append("</table>");
    }

    private static void row(StringBuilder html, SroieEvaluator.Outcome outcome) {
        html.append("<tr><td rowspan=4><b>").append(escape(outcome.id())).append("</b><br>")
                .append(escape(outcome.status().label()));
        if (!outcome.reasons().isEmpty()) {
            html.append(": ").append(escape(outcome.reasons().stream().map(ReviewReason::rule).collect(Collectors.joining(", "))));
        }
        if (outcome.deadLetter() != null) {
            html.append(": ").append(escape(outcome.deadLetter().name())).append("<br>").append(escape(outcome.error()));
        }
        html.append("<br><img src=\"").append(escape(outcome.image().toUri().toString())).append("\"></td>");
        boolean first = true;
        for (String field : SroieScorer.FIELDS) {
            if (!first) {
                html.append("<tr>");
            }
            first = false;
            html.append(outcome.misses().contains(field) ? "<td class=miss>" : "<td>").append(field).append("</td><td>")
                    .append(escape(label(outcome, field))).append("</td>");
            if (outcome.read() != null) {
                html.append("<td>").append(escape(stored(outcome.read(), field))).append("</td></tr>");
            } else {
                html.append("<td class=unstored>").append(escape(printed(outcome.extracted(), field))).append("</td></tr>");
            }
        }
    }

    private static String label(SroieEvaluator.Outcome outcome, String field) {
        var value = outcome.labels().path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String stored(SroieFields read, String field) {
        Object value = switch (field) {
            case "company" -> read.company();
            case "date" -> read.date();
            case "address" -> read.address();
            default -> read.total() == null ? null : read.total().toPlainString();
        };
        return value == null ? null : value.toString();
    }

    /** What the engine read, before validation, of a receipt that was not stored; null when it read nothing. */
    private static String printed(RawFields extracted, String field) {
        if (extracted == null) {
            return null;
        }
        return switch (field) {
            case "company" -> extracted.storeName();
            case "date" -> extracted.date();
            case "address" -> extracted.storeAddress();
            default -> extracted.total();
        };
    }

    private static String escape(String text) {
        return Objects.toString(text, "∅").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
