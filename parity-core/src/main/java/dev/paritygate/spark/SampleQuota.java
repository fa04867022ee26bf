package dev.paritygate.spark;

/**
 * How many sample rows of each kind: mismatched rows first, then what is left split between the
 * two one-sided kinds (the left one taking at least one row), as the narrow diff does.
 */
record SampleQuota(int mismatched, int onlyLeft, int onlyRight) {
    static SampleQuota of(int sampleRows, long mismatched, long onlyLeftKeys, long onlyRightKeys) {
        int m = (int) Math.min(sampleRows, mismatched);
        int room = sampleRows - m;
        int left = onlyLeftKeys == 0 || room <= 0 ? 0 : (int) Math.min(onlyLeftKeys, Math.max(1, room / 2));
        int right = onlyRightKeys == 0 ? 0 : (int) Math.min(onlyRightKeys, room - left);
        return new SampleQuota(m, left, right);
    }

    boolean isEmpty() {
        return mismatched + onlyLeft + onlyRight == 0;
    }
}
