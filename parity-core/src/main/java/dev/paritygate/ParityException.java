package dev.paritygate;

import java.util.Optional;

/**
 * A user error: a bad rules file, a missing table or column, an unreadable source. The message
 * states the problem, its cause and the fix. Created only by {@link ParityErrors}.
 *
 * <p>An error at a line of a rules file also carries that place as data: see {@link #location()}.
 */
public final class ParityException extends RuntimeException {
    private final Kind kind;
    private final RuleLocation location;

    /** What went wrong, so a caller (the CLI) can map it to an exit code. */
    public enum Kind {
        /** The rules file or the command line is wrong: exit code 2. */
        USAGE,
        /** A source or table could not be read or a check could not be evaluated: exit code 3. */
        EVALUATION
    }

    ParityException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    ParityException(Kind kind, String message, Throwable cause, RuleLocation location) {
        super(message, cause);
        this.kind = kind;
        this.location = location;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The file, line and (when known) column of the rules file that the message names, such as
     * {@code rules/orders.yaml:14:5} in "Invalid rule at rules/orders.yaml:14:5 (checks.key_diff):
     * ...". Empty when the error names no line: a rules error that names only the file (a required
     * key that is missing), several rules errors reported together (each of {@link #getSuppressed()}
     * carries its own), and every error that is not about a rules file.
     */
    public Optional<RuleLocation> location() {
        return Optional.ofNullable(location);
    }
}
