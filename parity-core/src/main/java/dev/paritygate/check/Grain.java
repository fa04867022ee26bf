package dev.paritygate.check;

/**
 * The unit of fingerprinting: one partition (or key-hash bucket) and one key-hash segment in it.
 *
 * @param partition partition spec such as {@code order_date=2026-11-20}, or {@code bucket=3}
 * @param segment key-hash segment within the partition
 * @param id the engine's 64-bit id of the grain, the same on both sides for the same grain
 */
public record Grain(String partition, int segment, long id) {}
