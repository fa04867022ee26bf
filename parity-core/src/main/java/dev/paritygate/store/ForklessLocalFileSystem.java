package dev.paritygate.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, minus the processes it starts. Without Hadoop's native library (which
 * no Maven artifact ships), {@link RawLocalFileSystem} runs {@code chmod} for every file and
 * directory it creates and {@code readlink} twice for every rename, and a Delta commit creates and
 * renames its log and checksum files into place. A nightly run's two Kernel commits (verdicts,
 * samples) started 40 such processes one after the other at the end of the run, 32-70 ms each
 * under strace; a test JVM's scenarios started hundreds. This sets permissions and tells
 * links apart through {@code java.nio} instead; everything else is Hadoop's own code.
 *
 * <p>{@link KernelTable} reads and commits local tables through it ({@code fs.file.impl}), so the
 * verdict store's commits on a local warehouse start no process; the unit tests' Spark session
 * also installs it for Spark's reads and writes and, as {@link Context}, for {@code FileContext}
 * (Spark's Delta log stores). Spark's own session in {@code bin/parity} keeps Hadoop's.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
    /** The checksummed file system over {@link Raw}, as Hadoop's is over its raw one. */
    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) file system under both APIs. */
    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission); // Windows: Hadoop's own way
            }
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            // Hadoop's version asks readlink first; only a link needs its answer.
            return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
        }

        private static Set<PosixFilePermission> posix(short mode) {
            PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < bits.length; i++) {
                if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                    set.add(bits[i]);
                }
            }
            return set;
        }
    }

    /** The same for {@code FileContext}: {@code fs.AbstractFileSystem.file.impl}. */
    public static final class Context extends ChecksumFs {
        /** Called by Hadoop's {@code FileContext} for a {@code file:} URI. */
        public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawContext(uri, conf));
        }
    }

    private static final class RawContext extends DelegateToFileSystem {
        RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1; // as Hadoop's RawLocalFs: a local path has no port
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true; // as Hadoop's RawLocalFs: any name the OS takes
        }
    }
}
