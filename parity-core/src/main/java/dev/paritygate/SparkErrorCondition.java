package dev.paritygate;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The error condition a Spark exception names, such as {@code FAILED_READ_FILE.NO_HINT}, and its
 * message parameters ({@code path}). Spark's error guidelines keep a condition the same across
 * releases, while the message text is free to change, so errors are recognised by condition.
 *
 * <p>Read through reflection on {@code org.apache.spark.SparkThrowable}: this package is loaded by
 * callers of the rules loader that have no Spark on the classpath, where no exception has one.
 */
record SparkErrorCondition(String name, Map<String, String> parameters) {
    private static final Accessors ACCESSORS = Accessors.find();

    SparkErrorCondition {
        parameters = Map.copyOf(parameters);
    }

    /** The condition of {@code t}, empty when it is no Spark exception or names no condition. */
    static Optional<SparkErrorCondition> of(Throwable t) {
        if (ACCESSORS == null || !ACCESSORS.type().isInstance(t)) {
            return Optional.empty();
        }
        try {
            if (!(ACCESSORS.condition().invoke(t) instanceof String name)) {
                return Optional.empty();
            }
            Map<String, String> parameters = new HashMap<>();
            if (ACCESSORS.parameters().invoke(t) instanceof Map<?, ?> given) {
                given.forEach((k, v) -> {
                    if (k != null && v != null) {
                        parameters.put(k.toString(), v.toString());
                    }
                });
            }
            return Optional.of(new SparkErrorCondition(name, parameters));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An exception whose condition cannot be read is recognised by nothing, as one without.
            return Optional.empty();
        }
    }

    /** Whether {@code t} is a Spark exception under exactly this condition (with its sub-condition). */
    static boolean is(Throwable t, String condition) {
        return of(t).map(c -> c.name().equals(condition)).orElse(false);
    }

    private record Accessors(Class<?> type, Method condition, Method parameters) {
        static Accessors find() {
            try {
                Class<?> type = Class.forName(
                        "org.apache.spark.SparkThrowable", false, SparkErrorCondition.class.getClassLoader());
                return new Accessors(type, type.getMethod("getCondition"), type.getMethod("getMessageParameters"));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null; // no Spark on the classpath
            }
        }
    }
}
