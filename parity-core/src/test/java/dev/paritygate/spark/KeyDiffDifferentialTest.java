package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded differential test of the key diff: random small tables with injected differences of
 * known effect, written as Parquet partitioned by day, compared in pruned and in full mode. Both
 * modes must give the same verdicts, and their counts must equal a reference diff computed here
 * in plain Java from the generated rows, under the README's semantics ("How a comparison works"
 * step 4, `key`, `columns.<name>`). No key is duplicated on both sides, the one case where the
 * modes are documented to differ. A key's second row on another day comes with a difference on its
 * first row's day too: the pruned diff reads only the partitions whose fingerprints differ, so a key
 * with a row in a partition that is equal on both sides is judged on its other rows alone (a
 * duplicate counted as a row only in one side, or two rows of a key duplicated on both sides
 * compared as one), where the full diff counts the duplicate.
 */
class KeyDiffDifferentialTest {
    private static final String DDL = "id BIGINT, sub STRING, day DATE, qty INT, big BIGINT, price DOUBLE,"
            + " amt DECIMAL(12,2), name STRING, note STRING, ts TIMESTAMP, flag BOOLEAN";
    private static final List<String> COLUMNS =
            List.of("sub", "day", "qty", "big", "price", "amt", "name", "note", "ts", "flag");
    private static final long BIG = 1L << 60;
    private static final long TS0 = Timestamp.valueOf("2026-11-18 08:00:00").getTime();
    private static final ColumnOptions TEXT =
            Options.options().trim(true).ignoreCase(true).build();

    /**
     * One generated comparison: its seed, whether the key is {@code (id, sub)} rather than {@code
     * id}, the segments per day, whether a KPI sends the fingerprints through the grouped
     * aggregation (no digests: the cached pruned path), and whether the narrow join is forced.
     */
    record Case(long seed, boolean composite, int segments, boolean kpi, boolean narrow) {
        @Override
        public String toString() {
            return "seed " + seed + (composite ? " (id, sub)" : " (id)") + ", " + segments + " segments"
                    + (kpi ? ", kpi" : "") + (narrow ? ", narrow join" : "");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(101, false, 1024, false, false),
                new Case(22, true, 1, false, false),
                new Case(33, false, 4, false, false),
                new Case(44, true, 1024, true, false),
                new Case(55, false, 1, false, true),
                new Case(66, true, 64, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prunedAndFullKeyDiffsAgreeWithEachOtherAndWithAReferenceDiffOfTheGeneratedRows(Case c, @TempDir Path dir) {
        Generated g = Generated.of(c);
        Counts reference = reference(g.left, g.right, c.composite);
        // The generator's own bookkeeping and the reference must agree before the engine is judged.
        assertThat(reference).as("reference against the injected ground truth").isEqualTo(g.truth);

        Dataset<Row> left = parquet(g.left, dir.resolve("l"));
        Dataset<Row> right = parquet(g.right, dir.resolve("r"));
        TestRule rule = rule(c);
        PipelineResult pruned;
        PipelineResult full;
        if (c.narrow) {
            SparkKeyDiff.wideGrainRows = 0;
        }
        try {
            pruned = SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc("fp"));
            full = SparkParity.compare(
                    left, right, rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL), ComparisonContext.adHoc("fp"));
        } finally {
            SparkKeyDiff.wideGrainRows = SparkKeyDiff.WIDE_GRAIN_ROWS;
        }

        assertThat(counts(pruned, c.composite)).as("pruned").isEqualTo(reference);
        assertThat(counts(full, c.composite)).as("full").isEqualTo(reference);
        assertThat(SparkParityTest.outcomes(pruned)).isEqualTo(SparkParityTest.outcomes(full));
        assertThat(pruned.samples()).containsExactlyInAnyOrderElementsOf(full.samples());
    }

    private static TestRule rule(Case c) {
        TestRule rule = (c.composite ? TestRule.keyed("id", "sub") : TestRule.keyed("id"))
                .partitionBy("day")
                .segments(c.segments)
                .tolerance("qty", null, "0.1")
                .absTol("price", "0.01")
                .absTol("amt", "0.05")
                .column("name", TEXT)
                .column("sub", TEXT)
                .column("ts", Options.options().timeTolerance("2s").build());
        if (c.kpi) {
            rule.kpi(SparkKpiAndSketchTest.kpi(
                    "total", List.of(), SparkKpiAndSketchTest.metrics("amt", "sum(amt)", null)));
        }
        return rule;
    }

