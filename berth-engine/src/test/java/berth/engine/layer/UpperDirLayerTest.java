package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.FilesystemChange;
import berth.engine.sys.FileSystemCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's upper dir as commit and diff see it: an image lower dir with etc/passwd, etc/group and opt/old; an
 * upper dir that deleted etc/group (overlay whiteout), replaced opt wholesale (opaque) and added a file.
 */
class UpperDirLayerTest {
    @TempDir
    Path tmp;
    Path lower;
    Path upper;

    @BeforeEach
    void layers() throws IOException {
        lower = Files.createDirectories(tmp.resolve("lower"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/passwd"), "root");
        Files.writeString(lower.resolve("etc/group"), "root");
        Files.createDirectories(lower.resolve("opt"));
        Files.writeString(lower.resolve("opt/old"), "o");
        upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        FileSystemCalls.mkWhiteout(upper.resolve("etc/group"));
        Files.createDirectories(upper.resolve("opt"));
        FileSystemCalls.setXattr(upper.resolve("opt"), "trusted.overlay.opaque", new byte[] {'y'});
        Files.writeString(upper.resolve("opt/new"), "n");
        Files.writeString(upper.resolve("added"), "a");
    }

    private List<String> tarNames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter.write(upper, out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) names.add(e.getName());
        }
        return names;
    }

    @Test
    void overlayWhiteoutBecomesOciWhiteoutFile() throws IOException {
        assertThat(tarNames()).contains("etc/.wh.group").doesNotContain("etc/group");
    }

    @Test
    void opaqueDirectoryGetsOpaqueMarker() throws IOException {
        assertThat(tarNames()).contains("opt/", "opt/.wh..wh..opq", "opt/new");
    }

    @Test
    void diffSaysAddedModifiedAndDeleted() throws IOException {
        assertThat(UpperDirDiff.changes(upper, List.of(lower))).containsExactly(
                new FilesystemChange("/added", FilesystemChange.ADDED),
                new FilesystemChange("/etc", FilesystemChange.MODIFIED),
                new FilesystemChange("/etc/group", FilesystemChange.DELETED),
                new FilesystemChange("/opt", FilesystemChange.MODIFIED),
                new FilesystemChange("/opt/new", FilesystemChange.ADDED),
                new FilesystemChange("/opt/old", FilesystemChange.DELETED));
    }

    @Test
    void emptyUpperDirHasNoChanges() throws IOException {
        assertThat(UpperDirDiff.changes(Files.createDirectory(tmp.resolve("empty")), List.of(lower))).isEmpty();
    }

    @Test
    void copyMadeWhileWritingTheTarEqualsTheUnpackedTar() throws IOException {
        Files.createSymbolicLink(upper.resolve("link"), Path.of("added"));
        Files.createLink(upper.resolve("hard"), upper.resolve("added"));
        Files.setAttribute(upper.resolve("opt/new"), "unix:mode", 04750);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path copy = Files.createDirectory(tmp.resolve("copy"));
        long bytes = TarWriter.writeAndCopy(upper, out, copy);
        Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
        TarExtractor.extract(new ByteArrayInputStream(out.toByteArray()), unpacked);
        assertThat(describe(copy)).isEqualTo(describe(unpacked));
        assertThat(bytes).isEqualTo(2); // "n" and "a", the hard link counted once
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        TarWriter.write(upper, plain);
        assertThat(out.toByteArray()).as("the same tar as without a copy").isEqualTo(plain.toByteArray());
    }

    @Test
    void linkedCopySharesRegularFilesWithTheSourceAndWritesTheSameTar() throws IOException {
        ByteArrayOutputStream linked = new ByteArrayOutputStream();
        Path copy = Files.createDirectory(tmp.resolve("linked"));
        TarWriter.writeAndLink(upper, linked, copy);
        assertThat(Files.getAttribute(copy.resolve("added"), "unix:ino"))
                .isEqualTo(Files.getAttribute(upper.resolve("added"), "unix:ino"));
        assertThat(copy.resolve("opt/new")).hasContent("n");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        TarWriter.write(upper, plain);
        assertThat(linked.toByteArray()).isEqualTo(plain.toByteArray());
    }

    /** Every entry below {@code dir}: name, mode, owner, times, device, link target, opaque xattr, content. */
    private static List<String> describe(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                var a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,lastModifiedTime,nlink",
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                String extra = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString()
                        : Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readString(p)
                        : Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !p.equals(dir)
                        ? String.valueOf(FileSystemCalls.getXattr(p, "trusted.overlay.opaque") != null) : "";
                // times to the millisecond (the tar keeps less than nanoseconds); a whiteout's time is when it was made
                boolean whiteout = ((Integer) a.get("mode") & 0170000) == 0020000;
                String time = p.equals(dir) || whiteout ? ""
                        : String.valueOf(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
                out.add(dir.relativize(p) + " " + a.get("mode") + " " + a.get("uid") + ":" + a.get("gid") + " "
                        + a.get("rdev") + " " + a.get("nlink") + " " + time + " " + extra);
            }
        }
        return out;
    }

    @Test
    void committedLayerUnpacksToTheSameWhiteouts() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter.write(upper, out);
        Path layer = Files.createDirectory(tmp.resolve("layer"));
        TarExtractor.extract(new ByteArrayInputStream(out.toByteArray()), layer);
        assertThat(Files.getAttribute(layer.resolve("etc/group"), "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0L);
        assertThat(FileSystemCalls.getXattr(layer.resolve("opt"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
    }
}
