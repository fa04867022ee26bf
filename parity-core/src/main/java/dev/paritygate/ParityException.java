package dev.paritygate;

/**
 * A user error: a bad rules file, a missing table or column, an unreadable source. The message
 * states the problem, its cause and the fix. Created only by {@link ParityErrors}.
 */
public final class ParityException extends RuntimeException {
    private final Kind kind;

    /** What went wrong, so a caller (the CLI) can map it to an exit code. */
    public enum Kind {
        /** The rules file or the command line is wrong: exit code 2. */
        USAGE,
        /** A source or table could not be read or a check could not be evaluated: exit code 3. */
        EVALUATION
    }

    ParityException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
