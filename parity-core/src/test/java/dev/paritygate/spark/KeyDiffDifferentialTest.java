package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
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
 * step 4, `key`, `columns.<name>`). A key's second row on another day comes with a difference on
 * its first row's day too: the pruned diff reads only the partitions whose fingerprints differ, so
 * a key with a row in a partition that is equal on both sides is judged on its other rows alone (a
 * duplicate counted as a row only in one side, or two rows of a key duplicated on both sides
 * compared as one), where the full diff counts the duplicate.
 *
 * <p>Some cases also duplicate keys on both sides ({@link Case#bothSides}): the same rows in
 * another order, rows differing in one value, in number, in how often each row occurs, only
 * within a column's tolerance, only cosmetically (trim, case, {@code -0.0}), or by one row moved
 * to another day. The reference compares such a key's rows as multisets of canonical rows, without
 * tolerances. A key duplicated alike on both sides is counted among the duplicates by the full diff
 * but, in a segment with equal fingerprints, never read by the pruned one (README, "How a
 * comparison works" step 4): the pruned diff's duplicate counts may lack those keys, and nothing
 * else may differ.
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
     * aggregation (no digests: the cached pruned path), whether the narrow join is forced, whether
     * keys are also duplicated on both sides, whether the rule has no tolerances, and whether the last
     * day gets one-sided differences only (so that pruned mode reads it by key columns alone).
     */
    record Case(
            long seed,
            boolean composite,
            int segments,
            boolean kpi,
            boolean narrow,
            boolean bothSides,
            boolean exact,
            boolean oneSidedDay) {
        /** A case under the columns' tolerances that never duplicates a key on both sides. */
        Case(long seed, boolean composite, int segments, boolean kpi, boolean narrow) {
            this(seed, composite, segments, kpi, narrow, false, false, false);
        }

        @Override
        public String toString() {
            return "seed " + seed + (composite ? " (id, sub)" : " (id)") + ", " + segments + " segments"
                    + (kpi ? ", kpi" : "") + (narrow ? ", narrow join" : "")
                    + (bothSides ? ", keys duplicated on both sides" : "") + (exact ? ", no tolerances" : "")
                    + (oneSidedDay ? ", last day read by key" : "");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(101, false, 1024, false, false),
                new Case(22, true, 1, false, false),
                new Case(33, false, 4, false, false),
                new Case(44, true, 1024, true, false),
                new Case(55, false, 1, false, true),
                new Case(66, true, 64, false, true),
                // Keys duplicated on both sides, alike and not, on the digests' wide path,
                // the cached path (KPI), the narrow join and with key-only reads, under
                // tolerances (duplicate_keys_differing warns) and without (it is judged with
                // the differing rows).
                new Case(77, false, 1, false, false, true, false, false),
                new Case(88, true, 4, true, false, true, false, false),
                new Case(99, false, 16, false, true, true, true, false),
                new Case(111, true, 1024, false, false, true, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prunedAndFullKeyDiffsAgreeWithEachOtherAndWithAReferenceDiffOfTheGeneratedRows(Case c, @TempDir Path dir) {
        Generated g = Generated.of(c);
        Counts reference = reference(g.left, g.right, c.composite, c.exact);
        // The generator's own bookkeeping and the reference must agree before the engine is judged.
        assertThat(reference).as("reference against the injected ground truth").isEqualTo(g.truth);
        long alike = duplicatedAlike(byKey(g.left, c.composite), byKey(g.right, c.composite));
        assertThat(alike).as("keys duplicated alike on both sides").isEqualTo(g.alike);
        if (c.bothSides) {
            // The case must hold what it is for: keys duplicated on both sides, alike and differing.
            assertThat(alike).isPositive();
            assertThat(g.bothSidesDiffering).isPositive();
        }
        if (c.oneSidedDay) {
            assertThat(g.oneSidedDuplicated).isPositive();
        }

        Dataset<Row> left = parquet(g.left, dir.resolve("l"));
        Dataset<Row> right = parquet(g.right, dir.resolve("r"));
        TestRule rule = rule(c);
        SparkParityTest.PrunedAndFull both = SparkParityTest.prunedAndFull(left, right, rule, c.narrow);
        PipelineResult pruned = both.pruned();
        PipelineResult full = both.full();

        assertThat(counts(full, c.composite)).as("full").isEqualTo(reference);
        Counts prunedCounts = counts(pruned, c.composite);
        // The pruned diff reads a key duplicated alike on both sides only when its segment differs.
        assertThat(prunedCounts.duplicatesLeft())
                .as("pruned duplicate_keys_left")
                .isBetween(reference.duplicatesLeft() - alike, reference.duplicatesLeft());
        assertThat(prunedCounts.duplicatesRight())
                .as("pruned duplicate_keys_right")
                .isBetween(reference.duplicatesRight() - alike, reference.duplicatesRight());
        assertThat(withDuplicates(prunedCounts, reference)).as("pruned").isEqualTo(reference);
        assertThat(outcomes(pruned, alike > 0)).isEqualTo(outcomes(full, alike > 0));
        assertThat(pruned.samples()).containsExactlyInAnyOrderElementsOf(full.samples());
        if (c.oneSidedDay) {
            assertThat(pruned.verdict("key_diff", "*", "rows_mismatched").details())
                    .as("the one-sided day read by key")
                    .doesNotContain("\"segments_read_keys_only\":0,");
        }
        for (PipelineResult r : List.of(pruned, full)) {
            assertDuplicatesDifferingJudged(r, reference, c.exact);
        }
    }

    /**
     * {@code duplicate_keys_differing} is judged with the differing rows when whole rows are the
     * rule's comparison (no tolerance: the key diff allows no differing row, so it fails), and warns
     * outside them when a compared column has a tolerance.
     */
    private static void assertDuplicatesDifferingJudged(PipelineResult r, Counts reference, boolean exact) {
        Verdict v = r.verdict("key_diff", "*", "duplicate_keys_differing");
        long differing = reference.duplicatesDiffering();
        assertThat(v.status()).isEqualTo(differing == 0 ? Status.PASS : exact ? Status.FAIL : Status.WARN);
        long rows = reference.onlyLeft() + reference.onlyRight() + reference.mismatched() + (exact ? differing : 0);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"rows_differing\":" + rows + ",");
    }

    /** {@code c} with {@code from}'s duplicate key counts. */
    private static Counts withDuplicates(Counts c, Counts from) {
        return new Counts(
                c.onlyLeft(),
                c.onlyRight(),
                c.mismatched(),
                from.duplicatesLeft(),
                from.duplicatesRight(),
                c.duplicatesDiffering(),
                c.nullKeysLeft(),
                c.nullKeysRight(),
                c.columns());
    }

    /** The verdicts' outcomes, without the duplicate key counts when the modes may differ there. */
    private static List<String> outcomes(PipelineResult r, boolean withoutDuplicateCounts) {
        return SparkParityTest.outcomes(r).stream()
                .filter(o -> !withoutDuplicateCounts
                        || !(o.contains("|duplicate_keys_left|") || o.contains("|duplicate_keys_right|")))
                .toList();
    }

    private static TestRule rule(Case c) {
        TestRule rule = (c.composite ? TestRule.keyed("id", "sub") : TestRule.keyed("id"))
                .partitionBy("day")
                .segments(c.segments)
                .column("name", TEXT)
                .column("sub", TEXT);
        if (!c.exact) {
            rule.tolerance("qty", null, "0.1")
                    .absTol("price", "0.01")
                    .absTol("amt", "0.05")
                    .column("ts", Options.options().timeTolerance("2s").build());
        }
        if (c.oneSidedDay) {
            // Key-only reads need as many mismatched keys as the sample has rows.
            rule.sample(1);
        }
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
     * column too) under the rule's tolerances, none when {@code exact}; a key on both sides and more
     * than once on one has its rows compared as multisets of canonical rows.
     */
    static Counts reference(List<Rec> left, List<Rec> right, boolean composite, boolean exact) {
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
                if (!equal(col, e.getValue().get(0).get(col), other.get(0).get(col), exact)) {
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
     * Keys on both sides, more than once on at least one, whose rows are not the same multiset of
     * canonical rows on the two sides.
     */
    private static long duplicatesDiffering(Map<List<Object>, List<Rec>> l, Map<List<Object>, List<Rec>> r) {
        long differing = 0;
        for (Map.Entry<List<Object>, List<Rec>> e : l.entrySet()) {
            List<Rec> other = r.get(e.getKey());
            if (other == null || (other.size() == 1 && e.getValue().size() == 1)) {
                continue;
            }
            differing += multiset(e.getValue()).equals(multiset(other)) ? 0 : 1;
        }
        return differing;
    }

    /** Keys more than once on each side, with the same multiset of canonical rows on both. */
    static long duplicatedAlike(Map<List<Object>, List<Rec>> l, Map<List<Object>, List<Rec>> r) {
        return l.entrySet().stream()
                .filter(e -> e.getValue().size() > 1
                        && r.containsKey(e.getKey())
                        && multiset(e.getValue()).equals(multiset(r.get(e.getKey()))))
                .count();
    }

    /** Each canonical row of {@code rows} with the number of times it occurs. */
    private static Map<List<Object>, Long> multiset(List<Rec> rows) {
        Map<List<Object>, Long> m = new java.util.HashMap<>();
        rows.forEach(row -> m.merge(canonical(row), 1L, Long::sum));
        return m;
    }

    /**
     * A row's canonical values, as the row hash sees them (SparkCanonical.hashInputs): the string
     * options applied (trim, ignore_case), {@code -0.0} as {@code 0.0}, NaN equal to NaN, decimals
     * and instants by value; no tolerance.
     */
    private static List<Object> canonical(Rec r) {
        List<Object> row = new ArrayList<>();
        row.add(r.id);
        COLUMNS.forEach(col -> row.add(r.get(col) == null ? null : canonicalValue(col, r.get(col))));
        return row;
    }

    private static Object canonicalValue(String col, Object v) {
        return switch (col) {
            case "sub", "name" -> text((String) v);
            case "price" -> (Double) v + 0.0;
            case "amt" -> ((BigDecimal) v).stripTrailingZeros();
            case "ts" -> ((Timestamp) v).getTime();
            default -> v;
        };
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

    private static boolean equal(String col, Object l, Object r, boolean exact) {
        if (l == null || r == null) {
            return l == null && r == null;
        }
        if (exact) {
            return canonicalValue(col, l).equals(canonicalValue(col, r));
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
        /** Keys duplicated on both sides with the same canonical rows. */
        long alike;
        /** Keys duplicated on both sides whose canonical rows differ. */
        long bothSidesDiffering;
        /** Of those, keys on the one-sided day, read by their key columns alone in pruned mode. */
        long oneSidedDuplicated;

        private final Map<String, Long> columns = new LinkedHashMap<>();
        private final boolean bothSides;
        private final boolean exact;
        /**
         * The last day gets one-sided differences only, and no row moves to it, so that its keys can
         * be read by their key columns alone.
         */
        private final boolean oneSidedDay;

        private Generated(Case c) {
            rnd = new Random(c.seed);
            composite = c.composite;
            bothSides = c.bothSides;
            exact = c.exact;
            oneSidedDay = c.oneSidedDay;
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
            if (bothSides) {
                // Each way a key can be duplicated on both sides, once, then more at random.
                List<Integer> kinds = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
                Collections.shuffle(kinds, rnd);
                List<Integer> notOneSided = new ArrayList<>(
                        free.stream().filter(i -> !oneSided(left.get(i))).toList());
                for (int kind : kinds) {
                    Integer i = notOneSided.remove(notOneSided.size() - 1);
                    free.remove(i);
                    duplicateOnBothSides(i, kind);
                }
            }
            for (int k = 0; k < injections; k++) {
                int i = free.remove(free.size() - 1);
                if (oneSided(left.get(i))) {
                    // Only differences that leave a pair over on one side of the digests, once: a row
                    // twice more on one side would have its grain read whole.
                    int kind = rnd.nextInt(4);
                    if (kind == 3) {
                        duplicateOnBothSides(i, 4);
                        oneSidedDuplicated++;
                    } else {
                        inject(i, new int[] {5, 6, 9}[kind]);
                    }
                } else if (bothSides && rnd.nextBoolean()) {
                    duplicateOnBothSides(i, rnd.nextInt(8));
                } else {
                    // Cases without keys duplicated on both sides draw what they always drew.
                    inject(i, rnd.nextInt(composite ? 12 : 11));
                }
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

        /** Whether {@code r} is on the day that gets one-sided differences only. */
        private boolean oneSided(Rec r) {
            return oneSidedDay && r.day.equals(days[days.length - 1]);
        }

        private void inject(int i, int kind) {
            Rec l = left.get(i);
            Rec r = right.get(i);
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
                case 3, 4 -> {
                    String col = within(l, r);
                    if (exact) {
                        columns.merge(col, 1L, Long::sum);
                        mismatched++;
                    }
                }
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

        /**
         * Makes row {@code i}'s key occur more than once on both sides. {@code a} is the left row,
         * {@code b} a second row of the key, differing from {@code a} in {@code note}; a primed row is
         * the right side's copy, with cosmetic differences only. Rows are appended, so a side's
         * rows of the key come in another order than the other side's.
         */
        private void duplicateOnBothSides(int i, int kind) {
            Rec a = left.get(i);
            Rec aRight = right.get(i);
            Rec b = a.copy();
            b.note = b.note + "+";
            Rec bRight = cosmetic(b.copy());
            boolean differs = true;
            switch (kind) {
                case 0 -> {
                    // The same rows, in another order: [a, b] against [b', a'], perhaps with a twice.
                    left.add(b);
                    right.set(i, bRight);
                    right.add(aRight);
                    if (rnd.nextBoolean()) {
                        left.add(a.copy());
                        right.add(cosmetic(a.copy()));
                    }
                    differs = false;
                }
                case 1 -> {
                    // One row, twice on each side.
                    left.add(a.copy());
                    right.add(cosmetic(a.copy()));
                    differs = false;
                }
                case 2 -> {
                    // b's value beyond tolerance in one column: [a, b] against [a', b*].
                    beyond(pick(COLUMNS.subList(2, COLUMNS.size()).toArray(String[]::new)), b, bRight);
                    left.add(b);
                    right.add(bRight);
                }
                case 3 -> {
                    // As many rows, each row as often on no two sides: [a, a, b] against [a', b', b'].
                    left.add(a.copy());
                    left.add(b);
                    right.add(bRight);
                    right.add(cosmetic(b.copy()));
                }
                case 4 -> {
                    // One more row on one side: [a, b] against [a', b', b'], or the reverse.
                    left.add(b);
                    right.add(bRight);
                    if (rnd.nextBoolean()) {
                        right.add(cosmetic(b.copy()));
                    } else {
                        left.add(b.copy());
                    }
                }
                case 5 -> {
                    // b differs within a column's tolerance only: whole rows still differ.
                    within(b, bRight);
                    left.add(b);
                    right.add(bRight);
                }
                case 6 -> {
                    // b' differs from b only in what the columns' options normalise: alike.
                    bRight.name = b.name == null ? null : " " + b.name.toUpperCase(Locale.ROOT) + "  ";
                    if (bRight.price != null && bRight.price == 0.0) {
                        bRight.price = -0.0;
                    }
                    bRight.sub = " " + b.sub.toUpperCase(Locale.ROOT);
                    left.add(b);
                    right.add(bRight);
                    differs = false;
                }
                default -> {
                    // b' moved to another day: both days' fingerprints differ, so both modes read
                    // every row of the key.
                    bRight.day = otherDay(b.day);
                    left.add(b);
                    right.add(bRight);
                }
            }
            dupLeft++;
            dupRight++;
            if (differs) {
                dupDiffering++;
                bothSidesDiffering++;
            } else {
                alike++;
            }
        }

        private Date otherDay(Date day) {
            if (oneSidedDay) {
                // Nothing moves to the one-sided day: a key on it and on another day would have
                // pairs left over on both sides.
                List<Date> others = new ArrayList<>(Arrays.asList(days).subList(0, days.length - 1));
                others.remove(day);
                return others.get(rnd.nextInt(others.size()));
            }
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

        /**
         * Changes one value on the right within its tolerance, often exactly on its boundary (a
         * difference when the rule has no tolerances); returns its column.
         */
        private String within(Rec l, Rec r) {
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    // |90 m - 100 m| = 10 m = 0.1 * 100 m: on the boundary of rel_tol 0.1.
                    int m = 1 + rnd.nextInt(100);
                    l.qty = 9 * m;
                    r.qty = 10 * m;
                    return "qty";
                }
                case 1 -> {
                    if (l.price == null || l.price.isNaN()) {
                        l.price = 2.5;
                    }
                    r.price = l.price + (rnd.nextBoolean() ? 0.004 : -0.004);
                    return "price";
                }
                case 2 -> {
                    if (l.amt == null) {
                        l.amt = new BigDecimal("3.00");
                    }
                    r.amt = l.amt.add(new BigDecimal(rnd.nextBoolean() ? "0.05" : "-0.03"));
                    return "amt";
                }
                default -> {
                    if (l.ts == null) {
                        l.ts = new Timestamp(TS0);
                    }
                    r.ts = new Timestamp(l.ts.getTime() + (rnd.nextBoolean() ? 2000 : -1500));
                    return "ts";
                }
            }
        }
    }
}
