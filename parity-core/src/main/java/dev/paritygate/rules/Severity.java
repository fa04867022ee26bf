package dev.paritygate.rules;

/** Whether a failing check fails the run ({@code BLOCKING}) or only warns ({@code WARNING}). */
public enum Severity {
    BLOCKING,
    WARNING;

    public boolean blocking() {
        return this == BLOCKING;
    }
}
