package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.sql.Date;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded differential test of how complex and awkward values compare, end to end: arrays (order
 * matters), maps (insertion order does not), structs (nested NULLs; fields matched by name when the
 * two sides order them differently), arrays of doubles (nested {@code -0.0} and NaN), binary,
 * top-level NaN and {@code -0.0}, decimals of another scale, top-level and nested, arrays and structs
 * whose element types were widened, empty strings, arrays and maps against NULL, Unicode forms, a
 * local timestamp against a UTC instant, and dates (README, "How a comparison works" step 2 and
 * {@code columns.<name>}).
 *
 * <p>The right side is the left retyped (decimals of scale 1 for scale 2, {@code bigint} for {@code
 * int} elements, a struct's fields in another order, {@code TIMESTAMP} instants for {@code
 * TIMESTAMP_NTZ} Paris wall-clock times) and carrying representations the README calls equal;
 * injections then change one value beyond equality, or drop a row from one side. A plain-Java
 * reference compares the rows under the README's semantics, and its counts must equal both the
 * injections' bookkeeping and the engine's, in pruned and in full mode.
 *
 * <p>Fingerprints are predicted per day too. A day with neither a difference nor a representation
 * the README says the row bytes see (a nested {@code -0.0}, a NaN of another bit pattern) has equal
 * fingerprints: a value equal under the rule but canonicalised apart would show here as a
 * fingerprint mismatch the key diff cannot explain. A day with only such representations differs
 * on the byte-hash path and passes when the key diff finds no difference anywhere, since that
 * judgement is the table's, not the partition's (README, {@code checks}, {@code partition_hash}).
 */
class ComplexValuesDifferentialTest {
    private static final String LEFT = "id BIGINT, day DATE, tags ARRAY<INT>, attrs MAP<STRING,INT>,"
            + " info STRUCT<a:INT,b:STRING,c:STRUCT<x:DOUBLE>>, prices ARRAY<DOUBLE>, blob BINARY, d DOUBLE,"
            + " amt DECIMAL(10,2), amts ARRAY<DECIMAL(10,2)>, ints ARRAY<INT>, pair STRUCT<a:INT,b:INT>,"
            + " note STRING, name STRING, ts TIMESTAMP_NTZ, dt DATE";
    private static final String RIGHT = "id BIGINT, day DATE, tags ARRAY<INT>, attrs MAP<STRING,INT>,"
            + " info STRUCT<a:INT,b:STRING,c:STRUCT<x:DOUBLE>>, prices ARRAY<DOUBLE>, blob BINARY, d DOUBLE,"
            + " amt DECIMAL(12,1), amts ARRAY<DECIMAL(12,1)>, ints ARRAY<BIGINT>, pair STRUCT<b:BIGINT,a:BIGINT>,"
            + " note STRING, name STRING, ts TIMESTAMP, dt DATE";
    private static final List<String> COLUMNS = List.of(
            "day", "tags", "attrs", "info", "prices", "blob", "d", "amt", "amts", "ints", "pair", "note", "name", "ts",
            "dt");
    /** The columns that may receive an injected difference. */
    private static final List<String> INJECTABLE = COLUMNS.subList(1, COLUMNS.size());

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ColumnOptions NAME = Options.options()
            .unicode(ColumnOptions.UnicodeForm.NFC)
            .emptyEqualsNull(true)
            .build();
    /** A NaN whose bit pattern is not Java's canonical one. */
    private static final double OTHER_NAN = Double.longBitsToDouble(0x7ff8000000000123L);

    private static final Date[] DAYS = {
        Date.valueOf("2026-11-16"),
        Date.valueOf("2026-11-17"),
        Date.valueOf("2026-11-18"),
        Date.valueOf("2026-11-19"),
        Date.valueOf("2026-11-20")
    };

    /** The day whose right rows only ever hold representations the canonical form erases. */
    private static final Date PLAIN_DAY = DAYS[0];
    /** The day that also gets representations the row bytes see, and no difference. */
    private static final Date BYTES_DAY = DAYS[1];

