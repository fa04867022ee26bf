package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forkless file system must answer as Hadoop's own local one does, without starting processes. */
class ForklessLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    private static ForklessLocalFileSystem fs() throws IOException {
        ForklessLocalFileSystem fs = new ForklessLocalFileSystem();
        fs.initialize(java.net.URI.create("file:///"), new Configuration());
        return fs;
    }

    @Test
    void createdFilesAndDirectoriesGetExactlyTheRequestedPermissionBits() throws IOException {
        ForklessLocalFileSystem fs = fs();
        Path file = new Path(dir.resolve("f").toUri());
        fs.create(file, FsPermission.createImmutable((short) 0640), false, 4096, (short) 1, 1 << 20, null)
                .close();
        fs.mkdirs(new Path(dir.resolve("d").toUri()), FsPermission.createImmutable((short) 0751));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("f"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d"))))
                .isEqualTo("rwxr-x--x");
    }

    /** What a raw file system says of a path's link status, or the exception it throws. */
    private static String linkStatus(RawLocalFileSystem fs, java.nio.file.Path p) {
        try {
            FileStatus s = fs.getFileLinkStatus(new Path(p.toUri()));
            return "symlink=" + s.isSymlink() + " target=" + (s.isSymlink() ? s.getSymlink() : null) + " file="
                    + s.isFile() + " dir=" + s.isDirectory() + " len=" + s.getLen();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void linksFilesDirectoriesAndMissingPathsHaveTheLinkStatusHadoopGivesThem() throws IOException {
        Files.writeString(dir.resolve("target"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        RawLocalFileSystem hadoop = new RawLocalFileSystem();
        hadoop.initialize(java.net.URI.create("file:///"), new Configuration());
        RawLocalFileSystem forkless = new ForklessLocalFileSystem.Raw();
        forkless.initialize(java.net.URI.create("file:///"), new Configuration());

        for (String name : List.of("target", "sub", "link", "dangling", "missing")) {
            assertThat(linkStatus(forkless, dir.resolve(name)))
                    .as(name)
                    .isEqualTo(linkStatus(hadoop, dir.resolve(name)));
        }
        assertThat(linkStatus(forkless, dir.resolve("target")))
                .isEqualTo("symlink=false target=null file=true dir=false len=1");
        assertThat(linkStatus(forkless, dir.resolve("missing"))).isEqualTo("FileNotFoundException");
    }

    @Test
    void fileContextRenamesThroughItWithoutOverwritingAnExistingFile() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.Context.class.getName());
        FileContext fc = FileContext.getFileContext(java.net.URI.create("file:///"), conf);
        Files.writeString(dir.resolve("a"), "first");
        Files.writeString(dir.resolve("b"), "second");
        Files.writeString(dir.resolve("c"), "third");

        fc.rename(
                new Path(dir.resolve("a").toUri()),
                new Path(dir.resolve("moved").toUri()));

        assertThat(Files.readString(dir.resolve("moved"))).isEqualTo("first");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThatThrownBy(() -> fc.rename(
                        new Path(dir.resolve("b").toUri()),
                        new Path(dir.resolve("c").toUri()),
                        Options.Rename.NONE))
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("c"))).isEqualTo("third");
        assertThat(fc.getDefaultFileSystem()).isInstanceOf(ForklessLocalFileSystem.Context.class);
    }

    @Test
    void kernelTablesReadAndCommitLocalPathsThroughItAndOtherSchemesAsConfigured() throws IOException {
        Configuration session = new Configuration();
        session.set("fs.file.impl", org.apache.hadoop.fs.LocalFileSystem.class.getName());
        // Spark has made and cached a file system for the file scheme before any table is read
        // (Hadoop's cache is per JVM: which class it holds depends on what ran first).
        new Path("file:///").getFileSystem(session);
        Configuration kernel = KernelTable.engineConfiguration(session);

        assertThat(new Path(dir.toUri()).getFileSystem(kernel)).isInstanceOf(ForklessLocalFileSystem.class);
        assertThat(FileContext.getFileContext(dir.toUri(), kernel).getDefaultFileSystem())
                .isInstanceOf(ForklessLocalFileSystem.Context.class);
        assertThat(kernel.get("fs.hdfs.impl")).isEqualTo(session.get("fs.hdfs.impl"));
        assertThat(session.get("fs.file.impl")).isEqualTo(org.apache.hadoop.fs.LocalFileSystem.class.getName());
    }
}
