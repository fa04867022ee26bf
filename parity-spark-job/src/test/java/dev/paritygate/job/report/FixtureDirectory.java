package dev.paritygate.job.report;

import dev.paritygate.store.DeltaVerdictStore;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A read-only fixture directory under {@code target/test-fixtures/}, built once and then shared by
 * every test JVM: the two surefire forks, and later runs while nothing it depends on changed.
 *
 * <p>Its name carries a content version, a hash of the fixture's own class files, of the parity-core
 * classes that write the tables, and of the Spark and Delta jars, so an edit to any of them builds a
 * new directory instead of reusing a stale one. The first JVM builds it under an exclusive file lock
 * while the other waits, and a JVM that finds it complete only ever takes a shared lock, so that no
 * JVM waits for another that is reading (two JVMs each reading one fixture and waiting to build the
 * other's would deadlock); a complete directory holds a manifest of its files and sizes, and one whose
 * files no longer match (a test wrote into it, a build was cut short) is built again. Each JVM keeps a
 * shared lock on the version it reads until it exits, so old versions are deleted only when no JVM
 * reads them.
 */
final class FixtureDirectory {
    static final Path ROOT = Path.of("target", "test-fixtures").toAbsolutePath();
    private static final String MANIFEST = ".fixture-manifest";
    private static final String LOCK = ".lock";

    private FixtureDirectory() {}

    /** The directory of {@code fixture}, built by {@code build} into an empty directory if needed. */
    static Path of(String name, Class<?> fixture, Consumer<Path> build) {
        try {
            Files.createDirectories(ROOT);
            String version = version(fixture);
            Path dir = ROOT.resolve(name + "-" + version);
            FileChannel channel = FileChannel.open(
                    ROOT.resolve(dir.getFileName() + LOCK),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            // Checked under a shared lock, which another JVM's shared lock does not block: the
            // exclusive lock, which waits for every other JVM reading this version to exit, is
            // taken only to build. Held until the JVM exits (the channel is never closed), the
            // shared lock tells other JVMs the version is in use.
            FileLock reading = channel.lock(0, Long.MAX_VALUE, true);
            if (!complete(dir)) {
                reading.release();
                try (FileLock building = channel.lock()) {
                    if (!complete(dir)) {
                        rebuild(dir, build);
                    }
                }
                channel.lock(0, Long.MAX_VALUE, true);
            }
            deleteUnusedVersions(name, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rebuild(Path dir, Consumer<Path> build) throws IOException {
        delete(dir);
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        delete(partial);
        Files.createDirectories(partial);
        build.accept(partial);
        Files.writeString(partial.resolve(MANIFEST), manifest(partial));
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean complete(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        return Files.isRegularFile(manifest) && Files.readString(manifest).equals(manifest(dir));
    }

    /** Every file but the manifest, with its size: what a write into the directory would change. */
    private static String manifest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(MANIFEST))
                    .sorted()
                    .toList()) {
                out.append(dir.relativize(f)).append(' ').append(Files.size(f)).append('\n');
            }
            return out.toString();
        }
    }

    private static void deleteUnusedVersions(String name, Path keep) throws IOException {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(ROOT, name + "-*" + LOCK)) {
            for (Path lock : locks) {
                String dirName = lock.getFileName().toString();
                Path dir = ROOT.resolve(dirName.substring(0, dirName.length() - LOCK.length()));
                if (dir.equals(keep)) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                        FileLock unused = channel.tryLock()) {
                    if (unused != null) {
                        delete(dir);
                        delete(dir.resolveSibling(dir.getFileName() + ".partial"));
                        Files.delete(lock);
                    }
                }
            }
        }
    }

    /** A hash of everything the fixture's content follows from. */
    static String version(Class<?> fixture) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : classFiles(fixture)) {
                hashFile(sha, f);
            }
            Path core = codeSource(DeltaVerdictStore.class);
            if (Files.isDirectory(core)) {
                try (Stream<Path> files = Files.walk(core)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(core.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                        hashFile(sha, f);
                    }
                }
            } else {
                hashFile(sha, core);
            }
            // The jars' names carry their versions.
            for (Class<?> library : List.of(SparkSession.class, DeltaTable.class)) {
                sha.update(codeSource(library).getFileName().toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class file of the fixture and of its nested classes. */
    private static List<Path> classFiles(Class<?> fixture) throws IOException {
        Path dir = codeSource(fixture).resolve(fixture.getPackageName().replace('.', '/'));
        String simple = fixture.getSimpleName();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.equals(simple + ".class") || n.startsWith(simple + "$");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hashFile(MessageDigest sha, Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
