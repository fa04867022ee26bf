package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class SketchVerdictsTest {
    private static byte[] sketch(int k, IntStream values) {
        KllDoublesSketch s = KllDoublesSketch.newHeapInstance(k);
        values.forEach(s::update);
        return s.toByteArray();
    }

    private static IntStream shuffled(int n, Random random) {
        int[] v = IntStream.range(0, n).toArray();
        for (int i = v.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return IntStream.of(v);
    }

    private static DistributionSpec spec(String maxDistance, int k, Severity severity) {
        return new DistributionSpec("x", new BigDecimal(maxDistance), k, severity);
    }

    @Test
    void identicalValuesPassWhateverDistanceTheSketchesRandomCompactionLeaves() {
        // k 8: each sketch places ranks only to within about 0.30, and two sketches of the same
        // 10,000 values, fed in different orders, end up apart by up to about 0.2 (0 to 0.19 over
        // 2,000 trials). Judged on the distance alone, max_distance 0 would fail most of them.
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            Verdict v = SketchVerdicts.distribution(
                    spec("0", 8, Severity.BLOCKING),
                    sketch(8, IntStream.range(0, 10_000)),
                    sketch(8, shuffled(10_000, random)));

            assertThat(v.status()).isEqualTo(Status.PASS);
            assertThat(v.tolerance()).isEqualTo("ks<=0 + rank error 0.6080");
        }
    }

    @Test
    void sketchesThatHoldEveryValueAreJudgedOnTheExactDistance() {
        // 150 values under k 200: no compaction, exact ranks. Three of 150 values moved above the
        // rest: the distance is exactly 3/150, above 0.01.
        Verdict v = SketchVerdicts.distribution(
                spec("0.01", 200, Severity.WARNING),
                sketch(200, IntStream.range(0, 150)),
                sketch(200, IntStream.range(0, 150).map(i -> i < 3 ? 1000 + i : i)));

        assertThat(v.difference()).isCloseTo(0.02, within(1e-12));
        assertThat(v.status()).isEqualTo(Status.WARN);
        assertThat(v.tolerance()).isEqualTo("ks<=0.01");
        assertThat(v.message()).isEqualTo("max rank distance 0.0200 > 0.01");
    }

    @Test
    void aChangedLargestValueIsFoundAtItsRank() {
        // Ten values, the largest raised from 18 to 19: at 18 the left side holds all ten values and
        // the right nine, a distance of exactly 0.1. DataSketches' computeKSDelta stops its walk when
        // either sketch reaches its last value and read 0, so this passed; likewise {0, 2} against
        // {0, 3}, exactly 0.5 apart.
        Verdict v = SketchVerdicts.distribution(
                spec("0.01", 200, Severity.BLOCKING),
                sketch(200, IntStream.range(0, 10).map(i -> 2 * i)),
                sketch(200, IntStream.range(0, 10).map(i -> i == 9 ? 19 : 2 * i)));

        assertThat(v.difference()).isCloseTo(0.1, within(1e-12));
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.message()).isEqualTo("max rank distance 0.1000 > 0.01");
        assertThat(SketchVerdicts.distribution(
                                spec("0.01", 200, Severity.BLOCKING),
                                sketch(200, IntStream.of(0, 2)),
                                sketch(200, IntStream.of(0, 3)))
                        .difference())
                .isEqualTo(0.5);
    }

    @Test
    void aShiftBeyondMaxDistanceAndTheRankErrorFails() {
        // Uniform on [0, 100,000) against the same shifted by 10,000: the distributions differ by
        // 0.1, well beyond 0.01 plus the two k-200 sketches' 0.0266.
        Verdict v = SketchVerdicts.distribution(
                spec("0.01", 200, Severity.BLOCKING),
                sketch(200, IntStream.range(0, 100_000)),
                sketch(200, IntStream.range(10_000, 110_000)));

        assertThat(v.difference()).isCloseTo(0.1, within(0.03));
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.tolerance()).isEqualTo("ks<=0.01 + rank error 0.0266");
        assertThat(v.message()).startsWith("max rank distance 0.").endsWith(" > 0.01 + rank error 0.0266");
    }
}