    private static Dataset<Row> parquet(List<Rec> rows, Path path) {
        TestData t = TestData.of(DDL);
        rows.forEach(r -> t.row(r.values()));
        t.df().write().partitionBy("day").parquet(path.toString());
        return SharedSpark.spark().read().parquet(path.toString());
    }

    /** The key diff's counts and each compared column's mismatches. */
    record Counts(
            long onlyLeft,
            long onlyRight,
            long mismatched,
            long duplicatesLeft,
            long duplicatesRight,
            long duplicatesDiffering,
            long nullKeysLeft,
            long nullKeysRight,
            Map<String, Long> columns) {}

    private static Counts counts(PipelineResult r, boolean composite) {
        Map<String, Long> columns = new LinkedHashMap<>();
        for (String col : compared(composite)) {
            columns.put(col, count(r, "column:" + col, "mismatches"));
        }
        return new Counts(
                count(r, "key_diff", "rows_only_in_left"),
                count(r, "key_diff", "rows_only_in_right"),
                count(r, "key_diff", "rows_mismatched"),
                count(r, "key_diff", "duplicate_keys_left"),
                count(r, "key_diff", "duplicate_keys_right"),
                count(r, "key_diff", "duplicate_keys_differing"),
                count(r, "key_diff", "null_keys_left"),
                count(r, "key_diff", "null_keys_right"),
                columns);
    }

    private static long count(PipelineResult r, String check, String metric) {
        return (long) SparkParityTest.metric(r, check, metric);
    }

    private static List<String> compared(boolean composite) {
        return composite ? COLUMNS.subList(1, COLUMNS.size()) : COLUMNS;
    }

    // ---- The reference diff, in plain Java ----

    /**
     * Rows with a NULL in a key column are counted and never matched; a key found more than once on
     * a side is that side's duplicate and its rows are not compared; a key on one side only counts
     * every row it has there; a key once on each side is compared column by column (the partition
     * column too) under the rule's tolerances.
     */
    static Counts reference(List<Rec> left, List<Rec> right, boolean composite) {
        Map<List<Object>, List<Rec>> l = byKey(left, composite);
        Map<List<Object>, List<Rec>> r = byKey(right, composite);
        long onlyLeft = oneSided(l, r);
        long onlyRight = oneSided(r, l);
        long mismatched = 0;
        Map<String, Long> columns = new LinkedHashMap<>();
        compared(composite).forEach(col -> columns.put(col, 0L));
        for (Map.Entry<List<Object>, List<Rec>> e : l.entrySet()) {
            List<Rec> other = r.get(e.getKey());
            if (other == null || other.size() != 1 || e.getValue().size() != 1) {
                continue;
            }
            boolean differs = false;
            for (String col : columns.keySet()) {
                if (!equal(col, e.getValue().get(0).get(col), other.get(0).get(col))) {
                    columns.merge(col, 1L, Long::sum);
                    differs = true;
                }
            }
            mismatched += differs ? 1 : 0;
        }
        return new Counts(
                onlyLeft,
                onlyRight,
                mismatched,
                duplicates(l),
                duplicates(r),
                duplicatesDiffering(l, r),
                nullKeys(left, composite),
                nullKeys(right, composite),
                columns);
    }

    private static boolean nullKey(Rec r, boolean composite) {
        return r.id == null || (composite && r.sub == null);
    }

    private static long nullKeys(List<Rec> rows, boolean composite) {
        return rows.stream().filter(r -> nullKey(r, composite)).count();
    }

