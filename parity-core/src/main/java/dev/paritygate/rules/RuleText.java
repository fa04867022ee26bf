package dev.paritygate.rules;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The text of a rules file, refused before any YAML is parsed when it is too long to be a rule.
 *
 * <p>The YAML reader stops at {@link #MAX_CHARACTERS}, and reads a long run of text without a blank
 * in time that grows with the square of its length: it copies what it has not yet consumed each
 * time it reads 1024 more characters. A 4 MB value took 20 s to reject and a 1 MB one loaded after
 * 5 s, once for each of the several parses a file gets. Measuring the text first costs one pass and
 * names the line of the value that was pasted in by mistake.
 */
final class RuleText {
    /** The YAML reader's own limit (SnakeYAML's code point limit), so that it is never the one met. */
    static final int MAX_CHARACTERS = new LoaderOptions().getCodePointLimit();

    /**
     * The longest line a rule may hold. A one-line query or schema of a wide table fits; the reader
     * still reads a line this long in a few milliseconds.
     */
    static final int MAX_LINE = 131_072;

    /** A UTF-8 character takes at most four bytes: a longer file cannot hold fewer characters. */
    private static final long MAX_BYTES = 4L * MAX_CHARACTERS;

    /** How much of an over-long line the error quotes, so the user can find it. */
    private static final int QUOTED = 40;

    private RuleText() {}

    /** The file's text, refused unread when its size alone shows it too long. */
    static String read(Path file) {
        try {
            long bytes = Files.size(file);
            if (bytes > MAX_BYTES) {
                throw ParityErrors.invalidRule(
                        file.toString(),
                        "the file is longer than the " + MAX_CHARACTERS + " characters a rules file may hold (it"
                                + " holds " + bytes + " bytes)",
                        LONG_FILE_FIX);
            }
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw ParityErrors.cannotReadRules(
                    file.toString(), "the file is not UTF-8 text", "Save the rules file as UTF-8", e);
        } catch (IOException e) {
            throw ParityErrors.cannotReadRules(
                    file.toString(),
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    "Check that the file exists and is readable",
                    e);
        }
    }

    private static final String LONG_FILE_FIX =
            "A rule is a few kilobytes: look for a value or list pasted in by mistake";

    /**
     * Each line longer than {@link #MAX_LINE}, at its line; and the file, at the place its {@link
     * #MAX_CHARACTERS}th character falls, when it is too long even without those lines (else they
     * are the cause, and fixing them fixes it). Lines are counted as the YAML reader counts them.
     */
    static List<ParityException> problems(String yaml, Path file) {
        RuleOrigin origin = RuleOrigin.of(file);
        Measure m = measure(yaml);
        List<ParityException> problems = new ArrayList<>();
        for (LongLine l : m.longLines()) {
            problems.add(longLine(origin, l, yaml));
        }
        if (m.charactersOutsideLongLines() > MAX_CHARACTERS) {
            problems.add(origin.invalidRule(
                    m.limitLine(),
                    m.limitColumn(),
                    "",
                    "the file is longer than the " + MAX_CHARACTERS + " characters a rules file may hold (it holds "
                            + m.characters() + ")",
                    LONG_FILE_FIX));
        }
        return problems;
    }

    /**
     * The text with each over-long line left empty, so that the rest (a bad file's {@code pipeline:}
     * name) can be read in time; empty when the rest is still too long.
     */
    static Optional<String> withoutLongLines(String yaml) {
        Measure m = measure(yaml);
        if (m.charactersOutsideLongLines() > MAX_CHARACTERS) {
            return Optional.empty();
        }
        StringBuilder kept = new StringBuilder(yaml.length());
        int from = 0;
        for (LongLine l : m.longLines()) {
            kept.append(yaml, from, l.start());
            from = l.end();
        }
        return Optional.of(kept.append(yaml, from, yaml.length()).toString());
    }

    /** A line longer than {@link #MAX_LINE}: its number, its text's char range, its length in characters. */
    private record LongLine(int line, int start, int end, long length) {}

    /**
     * @param limitLine the line of the character past {@link #MAX_CHARACTERS}, or 0
     * @param limitColumn its column
     */
    private record Measure(
            List<LongLine> longLines,
            long characters,
            long charactersOutsideLongLines,
            int limitLine,
            int limitColumn) {}

    private static Measure measure(String yaml) {
        List<LongLine> longLines = new ArrayList<>();
        long characters = 0;
        long inLongLines = 0;
        int line = 1;
        int lineStart = 0;
        int lineLength = 0;
        int limitLine = 0;
        int limitColumn = 0;
        for (int i = 0; i <= yaml.length(); i++) {
            boolean end = i == yaml.length();
            char c = end ? '\n' : yaml.charAt(i);
            if (isBreak(c)) {
                if (lineLength > MAX_LINE) {
                    longLines.add(new LongLine(line, lineStart, i, lineLength));
                    inLongLines += lineLength;
                }
                if (c == '\r' && i + 1 < yaml.length() && yaml.charAt(i + 1) == '\n') {
                    i++;
                }
                if (!end) {
                    characters++;
                    line++;
                }
                lineStart = i + 1;
                lineLength = 0;
            } else if (!Character.isLowSurrogate(c) || i == 0 || !Character.isHighSurrogate(yaml.charAt(i - 1))) {
                // A character outside the Basic Multilingual Plane is two chars and one character.
                characters++;
                lineLength++;
            }
            if (limitLine == 0 && characters > MAX_CHARACTERS) {
                limitLine = line;
                limitColumn = Math.max(lineLength, 1);
            }
        }
        return new Measure(longLines, characters, characters - inLongLines, limitLine, limitColumn);
    }

    /** Line breaks as YAML 1.1, and so the YAML reader, counts them; CR LF is one. */
    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static ParityException longLine(RuleOrigin origin, LongLine l, String yaml) {
        int from = l.start();
        while (from < l.end() && Character.isWhitespace(yaml.charAt(from))) {
            from++;
        }
        String quoted = l.end() - from > QUOTED
                ? yaml.substring(from, from + QUOTED) + "..."
                : yaml.substring(from, l.end()).strip();
        return origin.invalidRule(
                l.line(),
                0,
                "",
                "the line is " + l.length() + " characters long, more than the " + MAX_LINE
                        + " a line of a rules file may hold (it starts '" + quoted + "')",
                "A rule's values are short: look for a value pasted in by mistake, and write a long query over"
                        + " several lines ('query: |')");
    }
}
