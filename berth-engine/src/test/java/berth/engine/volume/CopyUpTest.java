package berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyUpTest {
    @TempDir
    Path tmp;

    @Test
    void copiesModesLinksTimesAndXattrs() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Path f = Files.writeString(src.resolve("f"), "data");
        Files.setAttribute(f, "unix:mode", 04751);
        Files.setAttribute(src, "unix:mode", 02750);
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        Files.createLink(src.resolve("hard"), f);
        Files.createSymbolicLink(src.resolve("link"), Path.of("f"));
        berth.engine.sys.FileSystemCalls.mkfifo(src.resolve("fifo"), 0640);
        Files.getFileAttributeView(f, UserDefinedFileAttributeView.class)
                .write("berth", ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
        Path dst = Files.createDirectories(tmp.resolve("dst"));

        CopyUp.copy(tmp.resolve("src"), dst);

        Path g = dst.resolve("sub/f");
        assertThat(g).hasContent("data");
        assertThat(Files.getAttribute(g, "unix:mode")).isEqualTo(0104751);
        assertThat(Files.getAttribute(dst.resolve("sub"), "unix:mode")).isEqualTo(042750);
        assertThat(Files.getLastModifiedTime(g).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(Files.getAttribute(g, "unix:ino")).isEqualTo(Files.getAttribute(dst.resolve("sub/hard"), "unix:ino"));
        assertThat(Files.readSymbolicLink(dst.resolve("sub/link"))).isEqualTo(Path.of("f"));
        assertThat((int) Files.getAttribute(dst.resolve("sub/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170777)
                .isEqualTo(0010640);
        ByteBuffer b = ByteBuffer.allocate(8);
        Files.getFileAttributeView(g, UserDefinedFileAttributeView.class).read("berth", b);
        assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)).isEqualTo("x");
    }

    @Test
    void keepsOwnersOtherThanTheCopiersAndTheXattrsOfDirectories() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Path f = Files.writeString(src.resolve("f"), "data");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 5678);
        Files.setAttribute(f, "unix:mode", 02755); // set after the chown, which clears it
        Files.setAttribute(src, "unix:uid", 42);
        Files.getFileAttributeView(src, UserDefinedFileAttributeView.class)
                .write("berth", ByteBuffer.wrap("d".getBytes(StandardCharsets.UTF_8)));
        Files.setAttribute(tmp.resolve("src"), "unix:gid", 7);
        Path dst = Files.createDirectories(tmp.resolve("dst"));

        CopyUp.copy(tmp.resolve("src"), dst);

        Path g = dst.resolve("sub/f");
        assertThat(Files.getAttribute(g, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(g, "unix:gid")).isEqualTo(5678);
        assertThat(Files.getAttribute(g, "unix:mode")).isEqualTo(0102755);
        assertThat(Files.getAttribute(dst.resolve("sub"), "unix:uid")).isEqualTo(42);
        assertThat(Files.getAttribute(dst, "unix:gid")).isEqualTo(7);
        ByteBuffer b = ByteBuffer.allocate(8);
        Files.getFileAttributeView(dst.resolve("sub"), UserDefinedFileAttributeView.class).read("berth", b);
        assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)).isEqualTo("d");
    }
}
