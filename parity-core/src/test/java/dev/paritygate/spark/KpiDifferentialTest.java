package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the KPI checks: seeded tables on two sides, the right a copy of the left with
 * changes of known effect (values changed, a row dropped, a row added, a group on one side only, a
 * NaN), judged by the engine and by a plain-Java reference of the documented semantics (decimal
 * sums, DOUBLE values as DECIMAL(38,12), groups by a string as its column compares it, a number
 * group by its number, {@code abs(l - r) <= abs_tol + rel_tol * abs(r)} with warn bands, a group on
 * one side only as its own row, a NaN counted in {@code unconvertible_values}). Every verdict row's
 * scope, metric, values and status must agree, and no group may be missing or extra.
 */
class KpiDifferentialTest {

    /** One generated row; mutable so the right side can be a changed copy. */
    static final class R {
        Integer id;
        String region;
        int band;
        int qty;
        long big;
        BigDecimal amt;
        Double dbl;
        LocalDate day;
        Instant ts;

        R copy() {
            R c = new R();
            c.id = id;
            c.region = region;
            c.band = band;
            c.qty = qty;
            c.big = big;
            c.amt = amt;
            c.dbl = dbl;
            c.day = day;
            c.ts = ts;
            return c;
        }
    }

    private static final String[] REGIONS = {
        "EU", "eu", " EU ", "Us", "US  ", "apac", "APAC", "", "  ", null, "LatAm", "NULL", "x/band=1"
    };
    private static final long TWO_53 = 1L << 53;