    private static Map<List<Object>, List<Rec>> byKey(List<Rec> rows, boolean composite) {
        Map<List<Object>, List<Rec>> m = new LinkedHashMap<>();
        for (Rec r : rows) {
            if (!nullKey(r, composite)) {
                List<Object> key = composite ? List.of(r.id, text(r.sub)) : List.of(r.id);
                m.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    private static long oneSided(Map<List<Object>, List<Rec>> side, Map<List<Object>, List<Rec>> other) {
        return side.entrySet().stream()
                .filter(e -> !other.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue().size())
                .sum();
    }

    /**
     * Keys on both sides, more than once on at least one, whose rows differ. The generator never
     * duplicates a key on both sides, so its rows differ in number; a key with as many rows on each
     * side would need its rows compared as a multiset, which this reference does not do.
     */
    private static long duplicatesDiffering(Map<List<Object>, List<Rec>> l, Map<List<Object>, List<Rec>> r) {
        long differing = 0;
        for (Map.Entry<List<Object>, List<Rec>> e : l.entrySet()) {
            List<Rec> other = r.get(e.getKey());
            if (other == null || (other.size() == 1 && e.getValue().size() == 1)) {
                continue;
            }
            if (other.size() == e.getValue().size()) {
                throw new IllegalStateException("key " + e.getKey() + " has as many rows on each side, more than one");
            }
            differing++;
        }
        return differing;
    }

    private static long duplicates(Map<List<Object>, List<Rec>> side) {
        return side.values().stream().filter(v -> v.size() > 1).count();
    }

    /** {@code trim} (spaces) and {@code ignore_case}. */
    private static String text(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return s.substring(from, to).toLowerCase(Locale.ROOT);
    }

    private static boolean equal(String col, Object l, Object r) {
        if (l == null || r == null) {
            return l == null && r == null;
        }
        return switch (col) {
            // rel_tol 0.1, exact in decimal: |l - r| <= 0.1 |r|.
            case "qty" -> {
                BigDecimal a = BigDecimal.valueOf((Integer) l);
                BigDecimal b = BigDecimal.valueOf((Integer) r);
                yield a.subtract(b).abs().compareTo(new BigDecimal("0.1").multiply(b.abs())) <= 0;
            }
            // abs_tol 0.01; NaN equals NaN and nothing else; -0.0 equals 0.0.
            case "price" -> {
                double a = (Double) l;
                double b = (Double) r;
                yield Double.isNaN(a) || Double.isNaN(b) ? Double.isNaN(a) && Double.isNaN(b) : Math.abs(a - b) <= 0.01;
            }
            case "amt" -> ((BigDecimal) l).subtract((BigDecimal) r).abs().compareTo(new BigDecimal("0.05")) <= 0;
            case "name", "sub" -> text((String) l).equals(text((String) r));
            case "ts" -> Math.abs(((Timestamp) l).getTime() - ((Timestamp) r).getTime()) <= 2000;
            default -> l.equals(r);
        };
    }

    // ---- The generated tables ----

    /** One row; mutable so that an injection can change a copy. */
    static final class Rec {
        Long id;
        String sub;
        Date day;
        Integer qty;
        Long big;
        Double price;
        BigDecimal amt;
        String name;
        String note;
        Timestamp ts;
        Boolean flag;

        Rec copy() {
            Rec c = new Rec();
            c.id = id;
            c.sub = sub;
            c.day = day;
            c.qty = qty;
            c.big = big;
            c.price = price;
            c.amt = amt;
            c.name = name;
            c.note = note;
            c.ts = ts;
            c.flag = flag;
            return c;
        }

        Object get(String col) {
            return values()[COLUMNS.indexOf(col) + 1];
        }

        Object[] values() {
            return new Object[] {id, sub, day, qty, big, price, amt, name, note, ts, flag};
        }

        @Override
        public String toString() {
            return Arrays.toString(values());
        }
    }

    /**
     * Both sides and the counts the injections must produce. The right side starts as a copy of
     * the left with cosmetic differences only (padding and case under trim and ignore_case, -0.0
     * for 0.0); each injection then takes a row no other injection touches.
     */
    static final class Generated {
        final List<Rec> left = new ArrayList<>();
        final List<Rec> right = new ArrayList<>();
        Counts truth;

        private final Random rnd;
        private final boolean composite;
        private final Date[] days;
        private long onlyLeft;
        private long onlyRight;
        private long mismatched;
        private long dupLeft;
        private long dupRight;
        private long dupDiffering;
        private long nullLeft;
        private long nullRight;
        private final Map<String, Long> columns = new LinkedHashMap<>();

        private Generated(Case c) {
            rnd = new Random(c.seed);
            composite = c.composite;
            days = new Date[3 + rnd.nextInt(3)];
            for (int i = 0; i < days.length; i++) {
                days[i] = Date.valueOf(java.time.LocalDate.of(2026, 11, 16 + i));
            }
            compared(composite).forEach(col -> columns.put(col, 0L));
        }

        static Generated of(Case c) {
            Generated g = new Generated(c);
            g.generate();
            return g;
        }

        private void generate() {
            int n = 100 + rnd.nextInt(250);
            List<Rec> base = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                base.add(row(i));
            }
            for (Rec r : base) {
                left.add(r);
                right.add(cosmetic(r.copy()));
            }
            // Keyless rows present identically on both sides: counted on each, never matched.
            for (int i = rnd.nextInt(3); i > 0; i--) {
                Rec r = nullKeyed(row(n + i));
                left.add(r);
                right.add(r.copy());
                nullLeft++;
                nullRight++;
            }
            List<Integer> free = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                free.add(i);
            }
            Collections.shuffle(free, rnd);
            int injections = 8 + rnd.nextInt(Math.min(25, n / 6));
            for (int k = 0; k < injections; k++) {
                inject(free.remove(free.size() - 1));
            }
            // A removed row is nulled in place, so that the injections' indices stay valid.
            left.removeIf(Objects::isNull);
            right.removeIf(Objects::isNull);
            truth = new Counts(
                    onlyLeft, onlyRight, mismatched, dupLeft, dupRight, dupDiffering, nullLeft, nullRight, columns);
        }

        private Rec row(int i) {
            Rec r = new Rec();
            r.id = composite ? (long) (i / 2 + 1) : (long) (i + 1);
            r.sub = composite ? (i % 2 == 0 ? "a" : "B") : pick("x", "y", "Z", "w ");
            r.day = days[rnd.nextInt(days.length)];
            r.qty = maybeNull(rnd.nextInt(1000));
            r.big = maybeNull(BIG + rnd.nextInt(1_000_000));
            int p = rnd.nextInt(20);
            Double[] special = {Double.NaN, 0.0, -0.0, null};
            r.price = p < special.length ? special[p] : Double.valueOf(rnd.nextInt(100_000) / 100.0);
            r.amt = maybeNull(BigDecimal.valueOf(rnd.nextInt(1_000_000), 2));
            r.name = maybeNull(pick("ann", "Bea", "cid  ", "DOT", "eve"));
            r.note = "note-" + rnd.nextInt(50);
            r.ts = maybeNull(new Timestamp(TS0 + rnd.nextInt(86_400) * 1000L + rnd.nextInt(1000)));
            r.flag = maybeNull(rnd.nextBoolean());
            return r;
        }

        private Rec nullKeyed(Rec r) {
            if (composite && rnd.nextBoolean()) {
                r.sub = null;
            } else {
                r.id = null;
            }
            return r;
        }

        /** Differences every column's options make equal. */
        private Rec cosmetic(Rec r) {
            if (rnd.nextInt(4) == 0 && r.name != null) {
                r.name = r.name.toUpperCase(Locale.ROOT) + "  ";
            }
            if (rnd.nextInt(4) == 0) {
                r.sub = " " + r.sub.toLowerCase(Locale.ROOT) + " ";
            }
            if (r.price != null && r.price == 0.0 && rnd.nextBoolean()) {
                r.price = -r.price;
            }
            return r;
        }

        private <T> T maybeNull(T value) {
            return rnd.nextInt(20) == 0 ? null : value;
        }

        @SafeVarargs
        private <T> T pick(T... values) {
            return values[rnd.nextInt(values.length)];
        }

        private void inject(int i) {
            Rec l = left.get(i);
            Rec r = right.get(i);
            int kind = rnd.nextInt(composite ? 12 : 11);
            switch (kind) {
                case 0, 1, 2 -> {
                    String col = pick(COLUMNS.subList(2, COLUMNS.size()).toArray(String[]::new));
                    if (!composite && rnd.nextInt(10) == 0) {
                        col = "sub";
                    }
                    beyond(col, l, r);
                    columns.merge(col, 1L, Long::sum);
                    mismatched++;
                }
                case 3, 4 -> within(l, r);
                case 5 -> {
                    right.set(i, null);
                    onlyLeft++;
                }
                case 6 -> {
                    left.set(i, null);
                    onlyRight++;
                }
                case 7 -> {
                    // A second row of the key on one side, possibly different. On another day only
                    // when the key's row also differs on its own day: a key whose other rows are in
                    // a partition with equal fingerprints is not seen whole by the pruned diff.
                    Rec twin = (rnd.nextBoolean() ? l : r).copy();
                    if (rnd.nextBoolean()) {
                        twin.note = twin.note + "!";
                    }
                    if (rnd.nextBoolean()) {
                        twin.day = otherDay(twin.day);
                        r.flag = r.flag == null ? Boolean.TRUE : null;
                    }
                    if (rnd.nextBoolean()) {
                        left.add(twin);
                        dupLeft++;
                    } else {
                        right.add(twin);
                        dupRight++;
                    }
                    dupDiffering++;
                }
                case 8 -> {
                    // A key on one side only, twice there.
                    if (rnd.nextBoolean()) {
                        right.set(i, null);
                        left.add(l.copy());
                        onlyLeft += 2;
                        dupLeft++;
                    } else {
                        left.set(i, null);
                        right.add(r.copy());
                        onlyRight += 2;
                        dupRight++;
                    }
                }
                case 9 -> {
                    // The right row loses its key: a NULL key there, the left row only in left; or a
                    // new keyless row on the left.
                    if (rnd.nextBoolean()) {
                        nullKeyed(r);
                        nullRight++;
                        onlyLeft++;
                    } else {
                        left.add(nullKeyed(l.copy()));
                        nullLeft++;
                    }
                }
                case 10 -> {
                    // Moved to another day: a mismatch in the partition column.
                    r.day = otherDay(r.day);
                    columns.merge("day", 1L, Long::sum);
                    mismatched++;
                }
                default -> {
                    // A changed key component: one key on each side only.
                    r.sub = r.sub + "z";
                    onlyLeft++;
                    onlyRight++;
                }
            }
        }

        private Date otherDay(Date day) {
            return days[(Arrays.asList(days).indexOf(day) + 1 + rnd.nextInt(days.length - 1)) % days.length];
        }

        /** Sets the right value of {@code col} beyond its tolerance. */
        private void beyond(String col, Rec l, Rec r) {
            // A NULL against a value is a difference under any tolerance.
            boolean toNull = rnd.nextInt(5) == 0 && l.get(col) != null;
            switch (col) {
                case "sub" -> r.sub = l.sub + "q";
                case "qty" -> r.qty = toNull ? null : l.qty == null ? Integer.valueOf(7) : l.qty + l.qty / 9 + 1;
                case "big" -> r.big = toNull ? null : l.big == null ? Long.valueOf(BIG) : l.big + 1;
                case "price" ->
                    r.price = toNull
                            ? null
                            : l.price == null || l.price.isNaN()
                                    ? Double.valueOf(1.25)
                                    : rnd.nextBoolean() ? Double.NaN : l.price + 0.5;
                case "amt" ->
                    r.amt = toNull
                            ? null
                            : l.amt == null
                                    ? BigDecimal.ONE
                                    : l.amt.add(new BigDecimal(rnd.nextBoolean() ? "0.06" : "-0.06"));
                case "name" -> r.name = toNull ? null : l.name == null ? "zed" : l.name + "x";
                case "note" -> r.note = rnd.nextBoolean() ? l.note.toUpperCase(Locale.ROOT) : l.note + " ";
                case "ts" ->
                    r.ts = toNull
                            ? null
                            : l.ts == null
                                    ? new Timestamp(TS0)
                                    : new Timestamp(l.ts.getTime() + (rnd.nextBoolean() ? 2001 : -3000));
                case "flag" -> r.flag = toNull ? null : l.flag == null ? Boolean.TRUE : Boolean.valueOf(!l.flag);
                default -> throw new IllegalArgumentException(col);
            }
        }

        /** Changes one value on the right within its tolerance, often exactly on its boundary. */
        private void within(Rec l, Rec r) {
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    // |90 m - 100 m| = 10 m = 0.1 * 100 m: on the boundary of rel_tol 0.1.
                    int m = 1 + rnd.nextInt(100);
                    l.qty = 9 * m;
                    r.qty = 10 * m;
                }
                case 1 -> {
                    if (l.price == null || l.price.isNaN()) {
                        l.price = 2.5;
                    }
                    r.price = l.price + (rnd.nextBoolean() ? 0.004 : -0.004);
                }
                case 2 -> {
                    if (l.amt == null) {
                        l.amt = new BigDecimal("3.00");
                    }
                    r.amt = l.amt.add(new BigDecimal(rnd.nextBoolean() ? "0.05" : "-0.03"));
                }
                default -> {
                    if (l.ts == null) {
                        l.ts = new Timestamp(TS0);
                    }
                    r.ts = new Timestamp(l.ts.getTime() + (rnd.nextBoolean() ? 2000 : -1500));
                }
            }
        }
    }
}
