package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.FileSystemCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction of well-formed layers. Runs as root (this project's machines): devices and lchown need it. */
class TarExtractorTest {
    @TempDir
    Path root;

    private long extract(TarBuilder tar) throws IOException {
        return TarExtractor.extract(new ByteArrayInputStream(tar.build()), root);
    }

    private static Object attr(Path p, String name) throws IOException {
        return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void regularFileKeepsContentModeOwnerAndMtime() throws IOException {
        extract(new TarBuilder().file("etc/motd", "hi", 0640));
        Path f = root.resolve("etc/motd");
        assertThat(f).hasContent("hi");
        assertThat(attr(f, "mode")).isEqualTo(0100640);
        assertThat(attr(f, "uid")).isEqualTo(1000);
        assertThat(attr(f, "gid")).isEqualTo(1000);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void returnsTheBytesOfRegularFiles() throws IOException {
        assertThat(extract(new TarBuilder().file("a", "12345").file("b", "678").dir("d"))).isEqualTo(8);
    }

    @Test
    void setIdBitsSurviveOwnershipChange() throws IOException {
        extract(new TarBuilder().file("bin/su", "x", 04755));
        assertThat(attr(root.resolve("bin/su"), "mode")).isEqualTo(0104755);
    }

    @Test
    void directoryMtimeIsKeptAfterItsChildrenAreWritten() throws IOException {
        extract(new TarBuilder().dir("d", 0700).file("d/a", "a").file("d/b", "b"));
        assertThat(Files.getLastModifiedTime(root.resolve("d"))).isEqualTo(TarBuilder.MTIME);
        assertThat(attr(root.resolve("d"), "mode")).isEqualTo(040700);
    }

    @Test
    void impliedParentDirectoriesAreCreated() throws IOException {
        extract(new TarBuilder().file("a/b/c/file", "x"));
        assertThat(root.resolve("a/b/c/file")).hasContent("x");
        assertThat(attr(root.resolve("a/b"), "mode")).isEqualTo(040755);
    }

    @Test
    void symlinkIsStoredAsWritten() throws IOException {
        extract(new TarBuilder().symlink("bin/sh", "/bin/busybox"));
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(Files.getLastModifiedTime(root.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void hardLinkSharesTheInode() throws IOException {
        extract(new TarBuilder().file("bin/busybox", "bb").hardlink("bin/ls", "bin/busybox"));
        assertThat(attr(root.resolve("bin/ls"), "ino")).isEqualTo(attr(root.resolve("bin/busybox"), "ino"));
        assertThat(attr(root.resolve("bin/ls"), "nlink")).isEqualTo(2);
    }

    @Test
    void fifoAndCharacterDeviceAreCreated() throws IOException {
        extract(new TarBuilder().fifo("run/fifo").charDevice("dev/null", 1, 3));
        assertThat(Files.readAttributes(root.resolve("run/fifo"), java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
        assertThat(attr(root.resolve("dev/null"), "rdev")).isEqualTo((1L << 8) | 3L);
        assertThat(attr(root.resolve("dev/null"), "mode")).isEqualTo(020666);
    }

    @Test
    void longNamesSurvive() throws IOException {
        String name = "deep/" + "x".repeat(120) + "/" + "y".repeat(150);
        extract(new TarBuilder().file(name, "long"));
        assertThat(root.resolve(name)).hasContent("long");
    }

    @Test
    void paxXattrsAreApplied() throws IOException {
        extract(new TarBuilder().file("f", "x", Map.of("SCHILY.xattr.user.berth", "yes")));
        assertThat(FileSystemCalls.getXattr(root.resolve("f"), "user.berth")).isEqualTo("yes".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void trustedXattrsFromTheLayerAreIgnored() throws IOException {
        extract(new TarBuilder().file("f", "x", Map.of("SCHILY.xattr.trusted.overlay.redirect", "/etc")));
        assertThat(FileSystemCalls.getXattr(root.resolve("f"), "trusted.overlay.redirect")).isNull();
    }

    @Test
    void whiteoutBecomesAnOverlayWhiteoutDevice() throws IOException {
        extract(new TarBuilder().file("etc/.wh.passwd", ""));
        Path w = root.resolve("etc/passwd");
        assertThat(attr(w, "mode")).isEqualTo(020000);
        assertThat(attr(w, "rdev")).isEqualTo(0L);
        assertThat(root.resolve("etc/.wh.passwd")).doesNotExist();
    }

    @Test
    void opaqueWhiteoutMarksItsDirectory() throws IOException {
        extract(new TarBuilder().dir("opt").file("opt/.wh..wh..opq", "").file("opt/new", "n"));
        assertThat(FileSystemCalls.getXattr(root.resolve("opt"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
        assertThat(root.resolve("opt/.wh..wh..opq")).doesNotExist();
        assertThat(root.resolve("opt/new")).exists();
    }

    @Test
    void laterFileReplacesEarlierSymlinkInsteadOfWritingThroughIt() throws IOException {
        Files.writeString(root.resolve("target"), "keep");
        extract(new TarBuilder().symlink("link", "target").file("link", "new"));
        assertThat(Files.isSymbolicLink(root.resolve("link"))).isFalse();
        assertThat(root.resolve("link")).hasContent("new");
        assertThat(root.resolve("target")).hasContent("keep");
    }

    @Test
    void fileAfterItsDirectoryWasReplacedBySymlinkFollowsTheSymlinkInsideTheRoot() throws IOException {
        extract(new TarBuilder().dir("a").file("a/x", "1").dir("etc").symlink("a", "/etc").file("a/y", "2"));
        assertThat(root.resolve("etc/y")).hasContent("2");
        assertThat(Files.isSymbolicLink(root.resolve("a"))).isTrue();
    }

    @Test
    void laterFileReplacesEarlierDirectory() throws IOException {
        extract(new TarBuilder().file("x/inner", "i").file("x", "file"));
        assertThat(root.resolve("x")).isRegularFile().hasContent("file");
    }

    @Test
    void laterDirectoryMergesWithEarlierOne() throws IOException {
        extract(new TarBuilder().file("d/a", "a").dir("d", 0711));
        assertThat(root.resolve("d/a")).exists();
        assertThat(attr(root.resolve("d"), "mode")).isEqualTo(040711);
    }

    @Test
    void symlinkInParentIsFollowedInsideTheRoot() throws IOException {
        extract(new TarBuilder().dir("usr/lib").symlink("lib", "/usr/lib").file("lib/libc.so", "c"));
        assertThat(root.resolve("usr/lib/libc.so")).hasContent("c");
    }

    @Test
    void rootEntryDescribesTheLayerRoot() throws IOException {
        extract(new TarBuilder().dir("./", 0750).file("a", "a"));
        assertThat(attr(root, "mode")).isEqualTo(040750);
        assertThat(Files.getLastModifiedTime(root)).isEqualTo(TarBuilder.MTIME);
    }

    @Test
    void unknownModificationTimesDoNotBreakExtraction() throws IOException {
        TarBuilder tar = new TarBuilder();
        var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("old", true);
        e.setLastModifiedTime(FileTime.fromMillis(0));
        tar.add(e, new byte[] {1});
        extract(tar);
        assertThat(Files.getLastModifiedTime(root.resolve("old")).toMillis()).isZero();
    }
}
