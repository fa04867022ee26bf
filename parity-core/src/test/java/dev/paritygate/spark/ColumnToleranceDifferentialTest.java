package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.ColumnOptions.TimeUnitTruncation;
import dev.paritygate.rules.ColumnOptions.UnicodeForm;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded differential test of the per-column comparison under the options of README
 * "{@code columns.<name>}": for each seed, random column options drawn from those the README lists
 * for each pair of types, two sides sharing most of their unique keys, each value rendered in its
 * side's type (a decimal at another scale, a float against a double, a local timestamp in its
 * zone, a timestamp as text) and some perturbed (within a tolerance, on its boundary, beyond it,
 * NaN, signed zeros, infinities, NULLs, whitespace, case, Unicode forms, unparsable text). The
 * engine's column mismatch counts and statuses, mismatched rows and one-sided rows must equal
 * those of a plain-Java reference written from the README's words, in pruned and in full mode.
 * Probe rows, each with one difference the generator means to be within its tolerance (some
 * exactly on the boundary, which the README makes inclusive) or beyond it, are then compared
 * apart: the ones within are never counted, the ones beyond always are.
 */
class ColumnToleranceDifferentialTest {
    /** A compared column: its name and each side's Spark type. */
    record Col(String name, String left, String right) {}

    private static final List<Col> COLUMNS = List.of(
            new Col("i", "INT", "INT"),
            new Col("ib", "INT", "BIGINT"),
            new Col("b", "BIGINT", "BIGINT"),
            new Col("dec", "DECIMAL(14,4)", "DECIMAL(12,2)"),
            new Col("nd", "DECIMAL(10,3)", "DOUBLE"),
            new Col("d", "DOUBLE", "DOUBLE"),
            new Col("f", "FLOAT", "DOUBLE"),
            new Col("s", "STRING", "STRING"),
            new Col("dt", "DATE", "DATE"),
            new Col("dts", "DATE", "TIMESTAMP"),
            new Col("ts", "TIMESTAMP", "TIMESTAMP"),
            new Col("ntz", "TIMESTAMP_NTZ", "TIMESTAMP"),
            new Col("st", "STRING", "TIMESTAMP"));

    private static final long BIG = 1L << 60;
    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    /** A string that does not parse as a timestamp: it equals nothing, not even a NULL. */
    private static final Object UNPARSABLE = new Object();

    /** One seed, and whether the key diff is forced onto its narrow join. */
    record Case(long seed, boolean narrow) {
        @Override
        public String toString() {
            return "seed " + seed + (narrow ? ", narrow join" : "");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(7, false), new Case(1234, false), new Case(99, true));
    }

