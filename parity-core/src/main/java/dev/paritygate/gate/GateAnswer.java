package dev.paritygate.gate;

/** The gate's answer for one pipeline. */
public enum GateAnswer {
    /** Parity held long enough and every upstream has cut over (or the pipeline is cut over and passing). */
    READY,
    /** Not yet: the streak is short or broken, an upstream is still on legacy, or parity is unconfirmed. */
    HOLD,
    /** The pipeline is cut over and a blocking check failed since: route it back to legacy. */
    ROLLBACK
}
