/**
 * The cutover gate: from a pipeline's verdict history, waivers, routing and gate policy, decides
 * whether it may cut over ({@code READY}), must wait ({@code HOLD}) or must roll back ({@code
 * ROLLBACK}), and says why. Plain Java: no Spark, Hadoop or Delta; the Delta tables are read by
 * {@code dev.paritygate.store.DeltaGateStore}.
 */
package dev.paritygate.gate;
