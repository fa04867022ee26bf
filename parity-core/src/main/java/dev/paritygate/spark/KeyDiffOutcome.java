package dev.paritygate.spark;

import dev.paritygate.check.KeyDiffCounts;
import dev.paritygate.verdict.SampleRow;
import java.util.List;

/** Exact key-diff counts and the capped sample of differing rows. */
record KeyDiffOutcome(KeyDiffCounts counts, List<SampleRow> samples) {}
