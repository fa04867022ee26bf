package dev.paritygate.job;

import dev.paritygate.check.Counted;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The run summary a person reads in the job log: per pipeline, every table-level verdict and every
 * partition- or group-level verdict that did not pass, with the message of each table-level verdict
 * that did not pass and of each ERROR.
 */
final class SummaryPrinter {
    private static final String ROW = "  %-6s %-22s %-22s %-22s %14s %14s %12s  %s%n";

    private SummaryPrinter() {}

    static void print(PrintWriter out, RunResult result) {
        out.printf("Parity Gate run %s: %s (exit %d)%n", result.runId(), result.status(), result.exitCode());
        for (PipelineResult p : result.pipelines()) {
            out.printf(
                    "%npipeline %s: %s   run date %s   rules %s%n",
                    p.pipeline(), p.status(), p.runDate(), orDash(p.rulesFingerprint()));
            // A pipeline whose rules file is invalid has neither a fingerprint nor sources.
            out.printf("  left  %s%n  right %s%n", orDash(p.leftSource()), orDash(p.rightSource()));
            out.printf(ROW, "STATUS", "CHECK", "SCOPE", "METRIC", "LEFT", "RIGHT", "DIFF", "TOLERANCE");
            int hidden = 0;
            for (Verdict v : p.verdicts()) {
                boolean table = Verdict.TABLE_SCOPE.equals(v.scope());
                if (!table && v.status() == Status.PASS) {
                    hidden++;
                    continue;
                }
                out.printf(
                        ROW,
                        v.status(),
                        cut(v.check(), 22),
                        cut(v.scope(), 22),
                        cut(v.metric(), 22),
                        cut(v.leftValue(), 14),
                        cut(v.rightValue(), 14),
                        number(v.difference()),
                        v.tolerance() == null ? "" : v.tolerance());
                // Why a table-level check warned, failed or was skipped (and why any check could not
                // be evaluated); a partition's or group's own message would repeat its check's.
                if (v.status() == Status.ERROR || v.status() != Status.PASS && table) {
                    out.printf("         %s%n", v.message());
                }
            }
            if (hidden > 0) {
                out.printf(
                        "  (%s of single partitions or KPI groups not shown; all rows are in the verdicts"
                                + " table)%n",
                        Counted.of(hidden, "passing verdict", "passing verdicts"));
            }
            if (!p.samples().isEmpty()) {
                out.printf(
                        "  %s of differences kept in the samples table%n",
                        Counted.of(p.samples().size(), "sample row", "sample rows"));
            }
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String number(Double d) {
        if (d == null) {
            return "";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString(d.longValue())
                : String.format(Locale.ROOT, "%.6g", d);
    }

    private static String cut(String s, int width) {
        if (s == null) {
            return "";
        }
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
