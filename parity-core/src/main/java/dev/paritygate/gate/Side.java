package dev.paritygate.gate;

import dev.paritygate.ParityErrors;
import java.util.Locale;

/** Which side of a pipeline is authoritative: the one its stable views resolve to. */
public enum Side {
    LEGACY,
    CLOUD;

    /** The lower-case name stored in the routing table. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code legacy} or {@code cloud}, in any case. */
    public static Side parse(String text) {
        for (Side s : values()) {
            if (s.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw ParityErrors.invalidArgument("side", String.valueOf(text), "legacy or cloud");
    }
}
