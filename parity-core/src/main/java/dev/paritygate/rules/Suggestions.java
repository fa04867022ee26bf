package dev.paritygate.rules;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Nearest-name suggestions for misspelt keys, enum values, pipeline names and columns. Public so
 * that the Spark package suggests columns the way the rule loader suggests keys.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate closest to {@code wrong} by edit distance (ignoring case), if it is close enough
     * to be a plausible typo: at most a third of the longer name, and at least 2 edits allowed. A
     * key written without some of its words also counts ({@code group} for {@code group_by},
     * {@code tolerence} for {@code time_tolerance}): when no typo is close enough, a unique candidate
     * wins whose leading or trailing words are within a quarter of their length of what was written.
     */
    static Optional<String> nearest(String wrong, Collection<String> candidates) {
        if (wrong == null) {
            return Optional.empty();
        }
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        // Sorted, so ties resolve the same way on every run.
        for (String candidate : new TreeSet<>(candidates)) {
            int d = distance(w, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(2, Math.max(wrong.length(), best.length()) / 3);
        if (bestDistance <= allowed) {
            return Optional.of(best);
        }
        List<String> partly = new TreeSet<>(candidates)
                .stream()
                        .filter(c -> hasWordsNear(w, c.toLowerCase(Locale.ROOT)))
                        .toList();
        return partly.size() == 1 ? Optional.of(partly.get(0)) : Optional.empty();
    }

    /** Whether the words of {@code candidate} before or after one of its {@code _} are close to {@code w}. */
    private static boolean hasWordsNear(String w, String candidate) {
        for (int cut = candidate.indexOf('_'); cut > 0; cut = candidate.indexOf('_', cut + 1)) {
            for (String part : List.of(candidate.substring(0, cut), candidate.substring(cut + 1))) {
                if (distance(w, part) <= part.length() / 4) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code "Did you mean 'x'? "} (with a trailing space) or the empty string. */
    public static String didYouMean(String wrong, Collection<String> candidates) {
        return nearest(wrong, candidates).map(s -> "Did you mean '" + s + "'? ").orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