    /**
     * One comparison: its seed, the key diff's path (the wide aggregation, the narrow join, or the
     * grouped aggregation that a KPI sends the fingerprints through, whose column-wise hashes see
     * no {@code -0.0} or NaN bit pattern), and whether differences are injected at all.
     */
    record Case(long seed, String path, boolean differences) {
        @Override
        public String toString() {
            return "seed " + seed + ", " + path + (differences ? "" : ", no differences");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(7, "wide", true),
                new Case(8, "narrow", true),
                new Case(9, "kpi", true),
                new Case(10, "wide", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void complexAndAwkwardValuesCompareAsTheReadmeSaysInPrunedAndFullMode(Case c) {
        Generated g = Generated.of(c);
        Counts reference = reference(g.left, g.right);
        assertThat(reference).as("reference against the injected ground truth").isEqualTo(g.truth);
        assertThat(g.bytesOnly.contains(BYTES_DAY))
                .as("the case holds bytes-only days")
                .isTrue();
        if (c.differences) {
            assertThat(reference.mismatched() + reference.onlyLeft() + reference.onlyRight())
                    .isPositive();
        }

        Dataset<Row> left = df(LEFT, g.left, Side.LEFT);
        Dataset<Row> right = df(RIGHT, g.right, Side.RIGHT);
        TestRule rule = TestRule.keyed("id")
                .partitionBy("day")
                .segments(1)
                .column("name", NAME)
                .column("ts", Options.options().leftTimeZone("Europe/Paris").build());
        if (c.path.equals("kpi")) {
            rule.kpi(SparkKpiAndSketchTest.kpi(
                    "total", List.of(), SparkKpiAndSketchTest.metrics("amt", "sum(amt)", null)));
        }
        SparkParityTest.PrunedAndFull both = SparkParityTest.prunedAndFull(left, right, rule, c.path.equals("narrow"));
        PipelineResult pruned = both.pruned();
        PipelineResult full = both.full();

        assertThat(counts(full)).as("full").isEqualTo(reference);
        assertThat(counts(pruned)).as("pruned").isEqualTo(reference);
        assertThat(SparkParityTest.outcomes(pruned)).isEqualTo(SparkParityTest.outcomes(full));

        boolean clean = reference.onlyLeft() + reference.onlyRight() + reference.mismatched() == 0;
        for (PipelineResult r : List.of(pruned, full)) {
            for (Date day : DAYS) {
                boolean differs = g.differing.contains(day);
                // The column-wise hashes of the grouped aggregation treat -0.0 as 0.0 and every NaN alike.
                boolean bytes = !c.path.equals("kpi") && g.bytesOnly.contains(day);
                Verdict v = r.verdict("partition_hash", "day=" + day, "fingerprint");
                if (!differs && !bytes) {
                    // The consistency the canonical form owes the key diff: equal values, equal fingerprints.
                    assertThat(v.message()).as(day + " holds no difference").isEqualTo("fingerprints equal");
                    assertThat(v.status()).isEqualTo(Status.PASS);
                } else if (clean) {
                    assertThat(v.message())
                            .as(day.toString())
                            .isEqualTo("fingerprints differ; every difference within tolerance");
                    assertThat(v.status()).isEqualTo(Status.PASS);
                } else {
                    assertThat(v.message()).as(day.toString()).isEqualTo("fingerprints differ");
                    assertThat(v.status()).isEqualTo(Status.WARN);
                }
            }
        }
    }

    // ---- The engine's counts ----

    /** The key diff's counts and each compared column's mismatches. */
    record Counts(long onlyLeft, long onlyRight, long mismatched, Map<String, Long> columns) {}

    private static Counts counts(PipelineResult r) {
        Map<String, Long> columns = new LinkedHashMap<>();
        for (String col : COLUMNS) {
            columns.put(col, count(r, "column:" + col, "mismatches"));
        }
        return new Counts(
                count(r, "key_diff", "rows_only_in_left"),
                count(r, "key_diff", "rows_only_in_right"),
                count(r, "key_diff", "rows_mismatched"),
                columns);
    }

    private static long count(PipelineResult r, String check, String metric) {
        return (long) SparkParityTest.metric(r, check, metric);
    }

    // ---- The reference, in plain Java ----

    /** Keys are unique on each side: a key on one side counts there, one on both is compared column by column. */
    static Counts reference(List<Map<String, Object>> left, List<Map<String, Object>> right) {
        Map<Object, Map<String, Object>> r = new LinkedHashMap<>();
        right.forEach(row -> r.put(row.get("id"), row));
        Map<String, Long> columns = new LinkedHashMap<>();
        COLUMNS.forEach(col -> columns.put(col, 0L));
        long onlyLeft = 0;
        long mismatched = 0;
        for (Map<String, Object> l : left) {
            Map<String, Object> other = r.remove(l.get("id"));
            if (other == null) {
                onlyLeft++;
                continue;
            }
            boolean differs = false;
            for (String col : COLUMNS) {
                if (!equal(col, l.get(col), other.get(col))) {
                    columns.merge(col, 1L, Long::sum);
                    differs = true;
                }
            }
            mismatched += differs ? 1 : 0;
        }
        return new Counts(onlyLeft, r.size(), mismatched, columns);
    }

    /** Two values of a column equal under the README's semantics and this test's rule. */
    static boolean equal(String col, Object l, Object r) {
        return switch (col) {
            // unicode: nfc, then empty_equals_null.
            case "name" -> Objects.equals(nfcOrNull((String) l), nfcOrNull((String) r));
            // A local time read in the left zone against an instant.
            case "ts" ->
                l == null || r == null
                        ? l == r
                        : ((LocalDateTime) l).atZone(PARIS).toInstant().equals(r);
            default -> same(l, r);
        };
    }

    private static String nfcOrNull(String s) {
        String n = s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFC);
        return n == null || n.isEmpty() ? null : n;
    }

    /**
     * Equality by value, at any depth: lists in order, maps (and structs, held as maps by field
     * name) entry by entry whatever their order, numbers by value ({@code 1.10} equals {@code 1.1},
     * an int its long), doubles with NaN equal to NaN and {@code -0.0} to {@code 0.0}, binary by
     * content, strings exactly; NULL equals only NULL, and an empty list, map or string is no NULL.
     */
    static boolean same(Object l, Object r) {
        if (l == null || r == null) {
            return l == r;
        }
        if (l instanceof List<?> a && r instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (l instanceof Map<?, ?> a && r instanceof Map<?, ?> b) {
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            return a.keySet().stream().allMatch(k -> same(a.get(k), b.get(k)));
        }
        if (l instanceof Double a && r instanceof Double b) {
            return a.isNaN() ? b.isNaN() : a.doubleValue() == b.doubleValue();
        }
        if (l instanceof BigDecimal a && r instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        if (l instanceof byte[] a && r instanceof byte[] b) {
            return Arrays.equals(a, b);
        }
        if ((l instanceof Integer || l instanceof Long) && (r instanceof Integer || r instanceof Long)) {
            return ((Number) l).longValue() == ((Number) r).longValue();
        }
        return l.equals(r);
    }

    // ---- From rows to DataFrames ----

    private static Dataset<Row> df(String ddl, List<Map<String, Object>> rows, Side side) {
        StructType schema = StructType.fromDDL(ddl);
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < values.length; i++) {
                String col = schema.fields()[i].name();
                values[i] = spark(col, row.get(col), side);
            }
            out.add(RowFactory.create(values));
        }
        return SharedSpark.spark().createDataFrame(out, schema);
    }

    /** A value as Spark takes it: structs as rows, fields in the side's order. */
    @SuppressWarnings("unchecked")
    private static Object spark(String col, Object v, Side side) {
        if (v == null) {
            return null;
        }
        return switch (col) {
            case "info" -> {
                Map<String, Object> m = (Map<String, Object>) v;
                Map<String, Object> c = (Map<String, Object>) m.get("c");
                yield RowFactory.create(m.get("a"), m.get("b"), c == null ? null : RowFactory.create(c.get("x")));
            }
            case "pair" -> {
                Map<String, Object> m = (Map<String, Object>) v;
                yield side == Side.LEFT
                        ? RowFactory.create(m.get("a"), m.get("b"))
                        : RowFactory.create(m.get("b"), m.get("a"));
            }
            default -> v;
        };
    }

    // ---- The generated tables ----

    /**
     * Both sides, the counts the injections must produce, and per day whether it holds a difference
     * and whether it holds a representation only the row bytes see.
     */
    static final class Generated {
        final List<Map<String, Object>> left = new ArrayList<>();
        final List<Map<String, Object>> right = new ArrayList<>();
        final java.util.Set<Date> differing = new java.util.HashSet<>();
        final java.util.Set<Date> bytesOnly = new java.util.HashSet<>();
        Counts truth;

        private final Random rnd;
        private final Map<String, Long> columns = new LinkedHashMap<>();
        private long onlyLeft;
        private long onlyRight;
        private long mismatched;

        private Generated(long seed) {
            rnd = new Random(seed);
            COLUMNS.forEach(col -> columns.put(col, 0L));
        }

        static Generated of(Case c) {
            Generated g = new Generated(c.seed);
            g.generate(c.differences);
            return g;
        }

        @SuppressWarnings("unchecked")
        private void generate(boolean differences) {
            int n = 40 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                // Every day gets a row first; the bytes day's first row surely gets a nested -0.0.
                Date day = i < DAYS.length ? DAYS[i] : DAYS[rnd.nextInt(DAYS.length)];
                Map<String, Object> l = row(i + 1, day);
                boolean surely = day.equals(BYTES_DAY) && i < DAYS.length;
                if (surely) {
                    List<Double> prices =
                            new ArrayList<>(l.get("prices") == null ? List.of() : (List<Double>) l.get("prices"));
                    prices.add(0.0);
                    l.put("prices", prices);
                }
                Map<String, Object> r = retyped(l);
                cosmetic(r);
                if (!day.equals(PLAIN_DAY) && (surely || rnd.nextInt(3) == 0) && seenByBytes(r)) {
                    bytesOnly.add(day);
                }
                left.add(l);
                right.add(r);
            }
            if (differences) {
                List<Integer> free = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Date day = (Date) left.get(i).get("day");
                    if (!day.equals(PLAIN_DAY) && !day.equals(BYTES_DAY)) {
                        free.add(i);
                    }
                }
                Collections.shuffle(free, rnd);
                int injections = Math.min(free.size(), 10 + rnd.nextInt(8));
                for (int k = 0; k < injections; k++) {
                    inject(free.get(k), k);
                }
            }
            left.removeIf(Objects::isNull);
            right.removeIf(Objects::isNull);
            truth = new Counts(onlyLeft, onlyRight, mismatched, columns);
        }

