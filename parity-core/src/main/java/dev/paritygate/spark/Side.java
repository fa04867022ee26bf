package dev.paritygate.spark;

/** The two sides of a comparison. */
enum Side {
    LEFT,
    RIGHT;

    String label() {
        return this == LEFT ? "left" : "right";
    }
}
