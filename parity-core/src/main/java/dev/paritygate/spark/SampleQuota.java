package dev.paritygate.spark;

/**
 * How many sample rows of each kind: mismatched rows first, then keys counted in {@code
 * duplicate_keys_differing} (on both sides, like mismatched rows, with rows that differ), then
 * what is left split between the two one-sided kinds (the left one taking at least one row), in
 * both key diffs.
 */
record SampleQuota(int mismatched, int duplicateDiffering, int onlyLeft, int onlyRight) {
    static SampleQuota of(
            int sampleRows, long mismatched, long duplicateDiffering, long onlyLeftKeys, long onlyRightKeys) {
        int m = (int) Math.min(sampleRows, mismatched);
        int d = (int) Math.min(sampleRows - m, duplicateDiffering);
        int room = sampleRows - m - d;
        int left = onlyLeftKeys == 0 || room <= 0 ? 0 : (int) Math.min(onlyLeftKeys, Math.max(1, room / 2));
        int right = onlyRightKeys == 0 ? 0 : (int) Math.min(onlyRightKeys, room - left);
        return new SampleQuota(m, d, left, right);
    }
}