        private Map<String, Object> row(long id, Date day) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("day", day);
            int t = rnd.nextInt(10);
            r.put("tags", t == 0 ? null : t == 1 ? List.of() : List.of(t, t + 1, t * 3));
            int m = rnd.nextInt(8);
            Map<String, Integer> attrs = new LinkedHashMap<>();
            for (int k = 0; k < m % 4; k++) {
                attrs.put("k" + k, rnd.nextInt(5));
            }
            r.put("attrs", m == 7 ? null : attrs);
            r.put("info", info());
            List<Double> prices = new ArrayList<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                prices.add(pick(0.0, Double.NaN, null, 1.5, 2.25, 10.0));
            }
            r.put("prices", rnd.nextInt(10) == 0 ? null : prices);
            int b = rnd.nextInt(6);
            r.put("blob", b == 0 ? null : b == 1 ? new byte[0] : new byte[] {(byte) b, 0, (byte) (b * 7)});
            r.put("d", pick(0.0, Double.NaN, null, 3.5, -1.25, Double.POSITIVE_INFINITY));
            r.put(
                    "amt",
                    rnd.nextInt(10) == 0
                            ? null
                            : BigDecimal.valueOf(rnd.nextInt(2000), 1).setScale(2));
            List<BigDecimal> amts = new ArrayList<>();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                amts.add(
                        rnd.nextInt(6) == 0
                                ? null
                                : BigDecimal.valueOf(rnd.nextInt(500), 1).setScale(2));
            }
            r.put("amts", amts);
            List<Integer> ints = new ArrayList<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                ints.add(rnd.nextInt(100));
            }
            r.put("ints", ints);
            int a = rnd.nextInt(50);
            // a and b always differ, so that swapping them is a difference.
            r.put("pair", rnd.nextInt(10) == 0 ? null : fields("a", a, "b", a + 1 + rnd.nextInt(5)));
            r.put("note", pick("caf\u00e9", "", null, "plain"));
            r.put("name", pick("caf\u00e9", "", null, "Bea"));
            r.put(
                    "ts",
                    rnd.nextInt(10) == 0
                            ? null
                            // Never 02:30, which Paris skips or repeats on its two clock-change days.
                            : LocalDateTime.of(2026, 3 + rnd.nextInt(8), 1 + rnd.nextInt(28), 3 + rnd.nextInt(21), 30));
            r.put(
                    "dt",
                    rnd.nextInt(10) == 0
                            ? null
                            : java.time.LocalDate.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)));
            return r;
        }

        private Map<String, Object> info() {
            int s = rnd.nextInt(8);
            if (s == 0) {
                return null;
            }
            Map<String, Object> c = s == 1 ? null : fields("x", s == 2 ? null : pick(0.0, Double.NaN, 4.5));
            return fields("a", s == 3 ? null : s, "b", s == 4 ? null : s == 5 ? "" : "b" + s, "c", c);
        }

        /** The left row as the right side types it, every value equal. */
        @SuppressWarnings("unchecked")
        private Map<String, Object> retyped(Map<String, Object> l) {
            Map<String, Object> r = new LinkedHashMap<>(l);
            r.put("info", copy(l.get("info")));
            r.put("prices", l.get("prices") == null ? null : new ArrayList<>((List<Double>) l.get("prices")));
            r.put("attrs", l.get("attrs") == null ? null : new LinkedHashMap<>((Map<String, Integer>) l.get("attrs")));
            r.put("blob", l.get("blob") == null ? null : ((byte[]) l.get("blob")).clone());
            r.put("amt", l.get("amt") == null ? null : ((BigDecimal) l.get("amt")).setScale(1));
            r.put(
                    "amts",
                    ((List<BigDecimal>) l.get("amts"))
                            .stream().map(v -> v == null ? null : v.setScale(1)).toList());
            r.put(
                    "ints",
                    ((List<Integer>) l.get("ints"))
                            .stream().map(Integer::longValue).toList());
            Map<String, Object> pair = (Map<String, Object>) l.get("pair");
            r.put(
                    "pair",
                    pair == null
                            ? null
                            : fields(
                                    "b",
                                    ((Integer) pair.get("b")).longValue(),
                                    "a",
                                    ((Integer) pair.get("a")).longValue()));
            r.put(
                    "ts",
                    l.get("ts") == null
                            ? null
                            : ((LocalDateTime) l.get("ts")).atZone(PARIS).toInstant());
            return r;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> copy(Object struct) {
            if (struct == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) struct);
            if (m.get("c") != null) {
                m.put("c", new LinkedHashMap<>((Map<String, Object>) m.get("c")));
            }
            return m;
        }

        /** Representations the canonical form makes equal: they change neither a count nor a fingerprint. */
        @SuppressWarnings("unchecked")
        private void cosmetic(Map<String, Object> r) {
            Map<String, Integer> attrs = (Map<String, Integer>) r.get("attrs");
            if (attrs != null && rnd.nextBoolean()) {
                // The same entries inserted in the reverse order.
                List<String> keys = new ArrayList<>(attrs.keySet());
                Collections.reverse(keys);
                Map<String, Integer> reversed = new LinkedHashMap<>();
                keys.forEach(k -> reversed.put(k, attrs.get(k)));
                r.put("attrs", reversed);
            }
            if (Objects.equals(r.get("d"), 0.0) && rnd.nextBoolean()) {
                r.put("d", -0.0);
            }
            if ("caf\u00e9".equals(r.get("name")) && rnd.nextBoolean()) {
                r.put("name", Normalizer.normalize("caf\u00e9", Normalizer.Form.NFD));
            }
            if ("".equals(r.get("name")) && rnd.nextBoolean()) {
                r.put("name", null);
            } else if (r.get("name") == null && rnd.nextBoolean()) {
                r.put("name", "");
            }
        }

        /**
         * Representations equal by value that the grain pass's row bytes tell apart (README, step 3):
         * a nested -0.0 for 0.0, a NaN of another bit pattern, nested or at the top level. Returns
         * whether one was made.
         */
        @SuppressWarnings("unchecked")
        private boolean seenByBytes(Map<String, Object> r) {
            boolean made = false;
            List<Double> prices = (List<Double>) r.get("prices");
            for (int k = 0; prices != null && k < prices.size(); k++) {
                Double v = prices.get(k);
                if (v != null && v == 0.0) {
                    prices.set(k, -0.0);
                    made = true;
                } else if (v != null && v.isNaN()) {
                    prices.set(k, OTHER_NAN);
                    made = true;
                }
            }
            Map<String, Object> info = (Map<String, Object>) r.get("info");
            Map<String, Object> c = info == null ? null : (Map<String, Object>) info.get("c");
            if (c != null && c.get("x") != null && (Double) c.get("x") == 0.0) {
                c.put("x", -0.0);
                made = true;
            }
            if (r.get("d") instanceof Double d && d.isNaN()) {
                r.put("d", OTHER_NAN);
                made = true;
            }
            return made;
        }

        /** Changes row {@code i} beyond equality in one column, or drops it from one side. */
        @SuppressWarnings("unchecked")
        private void inject(int i, int k) {
            Map<String, Object> l = left.get(i);
            Map<String, Object> r = right.get(i);
            differing.add((Date) l.get("day"));
            int kind = k < 2 ? k : rnd.nextInt(INJECTABLE.size() + 2);
            if (kind == 0) {
                right.set(i, null);
                onlyLeft++;
                return;
            }
            if (kind == 1) {
                left.set(i, null);
                onlyRight++;
                return;
            }
            String col = INJECTABLE.get(kind - 2);
            Object v = r.get(col);
            r.put(
                    col,
                    switch (col) {
                        case "tags" ->
                            v == null ? List.of() : ((List<Integer>) v).isEmpty() ? null : reversed((List<Integer>) v);
                        case "attrs" -> {
                            if (v == null) {
                                yield Map.of();
                            }
                            Map<String, Integer> m = new TreeMap<>((Map<String, Integer>) v);
                            if (m.isEmpty()) {
                                yield null;
                            }
                            m.merge(m.keySet().iterator().next(), 1, Integer::sum);
                            yield m;
                        }
                        case "info" -> {
                            Map<String, Object> s = copy(v);
                            if (s == null) {
                                yield fields("a", null, "b", null, "c", null);
                            }
                            // A NULL struct against one whose only field is NULL; or "" against NULL.
                            if (s.get("c") == null) {
                                s.put("c", fields("x", null));
                            } else {
                                s.put("b", s.get("b") == null ? "" : null);
                            }
                            yield s;
                        }
                        case "prices" -> {
                            List<Double> p = v == null ? new ArrayList<>() : new ArrayList<>((List<Double>) v);
                            // A NaN against a number, or one more element.
                            if (!p.isEmpty() && p.get(0) != null && !p.get(0).isNaN()) {
                                p.set(0, Double.NaN);
                            } else {
                                p.add(1.0);
                            }
                            yield p;
                        }
                        case "blob" -> {
                            if (v == null) {
                                yield new byte[0];
                            }
                            byte[] b = ((byte[]) v).clone();
                            if (b.length == 0) {
                                yield null;
                            }
                            b[1] ^= 1;
                            yield b;
                        }
                        case "d" ->
                            v == null || ((Double) v).isNaN() ? Double.valueOf(0.0) : Double.valueOf(Double.NaN);
                        case "amt" ->
                            v == null ? BigDecimal.ONE.setScale(1) : ((BigDecimal) v).add(new BigDecimal("0.1"));
                        case "amts" -> {
                            List<BigDecimal> a = new ArrayList<>((List<BigDecimal>) v);
                            a.add(new BigDecimal("1.1"));
                            yield a;
                        }
                        case "ints" -> {
                            List<Long> a = new ArrayList<>((List<Long>) v);
                            if (a.isEmpty()) {
                                yield null;
                            }
                            a.set(0, a.get(0) + 1);
                            yield a;
                        }
                        case "pair" -> {
                            // The two fields' values swapped: positionally, the right struct reads as the left.
                            Map<String, Object> p = (Map<String, Object>) v;
                            yield p == null ? fields("b", 0L, "a", 0L) : fields("b", p.get("a"), "a", p.get("b"));
                        }
                        case "note" ->
                            // Without the unicode option an NFD string differs from its NFC form, and "" from NULL.
                            "caf\u00e9".equals(v)
                                    ? Normalizer.normalize("caf\u00e9", Normalizer.Form.NFD)
                                    : v == null ? "" : "".equals(v) ? null : v + "!";
                        case "name" -> v == null ? "zed" : v + "x";
                        case "ts" -> v == null ? Instant.EPOCH : ((Instant) v).plusSeconds(1);
                        case "dt" ->
                            v == null ? java.time.LocalDate.of(2026, 1, 1) : ((java.time.LocalDate) v).plusDays(1);
                        default -> throw new IllegalArgumentException(col);
                    });
            columns.merge(col, 1L, Long::sum);
            mismatched++;
        }

        private static List<Integer> reversed(List<Integer> v) {
            List<Integer> r = new ArrayList<>(v);
            Collections.reverse(r);
            return r;
        }

        private static Map<String, Object> fields(Object... nameValue) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < nameValue.length; i += 2) {
                m.put((String) nameValue[i], nameValue[i + 1]);
            }
            return m;
        }

        @SafeVarargs
        private <T> T pick(T... values) {
            return values[rnd.nextInt(values.length)];
        }
    }
}
