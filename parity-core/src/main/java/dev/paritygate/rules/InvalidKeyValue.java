package dev.paritygate.rules;

/**
 * A rules record rejected one key's value. It carries the key as the file writes it, so that the
 * mapper and the validator point at that key's line without reading the key back out of the message.
 * Callers that build records in code see an ordinary {@link IllegalArgumentException}.
 */
final class InvalidKeyValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param subject what the key belongs to, as the message names it ({@code row_count}, {@code
     *     column amount})
     * @param key the rejected key ({@code warn_mismatch_rate})
     * @param valueAndReason the value as written, then why it is rejected
     */
    InvalidKeyValue(String subject, String key, String valueAndReason) {
        super("Invalid " + subject + " " + key + " " + valueAndReason);
        this.key = key;
    }

    /** The rejected key, as the rules file writes it. */
    String key() {
        return key;
    }
}
