package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.FileSystemCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {
    @TempDir
    Path tmp;

    private Path roundTrip(byte[] layer) throws IOException {
        Path first = Files.createDirectory(tmp.resolve("first"));
        TarExtractor.extract(new ByteArrayInputStream(layer), first);
        Path second = Files.createDirectory(tmp.resolve("second"));
        TarExtractor.extract(new ByteArrayInputStream(tar(first)), second);
        return second;
    }

    private static byte[] tar(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter.write(dir, out);
        return out.toByteArray();
    }

    @Test
    void filesDirectoriesAndLinksSurviveARoundTrip() throws IOException {
        Path out = roundTrip(new TarBuilder().dir("etc", 0750).file("etc/motd", "hi", 0640).symlink("etc/link", "motd")
                .hardlink("etc/hard", "etc/motd").fifo("run/fifo").build());
        assertThat(out.resolve("etc/motd")).hasContent("hi");
        assertThat(Files.getAttribute(out.resolve("etc/motd"), "unix:mode")).isEqualTo(0100640);
        assertThat(Files.getAttribute(out.resolve("etc"), "unix:mode")).isEqualTo(040750);
        assertThat(Files.getAttribute(out.resolve("etc/motd"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getLastModifiedTime(out.resolve("etc"))).isEqualTo(TarBuilder.MTIME);
        assertThat(Files.readSymbolicLink(out.resolve("etc/link"))).isEqualTo(Path.of("motd"));
        assertThat(Files.getAttribute(out.resolve("etc/hard"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("etc/motd"), "unix:ino"));
        assertThat(Files.getAttribute(out.resolve("run/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(010644);
    }

    @Test
    void overlayWhiteoutsBecomeTarWhiteoutsAgain() throws IOException {
        Path out = roundTrip(new TarBuilder().file("etc/.wh.passwd", "").dir("opt").file("opt/.wh..wh..opq", "")
                .file("opt/new", "n").build());
        assertThat(Files.getAttribute(out.resolve("etc/passwd"), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
        assertThat(FileSystemCalls.getXattr(out.resolve("opt"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
        assertThat(out.resolve("opt/new")).hasContent("n");
    }

    @Test
    void capabilityXattrSurvivesARoundTrip() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("caps"));
        Path ping = Files.writeString(dir.resolve("ping"), "elf");
        // VFS_CAP_REVISION_2 with cap_net_raw (bit 13) permitted+effective: binary, not UTF-8
        byte[] cap = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00};
        FileSystemCalls.setXattr(ping, "security.capability", cap);
        Path out = Files.createDirectory(tmp.resolve("out"));
        TarExtractor.extract(new ByteArrayInputStream(tar(dir)), out);
        assertThat(FileSystemCalls.getXattr(out.resolve("ping"), "security.capability")).isEqualTo(cap);
    }

    @Test
    void sameTreeGivesSameBytes() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        TarExtractor.extract(new ByteArrayInputStream(new TarBuilder().file("b", "b").file("a", "a").dir("c").build()), dir);
        assertThat(tar(dir)).isEqualTo(tar(dir));
    }
}
