package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of rules-file loading: each valid example (the files under {@code rules/}, the
 * README's complete example and its {@code _defaults.yaml}) is mutated once at a time (a key deleted, duplicated or
 * re-indented, a value replaced by one of another shape, YAML anchors, tabs, a BOM, a byte that is
 * not UTF-8, ...) and loaded with {@link RuleLoader#load(Path, SchemaDdl)} and {@link
 * RuleLoader#loadEach}. Loading must succeed or fail with a rules error (USAGE) that names the file
 * and, unless it says why it cannot (the file is empty or not UTF-8, a required key is missing), a
 * line of it: never another exception, which would reach the user as an internal error.
 *
 * <p>The seed is fixed, so a failure repeats; the message names the mutation and the mutated text.
 */
class RuleFuzzTest {
    private static final long SEED = 20261128L;
    private static final int MUTATIONS_PER_FILE = 200;

    /** An option key, a line of {@code key: value} or {@code - key: value}, and what follows the colon. */
    private static final Pattern KEY_LINE =
            Pattern.compile("^( *)(- +)?([A-Za-z_][A-Za-z0-9_]*|\"[^\"]*\")( *):(?: +(.*))?$");

    /** Class and setting names of the YAML and JSON libraries, which mean nothing to a rule's author. */
    private static final Pattern LIBRARY_WORDS =
            Pattern.compile("org\\.yaml|com\\.fasterxml|snakeyaml|jackson|StreamReadConstraints|Event\\(");

    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.]*(?: *#.*)?");

    /** Values of every shape and awkward kind, for any key. */
    private static final List<String> VALUES = List.of(
            "[a, b]",
            "[]",
            "{a: 1}",
            "{}",
            "42",
            "-1",
            "0",
            "-0.0",
            "1.5",
            "1e400",
            "-1e400",
            "1e-400",
            "99999999999999999999999999999",
            "2147483648",
            "-9223372036854775809",
            "0x1F",
            "0o17",
            "1_000",
            ".nan",
            ".NaN",
            "-.inf",
            "NaN",
            "Infinity",
            "true",
            "false",
            "yes",
            "off",
            "\"\"",
            "''",
            "null",
            "~",
            "",
            "bogus_value",
            "BLOCKING",
            "\"ü日本語🙂\u200b\"",
            "ü日本語🙂",
            "\"\\u0000\"",
            "\"\\t\"",
            "!!binary aGVsbG8=",
            "!!str 12",
            "!!int 12",
            "!!float 1.0",
            "!!timestamp 2026-11-20",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!custom 1",
            "2026-11-20",
            "12:30:00",
            "P1D",
            "500ms",
            "-500ms",
            "0ms",
            "99999999999999d",
            "${run_date}",
            "${nope}",
            "|\n  block\n  text",
            ">-\n  folded",
            "\"multi\\nline\"",
            "? complex key",
            "[a, [b, [c]]]",
            "[{a: 1}, {b: 2}]",
            "- a\n- b",
            "*undefined_alias",
            "&anchor value",
            "[unclosed",
            "{unclosed: 1",
            "a: b: c",
            "x, y",
            "'it''s'",
            "%directive",
            "@reserved",
            "`backtick",
            "#comment only");

    /** Values at the edge of what a kind of key takes, by the key's name. */
    private static final Map<Pattern, List<String>> EDGE_VALUES = Map.of(
            Pattern.compile(".*time_tolerance"),
            List.of(
                    "PT9999999999H",
                    "PT2562047788H",
                    "99999999999999999999d",
                    "1e3ms",
                    "-1s",
                    "PT-1S",
                    "0s",
                    "P1D",
                    "1.5.5s",
                    "s",
                    "9223372036854775807us"),
            Pattern.compile(".*_rate|.*rel_tol|.*abs_tol|max_distance"),
            List.of("1e30", "-0.0", "1e-400", "1e400", "0.1e-30", "-1", "123456789012345678901234567890.5"),
            Pattern.compile(".*time_zone"),
            List.of("\"+99:00\"", "Mars/Olympus", "\"\"", "UTC+25", "GMT+14", "Z"),
            Pattern.compile("minutes|required_streak|buckets|segments|max_rows|k|lower_bound|upper_bound|num_partitions"
                    + "|fetch_size|max_mismatch_count|warn_mismatch_count|waiver_expiry_days"),
            List.of("2147483647", "2147483648", "-2147483648", "9223372036854775807", "9223372036854775808", "0", "-1"),
            Pattern.compile("severity|mode|format|truncate|unicode"),
            List.of("bogus", "BLOCKİNG", "\"\"", "blocking ", "[blocking]"),
            Pattern.compile("business_days|change_windows"),
            List.of("[funday]", "[]", "[monday, monday]", "monday", "[1]"),
            Pattern.compile("allow_type_changes"),
            List.of("[\"->\"]", "[\"int->\"]", "[\"a->b->c\"]", "[\"*->*\"]", "[\"decimal(99,99)->double\"]"),
            Pattern.compile("filter|where|expr|table|query|path"),
            List.of("\"${run_date\"", "\"${}\"", "\"$${run_date}\"", "\"${RUN_DATE}\"", "\"(\"", "\" \""));

    /** Valid keys of the rules records, inserted where they may or may not belong. */
    private static final List<String> KEYS = List.of(
            "schema",
            "time_zone",
            "query",
            "table",
            "path",
            "format",
            "options",
            "transforms",
            "jdbc",
            "severity",
            "enabled",
            "mode",
            "abs_tol",
            "rel_tol",
            "warn_abs_tol",
            "warn_rel_tol",
            "time_tolerance",
            "warn_time_tolerance",
            "truncate",
            "unicode",
            "views",
            "legacy_table",
            "cloud_table",
            "business_days",
            "change_windows",
            "required_streak",
            "buckets",
            "segments",
            "rename",
            "where",
            "k",
            "max_distance",
            "expr",
            "metrics",
            "group_by",
            "minutes",
            "hours",
            "days",
            "column",
            "upstream",
            "pipeline",
            "key",
            "left",
            "right",
            "<<");

    private static final Path UPSTREAM = Path.of("customers.yaml");

    @TempDir
    Path dir;

    private record Sample(String name, String yaml) {}

    /** One mutated file: what was done, and the bytes written. */
    private record Mutant(String what, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyMutationOfTheExampleRulesLoadsOrIsALocatedRulesErrorNeverAnInternalError() throws IOException {
        List<Sample> samples = samples();
        Random random = new Random(SEED);
        List<String> escapes = new ArrayList<>();
        int loaded = 0;
        int rejected = 0;
        for (Sample sample : samples) {
            // The unmutated examples load: a failure below is the mutation's.
            assertThat(run(sample, text("none", sample.yaml()), escapes)).isTrue();
            for (Mutant mutant : fixedMutants(sample)) {
                boolean ok = run(sample, mutant, escapes);
                loaded += ok ? 1 : 0;
                rejected += ok ? 0 : 1;
            }
            for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                boolean ok = run(sample, mutate(sample.yaml(), random), escapes);
                loaded += ok ? 1 : 0;
                rejected += ok ? 0 : 1;
            }
        }
        assertThat(escapes)
                .as("mutations that escaped as internal or unlocated errors")
                .isEmpty();
        // Both outcomes occur, so the mutations neither all break the YAML nor all miss.
        assertThat(loaded).isPositive();
        assertThat(rejected).isPositive();
    }

    /** The valid examples: each file under {@code rules/}, and the README's complete example. */
    private static List<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String name : List.of("customers.yaml", "orders.yaml")) {
            samples.add(new Sample(name, Files.readString(Path.of("..", "rules", name))));
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### A complete example");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        samples.add(new Sample("orders.yaml", readme.substring(start, readme.indexOf("```\n", start))));
        // The README's project defaults, with every other gate key its table lists.
        int defaults = readme.indexOf("# rules/_defaults.yaml\n");
        samples.add(new Sample(
                RuleLoader.DEFAULTS_FILE,
                readme.substring(defaults, readme.indexOf("```\n", defaults))
                        + "  business_days: [monday, tuesday, wednesday, thursday, friday]\n"
                        + "  waiver_expiry_days: 30\n  time_zone: Europe/Berlin\n  views:\n"
                        + "    - name: bi.customers\n      legacy_table: legacy.customers\n"
                        + "      cloud_table: lake.customers\n"));
        return samples;
    }

    /** The whole-file mutations, once per sample. */
    private static List<Mutant> fixedMutants(Sample sample) {
        String yaml = sample.yaml();
        List<Mutant> out = new ArrayList<>();
        out.add(text("empty file", ""));
        out.add(text("only whitespace", "   \n\n  \n"));
        out.add(text(
                "only comments",
                yaml.lines().filter(l -> l.startsWith("#")).map(l -> l + "\n").reduce("# x\n", String::concat)));
        out.add(text("BOM", "\uFEFF" + yaml));
        out.add(text("two BOMs", "\uFEFF\uFEFF" + yaml));
        out.add(text("document start", "---\n" + yaml));
        out.add(text("document end", yaml + "...\n"));
        out.add(text("two documents", yaml + "---\n" + yaml));
        out.add(text("CRLF line ends", yaml.replace("\n", "\r\n")));
        out.add(text("CR line ends", yaml.replace("\n", "\r")));
        out.add(text("no final newline", yaml.strip()));
        out.add(text("top-level list", "- " + yaml.replace("\n", "\n  ")));
        out.add(text("top-level scalar", "just text\n"));
        out.add(text("top-level null", "~\n"));
        out.add(text("tabs for indentation", yaml.replace("  ", "\t")));
        out.add(text("deep flow nesting", "pipeline: x\nkey: " + "[".repeat(1001) + "]".repeat(1001) + "\n"));
        out.add(text("deep block nesting", deepBlock(300)));
        out.add(text("long key", "a".repeat(20_000) + ": 1\n" + yaml));
        out.add(text("alias of an undefined anchor", yaml + "extra: *nowhere\n"));
        out.add(text("complex key", yaml + "? [a, b]\n: c\n"));
        out.add(text(
                "complex key in a mapping",
                yaml.replaceFirst("\ncolumns:\n", "\ncolumns:\n  ? {a: 1}\n  : {abs_tol: 1}\n")));
        out.add(text("merge key", yaml.replaceFirst("\nright:\n", "\nright:\n  <<: {format: parquet}\n")));
        String anchored = anchorSide(yaml);
        out.add(text(anchored.contains("*side") ? "anchor and alias of a side" : "anchor", anchored));
        out.add(text("billion laughs", laughs()));
        out.add(text("NUL byte", yaml.replaceFirst("\n", "\u0000\n")));
        out.add(text("control character", yaml.replaceFirst("\n", "\u0007\n")));
        out.add(text("lone surrogate escape", yaml + "description2: \"\\uD800\"\n"));
        byte[] utf8 = yaml.getBytes(StandardCharsets.UTF_8);
        out.add(new Mutant("UTF-16", yaml.getBytes(StandardCharsets.UTF_16)));
        out.add(new Mutant("Latin-1 é", ("# café\n" + yaml).getBytes(StandardCharsets.ISO_8859_1)));
        out.add(new Mutant("0xFF first", concat(new byte[] {(byte) 0xFF}, utf8)));
        out.add(new Mutant("truncated UTF-8 sequence last", concat(utf8, new byte[] {(byte) 0xE2, (byte) 0x82})));
        return out;
    }

    private static String anchorSide(String yaml) {
        String anchored = yaml.replaceFirst("\nleft:\n", "\nleft: &side\n");
        Matcher right = Pattern.compile("\nright:\n((?:  .*\n)+)").matcher(anchored);
        return right.find()
                ? anchored.substring(0, right.start()) + "\nright: *side\n" + anchored.substring(right.end())
                : anchored;
    }

    private static String deepBlock(int depth) {
        StringBuilder yaml =
                new StringBuilder("pipeline: x\nleft: {table: a}\nright: {table: b}\nkey: [id]\ncolumns:\n");
        for (int i = 1; i <= depth; i++) {
            yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        yaml.append("  ".repeat(depth + 1)).append("v: 1\n");
        return yaml.toString();
    }

    private static String laughs() {
        StringBuilder yaml = new StringBuilder("pipeline: x\nleft: {table: a}\nright: {table: b}\nkey: [id]\n");
        yaml.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** One random mutation of {@code yaml}. */
    private static Mutant mutate(String yaml, Random random) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        List<Integer> keyLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (KEY_LINE.matcher(lines.get(i)).matches()) {
                keyLines.add(i);
            }
        }
        int at = keyLines.get(random.nextInt(keyLines.size()));
        Matcher key = KEY_LINE.matcher(lines.get(at));
        assertThat(key.matches()).isTrue();
        String where = "line " + (at + 1) + " '" + lines.get(at).strip() + "'";
        switch (random.nextInt(16)) {
            case 0, 1 -> {
                deleteKey(lines, at, key);
                return text("delete key at " + where, lines);
            }
            case 2, 3, 4, 5 -> {
                String value = VALUES.get(random.nextInt(VALUES.size()));
                replaceValue(lines, at, key, value);
                return text("value " + abbreviate(value) + " at " + where, lines);
            }
            case 6 -> {
                String value = random.nextBoolean() ? "x".repeat(20_000) : "ü日本語🙂".repeat(3_000);
                replaceValue(lines, at, key, value);
                return text("very long value at " + where, lines);
            }
            case 7 -> {
                int end = blockEnd(lines, at, key);
                List<String> copy = new ArrayList<>(lines.subList(at, end));
                copy.set(0, copy.get(0).replaceFirst("- ", "  "));
                lines.addAll(end, copy);
                return text("duplicate key at " + where, lines);
            }
            case 8 -> {
                int line = random.nextInt(lines.size());
                int shift = List.of(-4, -2, -1, 1, 2, 4).get(random.nextInt(6));
                lines.set(line, shift > 0 ? " ".repeat(shift) + lines.get(line) : dedent(lines.get(line), -shift));
                return text("indent " + shift + " at line " + (line + 1), lines);
            }
            case 9 -> {
                int line = random.nextInt(lines.size());
                String l = lines.get(line);
                lines.set(line, random.nextBoolean() ? "\t" + l.stripLeading() : l.replaceFirst(": ", ":\t"));
                return text("tab at line " + (line + 1), lines);
            }
            case 10 -> {
                List<String> edge = EDGE_VALUES.entrySet().stream()
                        .filter(e -> e.getKey().matcher(key.group(3)).matches())
                        .flatMap(e -> e.getValue().stream())
                        .toList();
                if (!edge.isEmpty()) {
                    String value = edge.get(random.nextInt(edge.size()));
                    replaceValue(lines, at, key, value);
                    return text("edge value " + value + " at " + where, lines);
                }
                String value = key.group(5);
                if (value != null && NUMBER.matcher(value).matches()) {
                    String number = List.of(
                                    "-1",
                                    "0",
                                    "-0",
                                    "1e400",
                                    "99999999999999999999",
                                    "2147483648",
                                    ".nan",
                                    "-.inf",
                                    "1e-400",
                                    "0.00000000000000000000001",
                                    "-0.0001")
                            .get(random.nextInt(11));
                    replaceValue(lines, at, key, number);
                    return text("number " + number + " at " + where, lines);
                }
                replaceValue(lines, at, key, "not_a_known_value");
                return text("unknown value at " + where, lines);
            }
            case 11 -> {
                // A list where a mapping is written, and a mapping where a list is.
                int end = blockEnd(lines, at, key);
                if (end > at + 1) {
                    String indent = " ".repeat(keyColumn(key) + 2);
                    List<String> items = new ArrayList<>();
                    for (String child : lines.subList(at + 1, end)) {
                        items.add(indent + "- " + child.strip());
                    }
                    lines.subList(at + 1, end).clear();
                    lines.addAll(at + 1, items);
                    return text("block as list at " + where, lines);
                }
                String value = key.group(5);
                if (value != null && value.startsWith("[")) {
                    replaceValue(
                            lines,
                            at,
                            key,
                            "{" + value.substring(1, value.lastIndexOf(']')).replace(",", ": 1,") + ": 1}");
                    return text("list as mapping at " + where, lines);
                }
                replaceValue(lines, at, key, "[" + (value == null ? "" : value) + "]");
                return text("value in a list at " + where, lines);
            }
            case 12 -> {
                // An anchor on this value, its alias on another key's.
                int other = keyLines.get(random.nextInt(keyLines.size()));
                Matcher second = KEY_LINE.matcher(lines.get(other));
                assertThat(second.matches()).isTrue();
                String value = key.group(5);
                lines.set(at, prefix(key) + "&a " + (value == null ? "" : value));
                if (other == at) {
                    return text("anchor at " + where, lines);
                }
                replaceValue(lines, other, second, "*a");
                return text("anchor at " + where + ", alias at line " + (other + 1), lines);
            }
            case 13 -> {
                String inserted =
                        KEYS.get(random.nextInt(KEYS.size())) + ": " + VALUES.get(random.nextInt(VALUES.size()));
                lines.add(at + 1, " ".repeat(keyColumn(key)) + inserted);
                return text("insert '" + abbreviate(inserted) + "' after " + where, lines);
            }
            case 14 -> {
                lines.set(at, lines.get(at).replaceFirst(Pattern.quote(key.group(3)), "ü" + key.group(3) + "🙂"));
                return text("unicode key at " + where, lines);
            }
            default -> {
                byte[] bytes = String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8);
                int pos = random.nextInt(bytes.length);
                byte bad = List.of((byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0xFE)
                        .get(random.nextInt(4));
                return new Mutant(
                        "byte " + String.format("0x%02X", bad) + " at offset " + pos,
                        concat(
                                Arrays.copyOf(bytes, pos),
                                concat(new byte[] {bad}, Arrays.copyOfRange(bytes, pos, bytes.length))));
            }
        }
    }

    private static String prefix(Matcher key) {
        return key.group(1) + (key.group(2) == null ? "" : key.group(2)) + key.group(3) + ": ";
    }

    /** The column the key starts at. */
    private static int keyColumn(Matcher key) {
        return key.group(1).length() + (key.group(2) == null ? 0 : key.group(2).length());
    }

    /** The line after the key's block: the lines indented deeper than the key. */
    private static int blockEnd(List<String> lines, int at, Matcher key) {
        int column = keyColumn(key);
        int end = at + 1;
        while (end < lines.size()) {
            String line = lines.get(end);
            int indent = line.length() - line.stripLeading().length();
            if (!line.isBlank() && indent <= column) {
                break;
            }
            end++;
        }
        return end;
    }

    private static void deleteKey(List<String> lines, int at, Matcher key) {
        int end = blockEnd(lines, at, key);
        lines.subList(at, end).clear();
        if (key.group(2) != null && at < lines.size()) {
            // '- name: x' lost its first key: the next key of the item takes the dash.
            String next = lines.get(at);
            int indent = next.length() - next.stripLeading().length();
            if (indent == keyColumn(key) && !next.isBlank()) {
                lines.set(at, key.group(1) + key.group(2) + next.stripLeading());
            }
        }
    }

    private static void replaceValue(List<String> lines, int at, Matcher key, String value) {
        int end = blockEnd(lines, at, key);
        lines.subList(at + 1, end).clear();
        String indent = " ".repeat(keyColumn(key) + 2);
        lines.set(at, prefix(key) + value.replace("\n", "\n" + indent));
    }

    private static String dedent(String line, int by) {
        int indent = line.length() - line.stripLeading().length();
        return line.substring(Math.min(by, indent));
    }

    private static Mutant text(String what, List<String> lines) {
        return text(what, String.join("\n", lines) + "\n");
    }

    private static Mutant text(String what, String yaml) {
        return new Mutant(what, yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }

    /**
     * Loads the mutant in a directory of its own (beside the pipeline it names upstream), as a directory and file by file; adds an
     * escape for each outcome that is neither a load nor a located rules error. True when it loads.
     */
    private boolean run(Sample sample, Mutant mutant, List<String> escapes) throws IOException {
        Path rules = Files.createTempDirectory(dir, "rules");
        Path file = rules.resolve(sample.name());
        Files.write(file, mutant.bytes());
        if (!sample.name().equals(UPSTREAM.getFileName().toString())) {
            // The orders examples name customers upstream: a directory without it is invalid as a whole.
            Files.writeString(
                    rules.resolve(UPSTREAM), "pipeline: customers\nleft: {table: a}\nright: {table: b}\nkey: [id]\n");
        }
        boolean loads = false;
        try {
            RuleSet set = RuleLoader.load(rules, SCHEMA_DDL);
            set.rules().forEach(r -> use(r.rule()));
            loads = true;
            if (mutant.what().contains("alias")) {
                // The YAML parser reads an alias as its anchor's name: loaded, the rule says something else.
                escapes.add("load read an alias as text: " + describe(mutant));
            }
        } catch (Throwable t) {
            escape("load", mutant, t, escapes);
        }
        try {
            RuleFiles files = RuleLoader.loadEach(rules, SCHEMA_DDL, SQL);
            files.valid().rules().forEach(r -> use(r.rule()));
            files.invalid().forEach(f -> escape("loadEach", mutant, f.error(), escapes));
            if (!files.allValid()) {
                escape("loadEach", mutant, files.error(), escapes);
            }
            if (!loads && files.allValid()) {
                escapes.add("loadEach accepts what load rejects: " + describe(mutant));
            }
        } catch (Throwable t) {
            escape("loadEach", mutant, t, escapes);
        }
        return loads;
    }

    /**
     * What a run computes from a loaded rule before reading data: a rule that loads must not fail
     * here, where a rules error is no longer expected.
     */
    private static void use(Rule rule) {
        RulesFingerprint.of(rule);
        rule.gate().zone();
        long rows = 1_000_000_000_000L;
        MismatchTolerance keyDiff = rule.checks().keyDiff().mismatchTolerance();
        keyDiff.allowed(rows);
        if (keyDiff.hasWarnBand()) {
            keyDiff.warnAllowed(rows);
        }
        rule.columns().forEach((name, options) -> {
            options.timeToleranceMicros();
            MismatchTolerance column = rule.checks().columns().mismatchTolerance(name, rule.columnOptions(name));
            column.allowed(rows);
            if (column.hasWarnBand()) {
                column.warnAllowed(rows);
            }
        });
        rule.kpis()
                .forEach(kpi -> kpi.metrics().values().forEach(metric -> {
                    metric.timeToleranceMicros();
                    metric.warnTimeToleranceMicros();
                }));
    }

    /** Records {@code t} as an escape unless it is a rules error naming a file and (if it can) a line. */
    private static void escape(String how, Mutant mutant, Throwable t, List<String> escapes) {
        if (!(t instanceof ParityException p) || p.kind() != ParityException.Kind.USAGE) {
            escapes.add(how + " threw " + t + " " + stackTop(t) + " for " + describe(mutant));
            return;
        }
        List<ParityException> leaves = new ArrayList<>();
        if (p.getSuppressed().length == 0) {
            leaves.add(p);
        }
        for (Throwable s : p.getSuppressed()) {
            if (!(s instanceof ParityException e)) {
                escapes.add(how + " suppressed " + s + " for " + describe(mutant));
                return;
            }
            if (e.getSuppressed().length == 0) {
                leaves.add(e);
            }
            for (Throwable inner : e.getSuppressed()) {
                leaves.add((ParityException) inner);
            }
        }
        for (ParityException leaf : leaves) {
            String message = leaf.getMessage();
            if (LIBRARY_WORDS.matcher(message).find()) {
                escapes.add(how + " speaks the parser's words: " + message + " for " + describe(mutant));
            }
            if (!message.contains(".yaml")) {
                escapes.add(how + " names no file: " + message + " for " + describe(mutant));
            }
            Optional<RuleLocation> location = leaf.location();
            if (location.isPresent()) {
                if (!message.contains(location.get().toString())) {
                    escapes.add(how + " location not in message: " + message + " for " + describe(mutant));
                }
            } else if (!saysWhyItHasNoLine(message)) {
                escapes.add(how + " unlocated: " + abbreviate(message, 300) + " for " + describe(mutant));
            }
        }
    }

    /** The errors that name no line, with reason: the file as a whole, or a key that is not written. */
    private static boolean saysWhyItHasNoLine(String message) {
        return message.startsWith("Cannot read rules from ")
                || message.contains(": the file is empty")
                || message.contains(": missing required key ");
    }

    private static String stackTop(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(6, stack.length); i++) {
            out.append("\n      at ").append(stack[i]);
        }
        return out.toString();
    }

    private static String describe(Mutant mutant) {
        String text = mutant.text();
        return "[" + mutant.what() + "]\n" + abbreviate(text, 1500).indent(4);
    }

    private static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    /** Refuses a schema with unbalanced parentheses, as Spark's parser would, at the key's line. */
    private static final SchemaDdl SCHEMA_DDL =
            ddl -> balanced(ddl) ? Optional.empty() : Optional.of("unbalanced parentheses");

    /**
     * The rule's SQL keys checked as {@code SparkRuleSql} checks them (placeholder filled, then
     * parsed), with a parse that only balances parentheses: what matters is that every key's error
     * is located through the rule's origin.
     */
    private static final Function<LoadedRule, List<ParityException>> SQL = loaded -> {
        Rule rule = loaded.rule();
        List<ParityException> out = new ArrayList<>();
        List<String[]> sql = new ArrayList<>();
        sql.add(new String[] {"where", rule.where()});
        for (String side : List.of("left", "right")) {
            SourceSpec spec = side.equals("left") ? rule.left() : rule.right();
            sql.add(new String[] {side + ".filter", spec.filter()});
            sql.add(new String[] {side + ".query", spec.query()});
            sql.add(new String[] {side + ".table", spec.table()});
            spec.transforms().forEach((column, expr) -> sql.add(new String[] {side + ".transforms." + column, expr}));
        }
        for (int i = 0; i < rule.kpis().size(); i++) {
            int k = i;
            rule.kpis()
                    .get(i)
                    .metrics()
                    .forEach((name, metric) ->
                            sql.add(new String[] {"kpis[" + k + "].metrics." + name + ".expr", metric.expr()}));
        }
        for (String[] keyAndSql : sql) {
            String text = keyAndSql[1];
            if (text != null && !text.isBlank() && !balanced(RunDate.substitute(text, LocalDate.of(2000, 1, 1)))) {
                out.add(ParityErrors.unparsableRuleSql(
                        loaded.origin(), keyAndSql[0], text, "unbalanced parentheses", "Fix the SQL"));
            }
        }
        return out;
    };

    private static boolean balanced(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
