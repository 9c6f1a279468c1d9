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
