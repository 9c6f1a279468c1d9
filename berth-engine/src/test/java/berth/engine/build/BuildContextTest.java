package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path tmp;

    private static byte[] tar(Object... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                String name = (String) entries[i];
                Object v = entries[i + 1];
                if (v instanceof Path link) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(link.toString());
                    t.putArchiveEntry(e);
                } else {
                    byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry e = new TarArchiveEntry(name, true);
                    e.setSize(b.length);
                    t.putArchiveEntry(e);
                    t.write(b);
                }
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void gzippedTarIsUnpackedWithEachFilesDigest() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(tar("Dockerfile", "FROM scratch\n", "src/a.txt", "abc"));
        }
        BuildContext c = BuildContext.unpack(new ByteArrayInputStream(gz.toByteArray()), tmp.resolve("ctx"));
        assertThat(c.root().resolve("src/a.txt")).hasContent("abc");
        assertThat(c.digestOf("src/a.txt")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void bodyThatIsNotATarIsALoneDockerfile() throws IOException {
        BuildContext c = BuildContext.unpack(new ByteArrayInputStream("FROM busybox\n".getBytes()), tmp.resolve("ctx"));
        assertThat(c.root().resolve("Dockerfile")).hasContent("FROM busybox");
    }

    @Test
    void entryClimbingOutIsRefusedAndNothingIsWrittenOutside() throws IOException {
        byte[] t = tar("Dockerfile", "x", "../outside.txt", "x");
        assertThatThrownBy(() -> BuildContext.unpack(new ByteArrayInputStream(t), tmp.resolve("ctx")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("leaves the build context");
        assertThat(tmp.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void entryBelowASymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        byte[] t = tar("link", outside, "link/evil.txt", "x");
        assertThatThrownBy(() -> BuildContext.unpack(new ByteArrayInputStream(t), tmp.resolve("ctx")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("goes through the symlink");
        assertThat(outside.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void absoluteEntryIsRefused() throws IOException {
        byte[] t = tar("/etc/evil", "x");
        assertThatThrownBy(() -> BuildContext.unpack(new ByteArrayInputStream(t), tmp.resolve("ctx")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("absolute path");
    }

    @Test
    void fileReadRightAfterReceivingIsWholeThoughStoringGoesOnInTheBackground() throws IOException {
        String big = "x".repeat(12 << 20); // more than the writer holds in its queue
        BuildContext c = BuildContext.receive(new ByteArrayInputStream(tar("Dockerfile", "FROM scratch\n", "big.txt", big)),
                tmp.resolve("ctx"), java.util.Set.of("Dockerfile"));
        Path root = c.root(java.util.List.of("big.txt"));
        assertThat(Files.size(root.resolve("big.txt"))).isEqualTo(big.length());
        c.discard();
    }

    @Test
    void discardedContextCannotBeUnpacked() throws IOException {
        BuildContext c = BuildContext.receive(new ByteArrayInputStream(tar("Dockerfile", "FROM scratch\n", "a.txt", "a")),
                tmp.resolve("ctx"), java.util.Set.of("Dockerfile"));
        c.discard();
        assertThat(c.content("Dockerfile")).isNotNull(); // what the index kept stays
        assertThatThrownBy(() -> c.root(java.util.List.of("a.txt"))).isInstanceOf(IOException.class);
    }
}
