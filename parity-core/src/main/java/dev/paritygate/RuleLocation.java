package dev.paritygate;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where in a rules file an error was found, as its message names it: {@code rules/orders.yaml:14:5}.
 * A {@link ParityException} carries it, so that a caller can sort or link errors without reading
 * the message back.
 *
 * @param file the rules file, as it was named when loaded (relative paths stay relative)
 * @param line the 1-based line
 * @param column the 1-based column, or 0 when only the line is known (a key whose value a check
 *     rejected is named by its line)
 */
public record RuleLocation(String file, int line, int column) implements Serializable {
    public RuleLocation {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("Invalid line " + line + ": lines count from 1");
        }
        if (column < 0) {
            throw new IllegalArgumentException(
                    "Invalid column " + column + ": columns count from 1, and 0 means unknown");
        }
    }

    /** This location followed by {@code keyPath} in parentheses; the location alone for no key path. */
    public String describe(String keyPath) {
        return keyPath == null || keyPath.isEmpty() ? toString() : this + " (" + keyPath + ")";
    }

    /** {@code file:line:column}, or {@code file:line} when the column is unknown. */
    @Override
    public String toString() {
        return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