    static List<R> generate(Random rnd) {
        int n = 100 + rnd.nextInt(201);
        List<R> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            R r = new R();
            r.id = i;
            r.region = REGIONS[rnd.nextInt(REGIONS.length)];
            r.band = rnd.nextInt(5);
            r.qty = rnd.nextInt(-20, 200);
            r.big = TWO_53 + rnd.nextInt(-1000, 1000);
            r.amt = BigDecimal.valueOf(rnd.nextLong(-10_000_000L, 100_000_000L), 4);
            int kind = rnd.nextInt(10);
            r.dbl = kind == 0 ? null : kind < 5 ? rnd.nextInt(-50_000, 50_000) / 100.0 : rnd.nextDouble() * 2000 - 1000;
            r.day = LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(300));
            r.ts = Instant.parse("2026-11-20T00:00:00Z").plusNanos(rnd.nextLong(0, 86_400_000_000L) * 1000);
            rows.add(r);
        }
        return rows;
    }

    /** The right side: the left with changes whose effect the reference computes. */
    static List<R> change(List<R> left, Random rnd) {
        List<R> right = new ArrayList<>();
        for (R r : left) {
            right.add(r.copy());
        }
        int n = right.size();
        right.get(rnd.nextInt(n)).qty += 1;
        R cent = right.get(rnd.nextInt(n));
        cent.amt = cent.amt.add(new BigDecimal("0.0001"));
        right.get(rnd.nextInt(n)).big += 1;
        R later = right.get(rnd.nextInt(n));
        later.ts = later.ts.plusNanos(1000);
        R d = right.get(rnd.nextInt(n));
        d.dbl = d.dbl == null ? 1.5 : null;
        if (rnd.nextBoolean()) {
            right.get(rnd.nextInt(n)).dbl = Double.NaN;
        }
        if (rnd.nextBoolean()) {
            R big = right.get(rnd.nextInt(n));
            big.amt = big.amt.add(new BigDecimal("500"));
        }
        // The dropped row is the only one of band 99 on the left: that group exists on the left only.
        int dropped = rnd.nextInt(n);
        left.get(dropped).band = 99;
        right.remove(dropped);
        // The added row opens a region and a band that only the right side has.
        R added = left.get(0).copy();
        added.id = 10_000;
        added.region = "MEA";
        added.band = 77;
        right.add(added);
        // A key twice on the right, and a row without a key on the left: KPIs count every row.
        R twice = right.get(rnd.nextInt(n - 1)).copy();
        twice.qty += 3;
        right.add(twice);
        R keyless = left.get(rnd.nextInt(n)).copy();
        keyless.id = null;
        left.add(keyless);
        return right;
    }

    /**
     * How a seed's sides differ beyond their values: the left names {@code region} in upper case, or
     * calls {@code amt} {@code amount} (a {@code rename}); the right retypes {@code band} to DOUBLE, {@code
     * qty} to BIGINT and {@code amt} to DECIMAL(20,6); {@code region} also takes {@code
     * empty_equals_null}; a {@code where} leaves rows out on both sides.
     */
    record Variant(
            boolean upperRegion,
            boolean renameAmt,
            boolean retype,
            boolean emptyNull,
            boolean where,
            boolean recent,
            Set<Integer> recentKeys) {
        static Variant of(Random rnd) {
            return new Variant(
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    rnd.nextBoolean(),
                    new HashSet<>());
        }

        /**
         * Whether the comparison keeps row {@code r}: the {@code where}, and {@code exclude_recent}
         * (a key with a recent row on either side goes on both; a NULL key's recent row on its own).
         */
        boolean kept(R r) {
            if (where && r.qty % 7 == 3) {
                return false;
            }
            return !recent || (r.id == null ? r.ts.isBefore(CUTOFF) : !recentKeys.contains(r.id));
        }

        void seeRecent(List<R> side) {
            side.stream().filter(r -> r.id != null && !r.ts.isBefore(CUTOFF)).forEach(r -> recentKeys.add(r.id));
        }
    }

    /** The run starts a day after the rows' day; {@code exclude_recent} of 8 hours cuts at 16:00. */
    private static final Instant STARTED = Instant.parse("2026-11-21T00:00:00Z");

    private static final Instant CUTOFF = STARTED.minusSeconds(8 * 3600);

    static Dataset<Row> left(List<R> rows, Variant v) {
        return df(
                rows,
                "id INT, " + (v.renameAmt ? "area" : v.upperRegion ? "REGION" : "region")
                        + " STRING, band INT, qty INT, big BIGINT, "
                        + (v.renameAmt ? "amount" : "amt") + " DECIMAL(18,4), " + (v.renameAmt ? "score" : "dbl")
                        + " DOUBLE, day DATE, ts TIMESTAMP");
    }

    static Dataset<Row> right(List<R> rows, Variant v) {
        return df(
                rows,
                v.retype
                        ? "id INT, region STRING, band DOUBLE, qty BIGINT, big BIGINT, amt DECIMAL(20,6), dbl DOUBLE,"
                                + " day DATE, ts TIMESTAMP"
                        : "id INT, region STRING, band INT, qty INT, big BIGINT, amt DECIMAL(18,4), dbl DOUBLE, day DATE,"
                                + " ts TIMESTAMP");
    }

    static Dataset<Row> df(List<R> rows, String ddl) {
        TestData t = TestData.of(ddl);
        boolean wide = ddl.contains("band DOUBLE");
        for (R r : rows) {
            t.row(
                    r.id,
                    r.region,
                    wide ? (Object) (double) r.band : (Object) r.band,
                    wide ? (Object) (long) r.qty : (Object) r.qty,
                    r.big,
                    wide ? r.amt.setScale(6) : r.amt,
                    r.dbl,
                    Date.valueOf(r.day),
                    Timestamp.from(r.ts));
        }
        return t.df();
    }

    // ---- the KPIs, each metric with its reference aggregate ----

    /** A metric's expression and tolerance, and its reference: the value (text or number) over a group's rows. */
    record M(String name, KpiSpec.Metric metric, java.util.function.BiFunction<List<R>, Boolean, Object> wide) {
        M(String name, KpiSpec.Metric metric, Function<List<R>, Object> reference) {
            this(name, metric, (rows, widened) -> reference.apply(rows));
        }

        /** The reference over a group's rows of a side whose {@code amt} is DECIMAL(20,6) when {@code widened}. */
        Object reference(List<R> rows, boolean widened) {
            return wide.apply(rows, widened);
        }
    }

    record K(String name, List<String> groupBy, Severity severity, List<M> metrics, boolean readsDouble) {
        KpiSpec spec() {
            Map<String, KpiSpec.Metric> m = new LinkedHashMap<>();
            metrics.forEach(x -> m.put(x.name, x.metric));
            return new KpiSpec(name, groupBy, m, severity);
        }
    }

    static BigDecimal bd(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    static KpiSpec.Metric tol(String expr, String abs, String rel, String warnAbs, String warnRel) {
        return new KpiSpec.Metric(expr, bd(abs), bd(rel), bd(warnAbs), bd(warnRel));
    }

    static KpiSpec.Metric exact(String expr) {
        return new KpiSpec.Metric(expr, null, null);
    }

    /** A DOUBLE as the KPI context holds it; null for NULL and for what DECIMAL(38,12) cannot hold. */
    static BigDecimal kpiDouble(Double d) {
        if (d == null || d.isNaN() || d.isInfinite() || Math.abs(d) >= 1e26) {
            return null;
        }
        return new BigDecimal(Double.toString(d)).setScale(12, RoundingMode.HALF_UP);
    }

    static Object sumOf(List<R> rows, Function<R, BigDecimal> f) {
        BigDecimal s = null;
        for (R r : rows) {
            BigDecimal v = f.apply(r);
            if (v != null) {
                s = s == null ? v : s.add(v);
            }
        }
        return s;
    }

    static Object extremeOf(List<R> rows, Function<R, BigDecimal> f, boolean max) {
        BigDecimal m = null;
        for (R r : rows) {
            BigDecimal v = f.apply(r);
            if (v != null && (m == null || (max ? v.compareTo(m) > 0 : v.compareTo(m) < 0))) {
                m = v;
            }
        }
        return m;
    }

    static List<K> kpis() {
        List<M> byRegion = List.of(
                new M("n", exact("count(*)"), rows -> BigDecimal.valueOf(rows.size())),
                new M("qty", exact("sum(qty)"), rows -> sumOf(rows, r -> BigDecimal.valueOf(r.qty))),
                new M("amt", tol("sum(amt)", "0.01", null, "0.00005", null), rows -> sumOf(rows, r -> r.amt)),
                new M("big", exact("sum(big)"), rows -> sumOf(rows, r -> BigDecimal.valueOf(r.big))),
                new M(
                        "dbl",
                        tol("sum(dbl)", null, "0.000000001", null, null),
                        rows -> sumOf(rows, r -> kpiDouble(r.dbl))),
                new M("dbl_max", exact("max(dbl)"), rows -> extremeOf(rows, r -> kpiDouble(r.dbl), true)),
                new M(
                        "dbl_min",
                        tol("min(dbl)", "0.5", null, null, null),
                        rows -> extremeOf(rows, r -> kpiDouble(r.dbl), false)),
                new M("avg_qty", tol("avg(qty)", null, "0.01", null, "0.001"), rows -> {
                    long s = rows.stream().mapToLong(r -> r.qty).sum();
                    return new BigDecimal(Double.toString((double) s / rows.size()));
                }),
                new M("avg_amt", tol("avg(amt)", "0.001", null, null, null), (rows, widened) -> {
                    // DECIMAL(18,4) averages to DECIMAL(22,8), DECIMAL(20,6) to DECIMAL(24,10): Spark
                    // divides at scale 14, then rounds to the average's scale.
                    BigDecimal s = (BigDecimal) sumOf(rows, r -> r.amt);
                    return s.divide(BigDecimal.valueOf(rows.size()), 14, RoundingMode.HALF_UP)
                            .setScale(widened ? 10 : 8, RoundingMode.HALF_UP);
                }),
                new M(
                        "bands",
                        exact("count(distinct band)"),
                        rows -> BigDecimal.valueOf(
                                rows.stream().map(r -> r.band).distinct().count())),
                new M(
                        "revenue",
                        tol("sum(amt * qty)", null, "0.0001", null, "0.00001"),
                        rows -> sumOf(rows, r -> r.amt.multiply(BigDecimal.valueOf(r.qty)))),
                new M(
                        "last_ts",
                        exact("max(ts)"),
                        rows -> rows.stream()
                                .map(r -> r.ts)
                                .max(Instant::compareTo)
                                .orElseThrow()
                                .toString()),
                new M(
                        "first_day",
                        exact("min(day)"),
                        rows -> rows.stream()
                                .map(r -> r.day)
                                .min(LocalDate::compareTo)
                                .orElseThrow()
                                .toString()));
        List<M> byBand = List.of(
                new M("n", exact("count(*)"), rows -> BigDecimal.valueOf(rows.size())),
                new M("amt", tol("sum(amt)", null, "0.001", null, null), rows -> sumOf(rows, r -> r.amt)),
                new M("big_max", exact("max(big)"), rows -> extremeOf(rows, r -> BigDecimal.valueOf(r.big), true)));
        List<M> byRegionBand = List.of(
                new M("n", exact("count(*)"), rows -> BigDecimal.valueOf(rows.size())),
                new M(
                        "qty",
                        tol("sum(qty)", "1", null, null, null),
                        rows -> sumOf(rows, r -> BigDecimal.valueOf(r.qty))));
        List<M> totals = List.of(
                new M("n", exact("count(*)"), rows -> BigDecimal.valueOf(rows.size())),
                new M("amt", tol("sum(amt)", "1", null, "0.001", null), rows -> sumOf(rows, r -> r.amt)),
                new M("dbl", exact("sum(dbl)"), rows -> sumOf(rows, r -> kpiDouble(r.dbl))),
                new M("big", exact("sum(big)"), rows -> sumOf(rows, r -> BigDecimal.valueOf(r.big))),
                new M(
                        "regions",
                        exact("count(distinct region)"),
                        rows -> BigDecimal.valueOf(rows.stream()
                                .map(r -> r.region)
                                .filter(Objects::nonNull)
                                .distinct()
                                .count())),
                new M(
                        "filtered",
                        exact("count(*) filter (where qty > 100)"),
                        rows -> BigDecimal.valueOf(
                                rows.stream().filter(r -> r.qty > 100).count())));
        List<M> byDay = List.of(
                new M("n", exact("count(*)"), rows -> BigDecimal.valueOf(rows.size())),
                new M(
                        "last_ts",
                        exact("max(ts)"),
                        rows -> rows.stream()
                                .map(r -> r.ts)
                                .max(Instant::compareTo)
                                .orElseThrow()
                                .toString()));
        return List.of(
                new K("by_day", List.of("day"), Severity.BLOCKING, byDay, false),
                new K("by_region", List.of("region"), Severity.BLOCKING, byRegion, true),
                new K("by_band", List.of("band"), Severity.WARNING, byBand, false),
                new K("by_region_band", List.of("region", "band"), Severity.BLOCKING, byRegionBand, false),
                new K("totals", List.of(), Severity.BLOCKING, totals, true));
    }

    // ---- the reference verdicts ----

    /** A string group value as its column compares it under trim and ignore_case. */
    static String regionGroup(String region, boolean emptyNull, boolean last) {
        if (region == null) {
            return "NULL";
        }
        String v = region.strip().toLowerCase(java.util.Locale.ROOT);
        if (emptyNull && v.isEmpty()) {
            return "NULL";
        }
        if (v.equals("null")) {
            return v; // lower case: only the upper-case string NULL reads as NULL
        }
        // Before the band column, a value holding its separator is quoted and encoded.
        return !last && v.contains("/band=")
                ? '"' + v.replace("%", "%25").replace("/", "%2F").replace("\"", "%22") + '"'
                : v;
    }

    static String scope(K k, R r, Variant v) {
        if (k.groupBy.isEmpty()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < k.groupBy.size(); j++) {
            String g = k.groupBy.get(j);
            String value = switch (g) {
                case "region" -> regionGroup(r.region, v.emptyNull, j == k.groupBy.size() - 1);
                case "band" -> Integer.toString(r.band);
                case "day" -> r.day.toString();
                default -> throw new IllegalArgumentException(g);
            };
            parts.add(g + "=" + value);
        }
        return String.join("/", parts);
    }

    static Map<String, List<R>> groups(K k, List<R> rows, Variant v) {
        Map<String, List<R>> m = new TreeMap<>();
        for (R r : rows) {
            if (v.kept(r)) {
                m.computeIfAbsent(scope(k, r, v), s -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    static String text(Object v) {
        return v == null ? null : v instanceof BigDecimal b ? b.toPlainString() : v.toString();
    }

    static long lost(List<R> rows) {
        return rows == null
                ? 0
                : rows.stream()
                        .filter(r -> r.dbl != null && kpiDouble(r.dbl) == null)
                        .count();
    }

    /** The verdict rows of KPI {@code k} as the README describes them: "scope metric left right status". */
    static List<String> expected(K k, List<R> left, List<R> right, Variant v) {
        Map<String, List<R>> l = groups(k, left, v);
        Map<String, List<R>> r = groups(k, right, v);
        Set<String> all = new java.util.TreeSet<>(l.keySet());
        all.addAll(r.keySet());
        Status fail = k.severity.blocking() ? Status.FAIL : Status.WARN;
        List<String> out = new ArrayList<>();
        for (String g : all) {
            List<R> lr = l.get(g);
            List<R> rr = r.get(g);
            if (lr == null || rr == null) {
                out.add(g + " group " + (lr == null ? "missing" : "present") + " "
                        + (rr == null ? "missing" : "present") + " " + fail);
            } else {
                for (M m : k.metrics) {
                    Object lv = m.reference(lr, false);
                    Object rv = m.reference(rr, v.retype);
                    out.add(g + " " + m.name + " " + num(lv) + " " + num(rv) + " " + status(m.metric, lv, rv, fail));
                }
            }
            long ll = k.readsDouble ? lost(lr) : 0;
            long rl = k.readsDouble ? lost(rr) : 0;
            if (ll > 0 || rl > 0) {
                out.add(g + " unconvertible_values " + ll + " " + rl + " " + (ll == rl ? Status.WARN : fail));
            }
        }
        return out;
    }

    /** A value as the comparison line shows it: a number without trailing zeros, so that scales do not matter. */
    static String num(Object v) {
        if (v instanceof BigDecimal b) {
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        }
        return text(v);
    }

    static Status status(KpiSpec.Metric m, Object l, Object r, Status fail) {
        if (l instanceof BigDecimal ln && r instanceof BigDecimal rn) {
            BigDecimal diff = ln.subtract(rn).abs();
            boolean ok = diff.compareTo(m.absTol().add(m.relTol().multiply(rn.abs()))) <= 0;
            boolean overBand = ok
                    && m.hasWarnBand()
                    && diff.compareTo(m.warnAbsTol().add(m.warnRelTol().multiply(rn.abs()))) > 0;
            return overBand ? Status.WARN : ok ? Status.PASS : fail;
        }
        return Objects.equals(text(l), text(r)) ? Status.PASS : fail;
    }

    static String actual(Verdict v) {
        return v.scope() + " " + v.metric() + " " + numText(v.leftValue()) + " " + numText(v.rightValue()) + " "
                + v.status();
    }

    static String numText(String s) {
        if (s == null) {
            return null;
        }
        try {
            BigDecimal b = new BigDecimal(s);
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return s;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 2026L, 31337L, 900_001L})
    void everyKpiVerdictMatchesThePlainJavaReference(long seed) {
        Random rnd = new Random(seed);
        List<R> left = generate(rnd);
        List<R> right = change(left, rnd);
        Variant variant = Variant.of(rnd);
        variant.seeRecent(left);
        variant.seeRecent(right);
        List<K> kpis = kpis();
        // Only the KPIs are under test: the other checks would only take time.
        TestRule rule = TestRule.keyed("id")
                .checks(new Checks(
                        new Checks.SchemaCheck(false, null, null, null, null),
                        new Checks.RowCountCheck(false, null, null, null, null, null),
                        new Checks.PartitionHashCheck(false, null),
                        new Checks.KeyDiffCheck(false, null, null, null, null, null, null, null),
                        new Checks.ColumnsCheck(false, null, null, null, null, null)))
                .column(
                        "region",
                        Options.options()
                                .trim(true)
                                .ignoreCase(true)
                                .emptyEqualsNull(variant.emptyNull)
                                .build());
        if (variant.renameAmt) {
            rule.rename("amount", "amt").rename("area", "region").rename("score", "dbl");
        }
        if (variant.where) {
            rule.where("qty % 7 <> 3");
        }
        if (variant.recent) {
            rule.excludeRecent("ts", 8 * 60);
        }
        kpis.forEach(k -> rule.kpi(k.spec()));

        PipelineResult result = SparkParity.compare(
                left(left, variant),
                right(right, variant),
                rule.build(),
                new ComparisonContext(null, "left", "right", "", STARTED));

        for (K k : kpis) {
            List<Verdict> verdicts = result.verdicts("kpi:" + k.name);
            assertThat(verdicts.stream().map(KpiDifferentialTest::actual).toList())
                    .as("seed %d %s kpi %s", seed, variant, k.name)
                    .containsExactlyElementsOf(expected(k, left, right, variant));
            for (Verdict v : verdicts) {
                BigDecimal l = numberOrNull(v.leftValue());
                BigDecimal r = numberOrNull(v.rightValue());
                if (l != null && r != null && !v.metric().equals("group")) {
                    assertThat(v.difference())
                            .as("seed %d %s %s %s difference", seed, k.name, v.scope(), v.metric())
                            .isEqualTo(r.subtract(l).doubleValue());
                }
            }
        }
        // The injected changes reach every kind of verdict somewhere.
        Set<Status> seen = new HashSet<>();
        result.verdicts().stream().filter(v -> v.check().startsWith("kpi:")).forEach(v -> seen.add(v.status()));
        assertThat(seen).as("seed %d", seed).contains(Status.PASS, Status.FAIL);
    }

    static BigDecimal numberOrNull(String s) {
        try {
            return s == null ? null : new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
