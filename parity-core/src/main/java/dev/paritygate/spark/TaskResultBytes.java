package dev.paritygate.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A task's result as Java-serialised bytes, so that it reaches the driver whatever {@code
 * spark.serializer} a cluster sets. Spark sends task results with that serializer, and Kryo, which
 * many clusters configure, cannot rebuild a record (its fields have no offset it may write to):
 * the grain pass failed on every task with it. A byte array every serializer carries as it is.
 */
final class TaskResultBytes {
    private TaskResultBytes() {}

    static byte[] of(Serializable result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(result);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise a task's result", e);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try (ObjectInputStream in = new OwnClasses(new ByteArrayInputStream(bytes))) {
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Could not read a task's result as " + type.getSimpleName(), e);
        }
    }

    /**
     * Resolves classes with the loader of this library first: under {@code spark-submit} the job jar
     * has a loader of its own, which the JVM's default lookup from a Spark thread may not reach.
     */
    private static final class OwnClasses extends ObjectInputStream {
        OwnClasses(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, TaskResultBytes.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
