package dev.paritygate.job.report;

import static dev.paritygate.job.report.Html.cut;
import static dev.paritygate.job.report.Html.esc;
import static dev.paritygate.job.report.Html.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.check.Counted;
import dev.paritygate.job.report.PipelineReport.ColumnCount;
import dev.paritygate.job.report.PipelineReport.PartitionCell;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page: styles, charts (inline SVG) and the
 * little script are inline, so the file opens offline and can be mailed or archived as it is.
 *
 * <p>The page marks what a browser test looks for: {@code body[data-status]}, {@code #overall},
 * one {@code section.pipeline[data-pipeline]} per pipeline with {@code table.checks}, {@code
 * .partition-strip}, {@code svg.column-chart}, {@code table.kpis}, {@code table.samples} and {@code
 * .calendar-strip}; the script sets {@code body[data-ok]} once it ran without an error.
 */
final class HtmlReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ROOT);
    private static final int BAR_LABEL = 170;
    private static final int BAR_WIDTH = 520;
    private static final int BAR_ROW = 24;

    private static final String CSS = """
            :root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--error:#8250df;--skip:#6e7781;--waived:#0969da;
            --none:#d0d7de;--ink:#1f2328;--muted:#57606a;--line:#d8dee4;--bg:#f6f8fa}
            *{box-sizing:border-box}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
            main{max-width:1200px;margin:0 auto;padding:0 24px 48px}
            header.overall{color:#fff;padding:20px 24px;margin:0 0 16px}
            header.overall h1{margin:0;font-size:28px}
            header.overall p{margin:4px 0 0;opacity:.95}
            .bg-PASS{background:var(--pass)}.bg-WARN{background:var(--warn)}.bg-FAIL{background:var(--fail)}
            .bg-ERROR{background:var(--error)}.bg-SKIPPED{background:var(--skip)}.bg-WAIVED{background:var(--waived)}
            .bg-UNKNOWN,.bg-NO_RUN{background:var(--none)}
            .badge{display:inline-block;color:#fff;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600}
            .badge.bg-NO_RUN,.badge.bg-UNKNOWN{color:var(--ink)}
            nav.toc{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px}
            nav.toc a{border:1px solid var(--line);border-radius:6px;padding:4px 10px;text-decoration:none;color:var(--ink);background:var(--bg)}
            section.pipeline{border:1px solid var(--line);border-radius:8px;padding:4px 20px 16px;margin:20px 0}
            section.pipeline h2{display:flex;align-items:center;gap:10px}
            h3{margin:22px 0 8px;font-size:15px}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;color:var(--muted)}
            dl.meta dd{margin:0;color:var(--ink);word-break:break-all}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
            th{background:var(--bg);font-weight:600}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tr.row-FAIL td:first-child{box-shadow:inset 4px 0 var(--fail)}tr.row-ERROR td:first-child{box-shadow:inset 4px 0 var(--error)}
            tr.row-WARN td:first-child{box-shadow:inset 4px 0 var(--warn)}tr.row-PASS td:first-child{box-shadow:inset 4px 0 var(--pass)}
            body.only-problems tr.row-PASS,body.only-problems tr.row-SKIPPED{display:none}
            .strip{display:flex;flex-wrap:wrap;gap:3px}
            .strip .cell{min-width:46px;height:34px;border-radius:4px;color:#fff;font-size:11px;display:flex;flex-direction:column;
            align-items:center;justify-content:center;padding:0 4px}
            .strip .cell.bg-NO_RUN,.strip .cell.bg-UNKNOWN{color:var(--muted)}
            .calendar-strip .cell{min-width:30px}
            .legend{display:flex;flex-wrap:wrap;gap:12px;color:var(--muted);font-size:12px;margin:6px 0 0}
            .legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            .kpi-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}
            .kpi{border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow-x:auto}
            .kpi h4{margin:0 0 6px;font-size:14px}
            .muted{color:var(--muted)}
            code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            .diff-l{color:var(--fail)}.diff-r{color:var(--pass)}
            footer{color:var(--muted);font-size:12px;margin-top:30px}
            label.filter{display:inline-flex;gap:6px;align-items:center;color:var(--muted)}
            """;

    private static final String SCRIPT = """
            (function () {
              var box = document.getElementById('only-problems');
              box.addEventListener('change', function () {
                document.body.classList.toggle('only-problems', box.checked);
              });
              var sections = document.querySelectorAll('section.pipeline');
              document.body.setAttribute('data-ok', String(sections.length));
            })();
            """;

    private HtmlReport() {}

    static String render(ReportModel model) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Status overall = model.status();
        String runs = String.join(", ", model.runIds());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Parity Gate: ")
                .append(esc(overall))
                .append(" — run ")
                .append(esc(runs))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body data-status=\"")
                .append(esc(overall))
                .append("\">\n");
        h.append("<header id=\"overall\" class=\"overall bg-")
                .append(esc(overall))
                .append("\">\n<h1>Parity ")
                .append(esc(overall))
                .append("</h1>\n<p>")
                .append(esc(meaning(overall)))
                .append("</p>\n<p>Run ")
                .append(esc(runs))
                .append(" · run date ")
                .append(esc(model.runDates().stream()
                        .map(LocalDate::toString)
                        .toList()
                        .toString()))
                .append(" · ")
                .append(Counted.of(model.pipelines().size(), "pipeline", "pipelines"))
                .append("</p>\n</header>\n<main>\n");
        h.append("<nav class=\"toc\">");
        for (PipelineReport p : model.pipelines()) {
            h.append("<a href=\"#")
                    .append(anchor(p.pipeline()))
                    .append("\">")
                    .append(esc(p.pipeline()))
                    .append(" ")
                    .append(badge(p.status().name()))
                    .append("</a>");
        }
        h.append("</nav>\n<label class=\"filter\"><input type=\"checkbox\" id=\"only-problems\">")
                .append("Show only checks that did not pass</label>\n");
        for (PipelineReport p : model.pipelines()) {
            pipeline(h, p);
        }
        h.append("<footer>Generated ")
                .append(esc(model.generatedAt()))
                .append(" by parity-gate ")
                .append(esc(model.parityVersion()))
                .append(" from ")
                .append(esc(model.verdictTable()))
                .append(" (")
                .append(esc(model.selection()))
                .append(").</footer>\n</main>\n<script>\n")
                .append(SCRIPT)
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void pipeline(StringBuilder h, PipelineReport p) {
        PipelineResult r = p.result();
        h.append("<section class=\"pipeline\" id=\"")
                .append(anchor(p.pipeline()))
                .append("\" data-pipeline=\"")
                .append(esc(p.pipeline()))
                .append("\" data-status=\"")
                .append(esc(p.status()))
                .append("\">\n<h2>")
                .append(esc(p.pipeline()))
                .append(" ")
                .append(badge(p.status().name()))
                .append("</h2>\n<dl class=\"meta\">");
        meta(h, "run", p.runId());
        meta(h, "run date", r.runDate());
        meta(h, "left", r.leftSource());
        meta(h, "right", r.rightSource());
        meta(h, "rules fingerprint", r.rulesFingerprint());
        meta(h, "started / finished", r.startedAt() + " / " + r.finishedAt());
        h.append("</dl>\n");
        checks(h, p);
        partitions(h, p);
        columns(h, p);
        kpis(h, p);
        samples(h, p);
        calendar(h, p);
        h.append("</section>\n");
    }

    private static void meta(StringBuilder h, String name, Object value) {
        h.append("<dt>")
                .append(esc(name))
                .append("</dt><dd>")
                .append(esc(value))
                .append("</dd>");
    }

    private static void checks(StringBuilder h, PipelineReport p) {
        h.append("<h3>Checks</h3>\n<table class=\"checks\">\n<thead><tr><th>Status</th><th>Check</th><th>Metric</th>")
                .append(
                        "<th>Left</th><th>Right</th><th>Difference</th><th>Tolerance</th><th>Message</th></tr></thead>\n")
                .append("<tbody>\n");
        for (Verdict v : p.checks()) {
            verdictRow(h, v, false);
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void verdictRow(StringBuilder h, Verdict v, boolean withScope) {
        h.append("<tr class=\"row-")
                .append(esc(v.status()))
                .append("\" data-check=\"")
                .append(esc(v.check()))
                .append("\"><td>")
                .append(badge(v.status().name()))
                .append(v.blocking() ? "" : " <span class=\"muted\">non-blocking</span>")
                .append("</td><td class=\"mono\">")
                .append(esc(v.check()))
                .append("</td>");
        if (withScope) {
            h.append("<td class=\"mono\">").append(esc(v.scope())).append("</td>");
        }
        h.append("<td class=\"mono\">")
                .append(esc(v.metric()))
                .append("</td><td class=\"num\">")
                .append(esc(cut(v.leftValue(), 40)))
                .append("</td><td class=\"num\">")
                .append(esc(cut(v.rightValue(), 40)))
                .append("</td><td class=\"num\">")
                .append(esc(number(v.difference())))
                .append("</td><td class=\"mono\">")
                .append(esc(v.tolerance()))
                .append("</td><td>")
                .append(esc(v.message()))
                .append("</td></tr>\n");
    }

    private static void partitions(StringBuilder h, PipelineReport p) {
        List<PartitionCell> cells = p.partitions();
        h.append("<h3>Partitions</h3>\n");
        if (cells.isEmpty()) {
            h.append("<p class=\"muted partition-strip-empty\">No per-partition verdicts in this run ")
                    .append("(the rule has no partition columns, or the comparison did not get that far).</p>\n");
            return;
        }
        long matched = cells.stream().filter(c -> c.status() == Status.PASS).count();
        h.append("<p class=\"muted\">")
                .append(matched)
                .append(" of ")
                .append(Counted.of(cells.size(), "partition", "partitions"))
                .append(" matched (row count and fingerprint).</p>\n")
                .append("<div class=\"strip partition-strip\">");
        for (PartitionCell c : cells) {
            StringBuilder title = new StringBuilder(c.scope()).append(": ").append(c.status());
            for (Verdict v : c.verdicts()) {
                title.append("\n")
                        .append(v.check())
                        .append(' ')
                        .append(v.metric())
                        .append(": ")
                        .append(v.leftValue())
                        .append(" vs ")
                        .append(v.rightValue());
            }
            h.append("<div class=\"cell bg-")
                    .append(esc(c.status()))
                    .append("\" data-scope=\"")
                    .append(esc(c.scope()))
                    .append("\" data-status=\"")
                    .append(esc(c.status()))
                    .append("\" title=\"")
                    .append(esc(title))
                    .append("\"><span>")
                    .append(esc(cut(c.label(), 12)))
                    .append("</span></div>");
        }
        h.append("</div>\n");
        legend(
                h,
                Status.PASS.name(),
                "matched",
                Status.WARN.name(),
                "differs (warning)",
                Status.FAIL.name(),
                "differs");
        List<Verdict> problems = p.scopedProblems();
        if (!problems.isEmpty()) {
            h.append("<table class=\"scoped-problems\">\n<thead><tr><th>Status</th><th>Check</th><th>Scope</th>")
                    .append("<th>Metric</th><th>Left</th><th>Right</th><th>Difference</th><th>Tolerance</th>")
                    .append("<th>Message</th></tr></thead>\n<tbody>\n");
            problems.forEach(v -> verdictRow(h, v, true));
            h.append("</tbody>\n</table>\n");
        }
    }

    private static void columns(StringBuilder h, PipelineReport p) {
        List<ColumnCount> counts = p.columnMismatches();
        h.append("<h3>Column mismatches</h3>\n");
        if (counts.isEmpty()) {
            h.append("<p class=\"muted column-chart-empty\">No column checks in this run ")
                    .append("(the key diff found no rows present on both sides that differ, or did not run).</p>\n");
            return;
        }
        long max = Math.max(
                1, counts.stream().mapToLong(ColumnCount::mismatches).max().orElse(1));
        int height = counts.size() * BAR_ROW + 8;
        int width = BAR_LABEL + BAR_WIDTH + 90;
        h.append("<svg class=\"column-chart\" role=\"img\" aria-label=\"Mismatching rows per column\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\">\n");
        int y = 4;
        for (ColumnCount c : counts) {
            int bar =
                    c.mismatches() == 0 ? 2 : (int) Math.max(3, Math.round((double) c.mismatches() / max * BAR_WIDTH));
            h.append("<g class=\"bar\" data-column=\"")
                    .append(esc(c.column()))
                    .append("\" data-mismatches=\"")
                    .append(c.mismatches())
                    .append("\"><title>")
                    .append(esc(c.column()))
                    .append(": ")
                    .append(Counted.of(c.mismatches(), "mismatching row", "mismatching rows"))
                    .append(" (")
                    .append(esc(c.status()))
                    .append(")</title>")
                    .append("<text x=\"")
                    .append(BAR_LABEL - 8)
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">")
                    .append(esc(cut(c.column(), 24)))
                    .append("</text><rect x=\"")
                    .append(BAR_LABEL)
                    .append("\" y=\"")
                    .append(y + 3)
                    .append("\" width=\"")
                    .append(bar)
                    .append("\" height=\"")
                    .append(BAR_ROW - 8)
                    .append("\" rx=\"2\" fill=\"")
                    .append(colour(c.status()))
                    .append("\"/><text x=\"")
                    .append(BAR_LABEL + bar + 6)
                    .append("\" y=\"")
                    .append(y + 15)
                    .append("\" font-size=\"12\" fill=\"#57606a\">")
                    .append(String.format(Locale.ROOT, "%,d", c.mismatches()))
                    .append("</text></g>\n");
            y += BAR_ROW;
        }
        h.append("</svg>\n");
    }

    private static void kpis(StringBuilder h, PipelineReport p) {
        Map<String, List<Verdict>> kpis = p.kpis();
        h.append("<h3>KPIs</h3>\n");
        if (kpis.isEmpty()) {
            h.append("<p class=\"muted kpis-empty\">The rule defines no KPIs.</p>\n");
            return;
        }
        h.append("<div class=\"kpi-grid\">\n");
        kpis.forEach((name, vs) -> {
            h.append("<div class=\"kpi\" data-kpi=\"")
                    .append(esc(name))
                    .append("\"><h4>")
                    .append(esc(name))
                    .append(" ")
                    .append(badge(Status.worst(vs.stream().map(Verdict::status).toList())
                            .name()))
                    .append("</h4>\n<table class=\"kpis\">\n<thead><tr><th>Group</th><th>Metric</th>")
                    .append("<th>Left</th><th>Right</th><th>Difference</th></tr></thead>\n<tbody>\n");
            for (Verdict v : vs) {
                h.append("<tr class=\"row-")
                        .append(esc(v.status()))
                        .append("\" title=\"")
                        .append(esc(v.status() + (v.message().isEmpty() ? "" : ": " + v.message())))
                        .append("\"><td class=\"mono\">")
                        .append(esc(Verdict.TABLE_SCOPE.equals(v.scope()) ? "all rows" : v.scope()))
                        .append("</td><td class=\"mono\">")
                        .append(esc(v.metric()))
                        .append("</td><td class=\"num\">")
                        .append(esc(v.leftValue() == null ? "missing" : v.leftValue()))
                        .append("</td><td class=\"num\">")
                        .append(esc(v.rightValue() == null ? "missing" : v.rightValue()))
                        .append("</td><td class=\"num\">")
                        .append(esc(number(v.difference())))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</div>\n");
        });
        h.append("</div>\n");
    }

    private static void samples(StringBuilder h, PipelineReport p) {
        List<SampleRow> samples = p.result().samples();
        h.append("<h3>Sample of mismatching rows</h3>\n");
        if (samples.isEmpty()) {
            h.append("<p class=\"muted samples-empty\">No mismatching rows were sampled.</p>\n");
            return;
        }
        h.append("<p class=\"muted\">")
                .append(Counted.of(samples.size(), "row", "rows"))
                .append(", sensitive columns masked as the rule says.</p>\n")
                .append("<table class=\"samples\">\n<thead><tr><th>Kind</th><th>Key</th><th>Differs in</th>")
                .append("<th>Left</th><th>Right</th></tr></thead>\n<tbody>\n");
        for (SampleRow s : samples) {
            h.append("<tr data-kind=\"")
                    .append(esc(s.kind()))
                    .append("\"><td>")
                    .append(esc(s.kind().replace('_', ' ')))
                    .append("</td><td class=\"mono\">")
                    .append(esc(s.key()))
                    .append("</td><td class=\"mono\">")
                    .append(esc(String.join(", ", s.columns())))
                    .append("</td><td class=\"mono diff-l\">")
                    .append(esc(cut(side(s, s.leftRow()), 400)))
                    .append("</td><td class=\"mono diff-r\">")
                    .append(esc(cut(side(s, s.rightRow()), 400)))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /**
     * What a sample row's left or right cell shows: {@link #shown}, except for a differing
     * duplicated key, whose sides hold their row counts ({@code {"rows":2}}): "2 rows".
     */
    static String side(SampleRow s, String rowJson) {
        if (SampleRow.DUPLICATE_DIFFERING.equals(s.kind()) && rowJson != null) {
            try {
                JsonNode rows = JSON.readTree(rowJson).get("rows");
                if (rows != null && rows.canConvertToLong()) {
                    return Counted.of(rows.asLong(), "row", "rows");
                }
            } catch (java.io.IOException e) {
                return rowJson;
            }
        }
        return shown(rowJson, s.columns());
    }

    /** The differing columns of a row as {@code col=value}, or the whole row when none are named. */
    static String shown(String rowJson, List<String> columns) {
        if (rowJson == null) {
            return "—";
        }
        if (columns.isEmpty()) {
            return rowJson;
        }
        try {
            JsonNode row = JSON.readTree(rowJson);
            StringBuilder b = new StringBuilder();
            for (String c : columns) {
                JsonNode v = row.get(c);
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(c).append('=').append(v == null ? "?" : v.isTextual() ? v.asText() : v.toString());
            }
            return b.toString();
        } catch (java.io.IOException e) {
            return rowJson;
        }
    }

    private static void calendar(StringBuilder h, PipelineReport p) {
        h.append("<h3>Parity streak</h3>\n");
        if (p.datesWithRuns() < 2) {
            h.append("<p class=\"muted calendar-empty\">The calendar appears once this pipeline has runs for ")
                    .append("more than one business date.</p>\n");
            return;
        }
        int streak = p.streak();
        h.append("<p class=\"streak\" data-streak=\"")
                .append(streak)
                .append("\">Current streak: <strong>")
                .append(streak)
                .append("</strong> consecutive run dates passed (latest attempt per date; waived failures count). ")
                .append("<span class=\"muted\">The gate applies the pipeline's business days and rules ")
                .append("fingerprint.</span></p>\n<div class=\"strip calendar-strip\">");
        LocalDate previous = null;
        for (DayStatus d : p.history()) {
            boolean newMonth =
                    previous == null || previous.getMonth() != d.date().getMonth();
            h.append("<div class=\"cell bg-")
                    .append(esc(d.outcome()))
                    .append("\" data-date=\"")
                    .append(esc(d.date()))
                    .append("\" data-outcome=\"")
                    .append(esc(d.outcome()))
                    .append("\" title=\"")
                    .append(esc(
                            d.date() + " (" + d.date().getDayOfWeek().toString().substring(0, 3) + "): "
                                    + d.outcome().words() + (d.runId() == null ? "" : ", run " + d.runId())))
                    .append("\"><span>")
                    .append(newMonth ? esc(MONTH.format(d.date())) : "&nbsp;")
                    .append("</span><span>")
                    .append(esc(DAY.format(d.date())))
                    .append("</span></div>");
            previous = d.date();
        }
        h.append("</div>\n");
        legend(
                h,
                DayOutcome.PASS.name(),
                "passed",
                DayOutcome.WARN.name(),
                "warnings",
                DayOutcome.WAIVED.name(),
                "failed, waived",
                DayOutcome.FAIL.name(),
                "failed",
                DayOutcome.ERROR.name(),
                "error",
                DayOutcome.NO_RUN.name(),
                "no run");
    }

    private static void legend(StringBuilder h, String... pairs) {
        h.append("<div class=\"legend\">");
        for (int i = 0; i < pairs.length; i += 2) {
            h.append("<span><i class=\"bg-")
                    .append(esc(pairs[i]))
                    .append("\"></i>")
                    .append(esc(pairs[i + 1]))
                    .append("</span>");
        }
        h.append("</div>\n");
    }

    private static String badge(String status) {
        return "<span class=\"badge bg-" + esc(status) + "\">" + esc(status) + "</span>";
    }

    private static String colour(Status s) {
        return switch (s) {
            case PASS -> "#1a7f37";
            case WARN -> "#9a6700";
            case FAIL -> "#cf222e";
            case ERROR -> "#8250df";
            case SKIPPED -> "#6e7781";
        };
    }

    /** An HTML id for a pipeline: letters, digits, '-' and '_' kept, everything else as '_'. */
    static String anchor(String pipeline) {
        return "pipeline-" + pipeline.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String meaning(Status s) {
        return switch (s) {
            case PASS -> "Every blocking check passed: the outputs agree within tolerance.";
            case SKIPPED -> "Checks were skipped; nothing failed.";
            case WARN ->
                "No blocking check failed; a check is within tolerance but over its warn band, or a"
                        + " non-blocking check failed.";
            case FAIL -> "A blocking check failed: the data differs beyond tolerance.";
            case ERROR -> "A check could not be evaluated: this run proves nothing until it is fixed.";
        };
    }
}
