package dev.ledgerlens.eval;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The misses report: a self-contained HTML page listing, per dataset, each receipt with a miss, with its image,
 * what the labels say and what was read. Stateless.
 */
public final class MissesReport {
    private MissesReport() {
    }

    /** The page for the reports of one evaluation run, one section per dataset. */
    public static String html(List<SroieEvaluator.Report> reports) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Evaluation misses</title>")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px;vertical-align:top}"
                        + ".miss{background:#fdd}img{max-width:320px}</style>");
        for (SroieEvaluator.Report report : reports) {
            section(html, report);
        }
        return html.toString();
    }

    private static void section(StringBuilder html, SroieEvaluator.Report report) {
        html.append("<h1>").append(escape(report.dataset().toString())).append(": ").append(report.receipts()).append(" receipts</h1><p>");
        report.accuracy().forEach((field, value) -> html.append(escape(field)).append(' ')
                .append(String.format(Locale.ROOT, "%.1f%%", value * 100)).append(" &middot; "));
        html.append(String.format(Locale.ROOT, "H-mean %.1f%% &middot; %.2f s/receipt</p><table>", report.hmean() * 100, report.secondsPerReceipt()));
        html.append("<tr><th>receipt</th><th>field</th><th>expected</th><th>extracted</th></tr>");
        report.outcomes().stream().filter(outcome -> !outcome.misses().isEmpty())
                .sorted(Comparator.comparing(SroieEvaluator.Outcome::id)).forEach(outcome -> {
                    html.append("<tr><td rowspan=4><b>").append(escape(outcome.id())).append("</b><br><img src=\"")
                            .append(escape(outcome.image().toUri().toString())).append("\">");
                    if (outcome.error() != null) {
                        html.append("<br>").append(escape(outcome.error()));
                    }
                    html.append("</td>");
                    boolean first = true;
                    for (String field : SroieScorer.FIELDS) {
                        if (!first) {
                            html.append("<tr>");
                        }
                        first = false;
                        String actual = switch (field) {
                            case "company" -> outcome.extracted().storeName();
                            case "date" -> outcome.extracted().date();
                            case "address" -> outcome.extracted().storeAddress();
                            default -> outcome.extracted().total();
                        };
                        html.append(outcome.misses().contains(field) ? "<td class=miss>" : "<td>").append(field).append("</td><td>")
                                .append(escape(outcome.labels().path(field).isNull() || outcome.labels().path(field).isMissingNode()
                                        ? null : outcome.labels().path(field).asText()))
                                .append("</td><td>").append(escape(actual)).append("</td></tr>");
                    }
                });
        html.append("</table>");
    }

    private static String escape(String text) {
        return Objects.toString(text, "∅").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
