package dev.paritygate.check;

/**
 * A count and the words that agree with it, as verdict messages, the run summary and the report
 * print it: {@code 1 row}, {@code 2 rows}, {@code 1 row differs}. The caller spells out both forms,
 * so a verb that agrees with the count rides along and no rule of English plurals is guessed here.
 */
public final class Counted {
    private Counted() {}

    /** {@code 1 row}, {@code 0 rows}, {@code 2 rows}: the count, then the form that agrees with it. */
    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /**
     * {@code the one partition has}, {@code all 7 partitions have}: every item of a set, where "all
     * 1" would read wrong.
     */
    public static String all(long count, String one, String many) {
        return count == 1 ? "the one " + one : "all " + count + " " + many;
    }

    /**
     * {@code pipeline 'orders'}, {@code pipelines [orders, payments]}: the noun that agrees with how
     * many items are named, then the one item quoted or the list.
     */
    public static String named(java.util.List<?> items, String one, String many) {
        return items.size() == 1 ? one + " '" + items.get(0) + "'" : many + " " + items;
    }
}