    /** The seeds of the probes: two suffice, each comparison being on its own data. */
    static Stream<Case> probeCases() {
        return cases().limit(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void columnMismatchesUnderRandomOptionsEqualAReferenceOfTheReadmeInPrunedAndFullMode(Case c) {
        Random rnd = new Random(c.seed);
        Map<String, ColumnOptions> options = drawOptions(rnd);
        Generator g = new Generator(rnd, options);
        Tables t = g.tables(160);
        Expected expected = reference(t, options);
        // The data must hold what the test is about: differences counted and differences tolerated.
        assertThat(expected.mismatched()).isPositive();
        assertThat(expected.onlyLeft() + expected.onlyRight()).isPositive();

        TestRule rule = rule(options);
        Dataset<Row> left = t.left.df();
        Dataset<Row> right = t.right.df();
        if (c.narrow) {
            SparkKeyDiff.wideGrainRows = 0;
        }
        try {
            PipelineResult pruned = SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc("cols"));
            PipelineResult full = SparkParity.compare(
                    left,
                    right,
                    rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL),
                    ComparisonContext.adHoc("cols"));
            assertThat(actual(full)).as("full, options %s", describe(options)).isEqualTo(expected);
            assertThat(actual(pruned))
                    .as("pruned, options %s", describe(options))
                    .isEqualTo(expected);
        } finally {
            SparkKeyDiff.wideGrainRows = SparkKeyDiff.WIDE_GRAIN_ROWS;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeCases")
    void aDifferenceWithinItsToleranceIsNeverCountedAndOneBeyondAlwaysIs(Case c) {
        Random rnd = new Random(c.seed);
        Map<String, ColumnOptions> options = drawOptions(rnd);
        Generator g = new Generator(rnd, options);
        List<Probe> probes = g.probes(4);
        TestRule rule = rule(options);
        for (boolean beyond : new boolean[] {false, true}) {
            List<Probe> these = probes.stream().filter(p -> p.beyond == beyond).toList();
            Tables t = new Tables();
            for (Probe p : these) {
                t.add(p.left, p.right);
            }
            Map<String, Long> meant = new LinkedHashMap<>();
            COLUMNS.forEach(col -> meant.put(col.name(), 0L));
            these.stream().filter(Probe::beyond).forEach(p -> meant.merge(p.column, 1L, Long::sum));
            // The reference must agree with what the generator meant, boundary values included.
            Expected expected = reference(t, options);
            assertThat(expected.columns())
                    .as("reference, beyond=%s, options %s", beyond, describe(options))
                    .isEqualTo(meant);
            assertThat(expected.mismatched()).isEqualTo(beyond ? these.size() : 0);
            PipelineResult r =
                    SparkParity.compare(t.left.df(), t.right.df(), rule.build(), ComparisonContext.adHoc("cols"));
            assertThat(actual(r).columns())
                    .as("engine, beyond=%s, options %s", beyond, describe(options))
                    .isEqualTo(meant);
        }
    }

    // ---- Options ----

    /** Random options for each column, from what README "columns.<name>" allows for its types. */
    static Map<String, ColumnOptions> drawOptions(Random rnd) {
        Map<String, ColumnOptions> m = new LinkedHashMap<>();
        for (Col col : COLUMNS) {
            Options o = Options.options();
            switch (col.name()) {
                case "i", "ib" ->
                    o.absTol(pickDecimal(rnd, null, "1", "2.5")).relTol(pickDecimal(rnd, null, "0.1", "0.29"));
                case "b" -> o.absTol(pickDecimal(rnd, null, "1", "3")).relTol(pickDecimal(rnd, null, "1E-18"));
                case "dec" ->
                    o.absTol(pickDecimal(rnd, null, "0.01", "0.005", "0.0003"))
                            .relTol(pickDecimal(rnd, null, "0.01", "0.25"));
                case "nd" ->
                    o.absTol(pickDecimal(rnd, null, "0.25", "0.5"))
                            .relTol(pickDecimal(rnd, null, "0.5"))
                            .signedZeroEqual(rnd.nextInt(3) > 0)
                            .oppositeInfinitiesEqual(rnd.nextInt(3) == 0);
                case "d", "f" ->
                    o.absTol(pickDecimal(rnd, null, "0.25", "0.5"))
                            .relTol(pickDecimal(rnd, null, "0.25", "0.5"))
                            .nanEqual(rnd.nextInt(3) > 0)
                            .signedZeroEqual(rnd.nextInt(3) > 0)
                            .oppositeInfinitiesEqual(rnd.nextInt(3) == 0);
                case "s" ->
                    o.trim(rnd.nextBoolean())
                            .ignoreCase(rnd.nextBoolean())
                            .emptyEqualsNull(rnd.nextBoolean())
                            .unicode(pick(
                                    rnd,
                                    null,
                                    null,
                                    UnicodeForm.NFC,
                                    UnicodeForm.NFD,
                                    UnicodeForm.NFKC,
                                    UnicodeForm.NFKD));
                case "dt" -> {}
                default -> {
                    o.truncate(pick(
                                    rnd,
                                    null,
                                    null,
                                    TimeUnitTruncation.MILLISECOND,
                                    TimeUnitTruncation.SECOND,
                                    TimeUnitTruncation.MINUTE,
                                    TimeUnitTruncation.DAY))
                            .timeTolerance(pick(rnd, null, "2s", "500ms", "PT1M", "1us"))
                            .leftTimeZone(pick(rnd, null, "Europe/Paris", "+05:30", "America/New_York"));
                    if (col.name().equals("st")) {
                        o.trim(rnd.nextBoolean()).ignoreCase(rnd.nextBoolean()).emptyEqualsNull(rnd.nextBoolean());
                    }
                }
            }
            if (rnd.nextBoolean()) {
                // A mismatch tolerance, and perhaps a warn band within it.
                long max = rnd.nextInt(8);
                o.mismatch(max, null, rnd.nextBoolean() ? (long) rnd.nextInt((int) max + 1) : null, null);
            }
            m.put(col.name(), o.build());
        }
        return m;
    }

    /** The drawn options in words, for a failure's message. */
    private static String describe(Map<String, ColumnOptions> options) {
        StringBuilder b = new StringBuilder();
        options.forEach((name, o) -> b.append("\n  ")
                .append(name)
                .append(": ")
                .append(dev.paritygate.check.ColumnVerdicts.describe(o))
                .append(o.leftTimeZone() == null ? "" : " left_time_zone " + o.leftTimeZone())
                .append(o.maxMismatchCount() == null ? "" : " max " + o.maxMismatchCount())
                .append(o.warnMismatchCount() == null ? "" : " warn " + o.warnMismatchCount()));
        return b.toString();
    }

    private static TestRule rule(Map<String, ColumnOptions> options) {
        TestRule rule = TestRule.keyed("id").segments(64);
        options.forEach(rule::column);
        return rule;
    }

    // ---- What the engine said ----

    /** Each column's mismatch count and status, the mismatched and one-sided row counts. */
    record Expected(
            long onlyLeft, long onlyRight, long mismatched, Map<String, Long> columns, Map<String, Status> statuses) {}

    private static Expected actual(PipelineResult r) {
        Map<String, Long> columns = new LinkedHashMap<>();
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (Col col : COLUMNS) {
            columns.put(col.name(), (long) SparkParityTest.metric(r, "column:" + col.name(), "mismatches"));
            statuses.put(
                    col.name(),
                    r.verdict("column:" + col.name(), "*", "mismatches").status());
        }
        return new Expected(
                (long) SparkParityTest.metric(r, "key_diff", "rows_only_in_left"),
                (long) SparkParityTest.metric(r, "key_diff", "rows_only_in_right"),
                (long) SparkParityTest.metric(r, "key_diff", "rows_mismatched"),
                columns,
                statuses);
    }

    // ---- The reference, from the README's words ----

    /**
     * Keys are unique and never NULL here, so a key on one side only is one row only in that side,
     * and a key on both is compared column by column: a row is mismatched when any column differs.
     * A column check passes while its count is within {@code max(max_mismatch_count, 0)} (no rate
     * is drawn), warns beyond its warn count within it, and fails beyond it.
     */
    static Expected reference(Tables t, Map<String, ColumnOptions> options) {
        Map<Long, Object[]> right = new LinkedHashMap<>();
        t.rightRows.forEach(r -> right.put((Long) r[0], r));
        Map<String, Long> columns = new LinkedHashMap<>();
        COLUMNS.forEach(col -> columns.put(col.name(), 0L));
        long onlyLeft = 0;
        long mismatched = 0;
        for (Object[] l : t.leftRows) {
            Object[] r = right.remove((Long) l[0]);
            if (r == null) {
                onlyLeft++;
                continue;
            }
            boolean differs = false;
            for (int i = 0; i < COLUMNS.size(); i++) {
                String name = COLUMNS.get(i).name();
                if (!equal(name, options.get(name), l[i + 1], r[i + 1])) {
                    columns.merge(name, 1L, Long::sum);
                    differs = true;
                }
            }
            mismatched += differs ? 1 : 0;
        }
        Map<String, Status> statuses = new LinkedHashMap<>();
        columns.forEach((name, n) -> statuses.put(name, status(options.get(name), n)));
        return new Expected(onlyLeft, right.size(), mismatched, columns, statuses);
    }

    private static Status status(ColumnOptions o, long n) {
        long max = o.maxMismatchCount() == null ? 0 : o.maxMismatchCount();
        if (n > max) {
            return Status.FAIL;
        }
        return o.warnMismatchCount() != null && n > o.warnMismatchCount() ? Status.WARN : Status.PASS;
    }

    /** Whether two values of column {@code name} are equal under its options. */
    static boolean equal(String name, ColumnOptions o, Object l, Object r) {
        return switch (name) {
            case "i", "ib", "b", "dec" -> bothNullOr(l, r, () -> exactWithin(decimal(l), decimal(r), o));
            case "nd" -> bothNullOr(l, r, () -> floatingEqual(((BigDecimal) l).doubleValue(), (Double) r, o));
            case "d" -> bothNullOr(l, r, () -> floatingEqual((Double) l, (Double) r, o));
            // Against a float, both values are compared as floats.
            case "f" ->
                bothNullOr(l, r, () -> floatingEqual((double) (Float) l, (double) (float) (double) (Double) r, o));
            case "s" -> java.util.Objects.equals(text((String) l, o), text((String) r, o));
            case "dt" -> java.util.Objects.equals(l, r);
            case "dts" -> timesEqual(micros((LocalDate) l, zone(o)), micros((Instant) r), o);
            case "ts" -> timesEqual(l == null ? null : micros(wallClockIn((Instant) l, o)), micros((Instant) r), o);
            case "ntz" ->
                timesEqual(
                        l == null
                                ? null
                                : micros(((LocalDateTime) l).atZone(zone(o)).toInstant()),
                        micros((Instant) r),
                        o);
            case "st" -> timesEqual(parse(text((String) l, o), zone(o)), micros((Instant) r), o);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A NULL equals a NULL and nothing else, under any option. */
    private static boolean bothNullOr(Object l, Object r, java.util.function.BooleanSupplier equal) {
        return l == null || r == null ? l == null && r == null : equal.getAsBoolean();
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue());
    }

    /** {@code abs(l - r) <= abs_tol + rel_tol * abs(r)}, both sides exactly, in decimal. */
    private static boolean exactWithin(BigDecimal l, BigDecimal r, ColumnOptions o) {
        BigDecimal allowed = o.absTolOrZero().add(o.relTolOrZero().multiply(r.abs()));
        return l.subtract(r).abs().compareTo(allowed) <= 0;
    }

    /**
     * NaN equals NaN (unless {@code nan_equal: false}) and nothing else; an infinity equals itself
     * (and the opposite one under {@code opposite_infinities_equal}) and nothing else; two zeros of
     * opposite sign are equal unless {@code signed_zero_equal: false}, under any tolerance; other
     * values are equal within {@code abs_tol + rel_tol * abs(r)}.
     */
    private static boolean floatingEqual(double l, double r, ColumnOptions o) {
        if (Double.isNaN(l) || Double.isNaN(r)) {
            return Double.isNaN(l) && Double.isNaN(r) && o.nanEqual();
        }
        if (Double.isInfinite(l) || Double.isInfinite(r)) {
            return Double.isInfinite(l) && Double.isInfinite(r) && (l == r || o.oppositeInfinitiesEqual());
        }
        if (l == 0.0 && r == 0.0) {
            boolean sameSign = Double.doubleToRawLongBits(l) == Double.doubleToRawLongBits(r);
            return sameSign || o.signedZeroEqual();
        }
        double allowed = o.absTolOrZero().doubleValue() + o.relTolOrZero().doubleValue() * Math.abs(r);
        return Math.abs(l - r) <= allowed;
    }

    /** Unicode form first, then trim (spaces), case folding, and the empty string as NULL. */
    private static String text(String s, ColumnOptions o) {
        if (s == null) {
            return null;
        }
        String v = o.unicode() == null
                ? s
                : Normalizer.normalize(s, Normalizer.Form.valueOf(o.unicode().name()));
        if (o.trim()) {
            int from = 0;
            int to = v.length();
            while (from < to && v.charAt(from) == ' ') {
                from++;
            }
            while (to > from && v.charAt(to - 1) == ' ') {
                to--;
            }
            v = v.substring(from, to);
        }
        if (o.ignoreCase()) {
            v = v.toLowerCase(Locale.ROOT);
        }
        return o.emptyEqualsNull() && v.isEmpty() ? null : v;
    }

    private static ZoneId zone(ColumnOptions o) {
        return ZoneId.of(o.leftTimeZone() == null ? "UTC" : o.leftTimeZone());
    }

    /** A TIMESTAMP's UTC wall-clock time read in the column's {@code left_time_zone}, if set. */
    private static Instant wallClockIn(Instant l, ColumnOptions o) {
        return o.leftTimeZone() == null
                ? l
                : LocalDateTime.ofInstant(l, ZoneOffset.UTC).atZone(zone(o)).toInstant();
    }

    private static Long micros(LocalDate d, ZoneId zone) {
        return d == null ? null : micros(d.atStartOfDay(zone).toInstant());
    }

    private static Long micros(Instant i) {
        return i == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)(Z|[+-]\\d{2}:\\d{2})?",
            Pattern.CASE_INSENSITIVE);

    /**
     * An ISO-8601 timestamp, with or without a zone or offset, or a date alone, as microseconds; one
     * that names no zone read in {@code zone}; anything else (a time without a date, the empty
     * string, other text) {@link #UNPARSABLE}. Case does not matter in ISO-8601's {@code T} and
     * {@code Z} (RFC 3339 allows either).
     */
    private static Object parse(String s, ZoneId zone) {
        if (s == null) {
            return null;
        }
        // Spark's cast ignores whitespace around the text.
        String v = s.strip();
        try {
            if (DATE.matcher(v).matches()) {
                return micros(LocalDate.parse(v).atStartOfDay(zone).toInstant());
            }
            Matcher m = DATE_TIME.matcher(v);
            if (!m.matches()) {
                return UNPARSABLE;
            }
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
            String offset = m.group(3);
            ZoneId z = offset == null ? zone : offset.equalsIgnoreCase("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset);
            return micros(local.atZone(z).toInstant());
        } catch (java.time.DateTimeException e) {
            return UNPARSABLE; // no such day or time, as 2026-13-45
        }
    }

    /**
     * NULL equals NULL; an unparsable string equals nothing; otherwise both instants are truncated to
     * the unit and are equal within the time tolerance, inclusive.
     */
    private static boolean timesEqual(Object l, Long r, ColumnOptions o) {
        if (l == UNPARSABLE) {
            return false;
        }
        if (l == null || r == null) {
            return l == null && r == null;
        }
        long a = truncated((Long) l, o);
        long b = truncated(r, o);
        return Math.abs(a - b) <= o.timeToleranceMicros();
    }

    private static long truncated(long micros, ColumnOptions o) {
        return o.truncate() == null
                ? micros
                : micros - Math.floorMod(micros, o.truncate().micros());
    }

    // ---- The generated tables ----

    /** Both sides' rows, in their Spark types. */
    static final class Tables {
        final List<Object[]> leftRows = new ArrayList<>();
        final List<Object[]> rightRows = new ArrayList<>();
        final TestData left = TestData.of(ddl(true));
        final TestData right = TestData.of(ddl(false));

        void add(Object[] l, Object[] r) {
            if (l != null) {
                leftRows.add(l);
                left.row(l);
            }
            if (r != null) {
                rightRows.add(r);
                right.row(r);
            }
        }

        private static String ddl(boolean left) {
            StringBuilder b = new StringBuilder("id BIGINT");
            COLUMNS.forEach(c -> b.append(", ").append(c.name()).append(' ').append(left ? c.left() : c.right()));
            return b.toString();
        }
    }

    /** A row pair differing in {@code column} only, meant to be beyond its tolerance or within it. */
    record Probe(String column, boolean beyond, Object[] left, Object[] right) {}

    /** One column's pair of values. */
    record Pair(Object left, Object right) {}

    static final class Generator {
        private final Random rnd;
        private final Map<String, ColumnOptions> options;

        Generator(Random rnd, Map<String, ColumnOptions> options) {
            this.rnd = rnd;
            this.options = options;
        }

        /**
         * {@code n} keys, about 5% on the left only and 5% on the right only; about a third of the
         * keys on both sides have one to three columns perturbed, the others differ only in how each
         * side renders the same values.
         */
        Tables tables(int n) {
            Tables t = new Tables();
            for (long id = 1; id <= n; id++) {
                Object[] l = new Object[COLUMNS.size() + 1];
                Object[] r = new Object[COLUMNS.size() + 1];
                l[0] = id;
                r[0] = id;
                boolean perturbed = rnd.nextInt(3) == 0;
                List<Integer> changed = new ArrayList<>();
                if (perturbed) {
                    for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                        changed.add(rnd.nextInt(COLUMNS.size()));
                    }
                }
                for (int i = 0; i < COLUMNS.size(); i++) {
                    String name = COLUMNS.get(i).name();
                    Pair p = changed.contains(i) ? perturbed(name) : same(name);
                    l[i + 1] = p.left();
                    r[i + 1] = p.right();
                }
                int side = rnd.nextInt(20);
                t.add(side == 0 ? null : l, side == 1 ? null : r);
            }
            return t;
        }

        /** For each column that has a tolerance, {@code per} rows within it and {@code per} beyond. */
        List<Probe> probes(int per) {
            List<Probe> probes = new ArrayList<>();
            long id = 1;
            for (int i = 0; i < COLUMNS.size(); i++) {
                String name = COLUMNS.get(i).name();
                for (boolean beyond : new boolean[] {false, true}) {
                    for (int k = 0, tries = 0; k < per && tries < 50 * per; tries++) {
                        Pair p = delta(name, beyond);
                        if (p == null) {
                            continue;
                        }
                        Object[] l = new Object[COLUMNS.size() + 1];
                        Object[] r = new Object[COLUMNS.size() + 1];
                        l[0] = id;
                        r[0] = id++;
                        for (int j = 0; j < COLUMNS.size(); j++) {
                            Pair s = j == i ? p : same(COLUMNS.get(j).name());
                            l[j + 1] = s.left();
                            r[j + 1] = s.right();
                        }
                        probes.add(new Probe(name, beyond, l, r));
                        k++;
                    }
                }
            }
            return probes;
        }

        /** Equal values, each in its side's type. */
        Pair same(String name) {
            ColumnOptions o = options.get(name);
            return switch (name) {
                case "i" -> intPair(rnd.nextInt(1001) - 500);
                case "ib" -> {
                    int v = rnd.nextInt(1001) - 500;
                    yield new Pair(v, (long) v);
                }
                case "b" -> {
                    long v = BIG + rnd.nextInt(1_000_000);
                    yield new Pair(v, v);
                }
                case "dec" -> {
                    BigDecimal v = BigDecimal.valueOf(rnd.nextInt(2_000_001) - 1_000_000, 2);
                    yield new Pair(v.setScale(4), v);
                }
                case "nd" -> {
                    double v = (rnd.nextInt(3201) - 1600) / 4.0;
                    yield new Pair(BigDecimal.valueOf(v).setScale(3), v);
                }
                case "d" -> {
                    double v = (rnd.nextInt(16001) - 8000) / 8.0;
                    yield new Pair(v, v);
                }
                case "f" -> {
                    // A double that a float holds only approximately: equal at the float's precision.
                    double v = (rnd.nextInt(20001) - 10000) / 10.0;
                    yield new Pair((float) v, v);
                }
                case "s" -> {
                    String v = pick(rnd, "alpha", "Beta", "GAMMA", "caf\u00e9", "file", "A1", "x y");
                    yield new Pair(v, v);
                }
                case "dt" -> {
                    LocalDate v = LocalDate.of(2026, 11, 1).plusDays(rnd.nextInt(30));
                    yield new Pair(v, v);
                }
                case "dts" -> {
                    LocalDate v = LocalDate.of(2026, 11, 1).plusDays(rnd.nextInt(30));
                    yield new Pair(v, v.atStartOfDay(zone(o)).toInstant());
                }
                case "ts" -> {
                    Instant v = instant();
                    Instant l = o.leftTimeZone() == null
                            ? v
                            : LocalDateTime.ofInstant(v, zone(o)).toInstant(ZoneOffset.UTC);
                    yield new Pair(l, v);
                }
                case "ntz" -> {
                    Instant v = instant();
                    yield new Pair(LocalDateTime.ofInstant(v, zone(o)), v);
                }
                case "st" -> {
                    Instant v = instant();
                    yield new Pair(render(v, zone(o)), v);
                }
                default -> throw new IllegalArgumentException(name);
            };
        }

        private static Pair intPair(int v) {
            return new Pair(v, v);
        }

        /** Microseconds within ten days after {@link #T0}, away from any change of daylight saving time. */
        private Instant instant() {
            long micros = (long) (rnd.nextDouble() * 10 * 86_400_000_000L);
            if (rnd.nextInt(4) == 0) {
                micros -= micros % 1_000_000L; // whole seconds, as many exports write them
            }
            return T0.plus(micros, ChronoUnit.MICROS);
        }

        /** An instant as text in one of the forms an export writes, local ones in {@code zone}. */
        private String render(Instant v, ZoneId zone) {
            LocalDateTime local = LocalDateTime.ofInstant(v, zone);
            return switch (rnd.nextInt(4)) {
                case 0 -> local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
                case 1 ->
                    LocalDateTime.ofInstant(v, ZoneOffset.UTC)
                                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"))
                            + "Z";
                case 2 ->
                    LocalDateTime.ofInstant(v, ZoneOffset.ofHours(1))
                                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"))
                            + "+01:00";
                default ->
                    local.getNano() == 0 && local.toLocalTime().toSecondOfDay() == 0
                            ? local.toLocalDate().toString()
                            : local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"));
            };
        }

        /** A random difference: within a tolerance, on it, beyond it, or of a special kind. */
        Pair perturbed(String name) {
            if (rnd.nextInt(8) == 0) {
                // A NULL on one side or both.
                Pair s = same(name);
                return switch (rnd.nextInt(3)) {
                    case 0 -> new Pair(null, s.right());
                    case 1 -> new Pair(s.left(), null);
                    default -> new Pair(null, null);
                };
            }
            Pair special = special(name);
            if (special != null && rnd.nextBoolean()) {
                return special;
            }
            Pair p = delta(name, rnd.nextBoolean());
            return p == null ? same(name) : p;
        }

        /** Values of special kinds for the column's types, judged by the reference alone. */
        private Pair special(String name) {
            ColumnOptions o = options.get(name);
            return switch (name) {
                case "d", "nd", "f" -> {
                    double[] specials = {
                        Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, 0.125
                    };
                    double l = specials[rnd.nextInt(specials.length)];
                    double r = specials[rnd.nextInt(specials.length)];
                    if (name.equals("nd")) {
                        // A decimal has no NaN, infinity or negative zero: the left is a plain number.
                        yield new Pair(
                                BigDecimal.valueOf(rnd.nextBoolean() ? 0 : 1.5).setScale(3), r);
                    }
                    yield name.equals("f") ? new Pair((float) l, r) : new Pair(l, r);
                }
                case "s" -> {
                    String v = pick(rnd, "alpha", "Beta", "GAMMA", "caf\u00e9", "file", "A1", "x y");
                    String l = switch (rnd.nextInt(9)) {
                        case 0 -> "  " + v + " ";
                        case 1 -> rnd.nextBoolean() ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
                        case 2 -> Normalizer.normalize(v, Normalizer.Form.NFD);
                        case 3 -> v.replace("fi", "\ufb01").replace("A", "\uff21");
                        case 4 -> "\t" + v;
                        case 5 -> "\u00a0" + v;
                        case 6 -> pick(rnd, "", "   ");
                        case 7 -> " " + Normalizer.normalize(v.toUpperCase(Locale.ROOT), Normalizer.Form.NFD);
                        default -> v;
                    };
                    String r = rnd.nextInt(4) == 0 ? pick(rnd, null, "", " ") : v;
                    yield new Pair(l, r);
                }
                case "st" -> {
                    Instant v = instant();
                    String l = switch (rnd.nextInt(5)) {
                        case 0 -> pick(rnd, "", "  ", "n/a", "10:00:00", "2026-13-45 10:00:00");
                        case 1 -> " " + render(v, zone(o)) + " ";
                        case 2 -> render(v, zone(o)).toLowerCase(Locale.ROOT);
                        case 3 -> render(v, zone(o)).replace('-', '/');
                        default -> render(v, ZoneId.of("Asia/Tokyo"));
                    };
                    yield new Pair(l, rnd.nextInt(5) == 0 ? null : v);
                }
                case "dt" -> {
                    LocalDate v = LocalDate.of(2026, 11, 1).plusDays(rnd.nextInt(30));
                    yield new Pair(v, v.plusDays(rnd.nextBoolean() ? 1 : -1));
                }
                default -> null;
            };
        }

        /**
         * A difference meant to be beyond the column's tolerance, or within it (often exactly on it:
         * the README's comparison is inclusive); null when the column has no such difference here
         * (no tolerance to be within, or the options make the distance meaningless).
         */
        Pair delta(String name, boolean beyond) {
            ColumnOptions o = options.get(name);
            int sign = rnd.nextBoolean() ? 1 : -1;
            return switch (name) {
                case "i", "ib", "b" -> {
                    long r = name.equals("b")
                            ? BIG + rnd.nextInt(1_000_000)
                            : rnd.nextBoolean() ? 100L * (rnd.nextInt(11) - 5) : rnd.nextInt(1001) - 500;
                    BigDecimal allowed =
                            o.absTolOrZero().add(o.relTolOrZero().multiply(BigDecimal.valueOf(Math.abs(r))));
                    long floor = allowed.setScale(0, RoundingMode.FLOOR).longValueExact();
                    long d = beyond ? floor + 1 : rnd.nextBoolean() ? floor : rnd.nextInt((int) floor + 1);
                    if (d == 0) {
                        yield null;
                    }
                    long l = r + sign * d;
                    yield switch (name) {
                        case "i" -> new Pair((int) l, (int) r);
                        case "ib" -> new Pair((int) l, r);
                        default -> new Pair(l, r);
                    };
                }
                case "dec" -> {
                    BigDecimal r = BigDecimal.valueOf(rnd.nextInt(2_000_001) - 1_000_000, 2);
                    BigDecimal allowed = o.absTolOrZero().add(o.relTolOrZero().multiply(r.abs()));
                    BigDecimal step = new BigDecimal("0.0001");
                    BigDecimal d = beyond ? allowed.add(step) : rnd.nextBoolean() ? allowed : allowed.subtract(step);
                    if (d.signum() <= 0) {
                        yield null;
                    }
                    yield new Pair(r.add(d.multiply(BigDecimal.valueOf(sign))).setScale(4), r);
                }
                case "nd", "d", "f" -> {
                    // Multiples of 1/8 and tolerances of 1/4 and 1/2: every sum and distance is exact.
                    double r = (rnd.nextInt(3201) - 1600) / 4.0;
                    double allowed =
                            o.absTolOrZero().doubleValue() + o.relTolOrZero().doubleValue() * Math.abs(r);
                    double d = beyond ? allowed + 0.125 : rnd.nextBoolean() ? allowed : allowed - 0.125;
                    if (d <= 0 || r == 0) {
                        yield null;
                    }
                    double l = r + sign * d;
                    yield switch (name) {
                        case "nd" -> new Pair(BigDecimal.valueOf(l).setScale(3), r);
                        case "f" -> new Pair((float) l, r);
                        default -> new Pair(l, r);
                    };
                }
                case "s" -> {
                    if (!beyond) {
                        yield null;
                    }
                    String v = pick(rnd, "alpha", "Beta", "GAMMA", "caf\u00e9");
                    yield new Pair(v + "x", v);
                }
                case "dt" -> null;
                case "dts", "ts", "ntz", "st" -> {
                    if (o.truncate() != null) {
                        // The distance after truncation depends on where each value falls in its unit.
                        yield null;
                    }
                    long tol = o.timeToleranceMicros();
                    long d = beyond ? tol + 1 : rnd.nextBoolean() ? tol : rnd.nextLong(tol + 1);
                    if (d == 0) {
                        yield null;
                    }
                    Pair s = same(name);
                    Instant r = ((Instant) s.right()).plus(sign * d, ChronoUnit.MICROS);
                    yield new Pair(s.left(), r);
                }
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }

    private static BigDecimal pickDecimal(Random rnd, String... values) {
        String v = pick(rnd, values);
        return v == null ? null : new BigDecimal(v);
    }
}
