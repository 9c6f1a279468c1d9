package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.FileSystemCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tar whose large files went out as regions is the same tar, byte for byte, as one written through the heap. */
class TarWriterRegionTest {
    @TempDir
    Path tmp;
    private Path tree;

    /** An output that sends regions the way a socket would: the file's bytes, in place, after what came before. */
    private static final class RegionCapture extends ByteArrayOutputStream implements FileRegionOutput {
        final List<FileChannel> files = new ArrayList<>();
        Runnable beforeEachRegion = () -> {};

        @Override
        public void sendFile(FileChannel file, long position, long count) throws IOException {
            files.add(file);
            beforeEachRegion.run();
            try (file) {
                ByteBuffer content = ByteBuffer.allocate(Math.toIntExact(count));
                while (content.hasRemaining()) {
                    if (file.read(content, position + content.position()) < 0) throw new IOException("file too short");
                }
                write(content.array(), 0, content.capacity());
            }
        }
    }

    @BeforeEach
    void tree() throws IOException {
        tree = Files.createDirectory(tmp.resolve("tree"));
        Random random = new Random(13);
        Path deep = Files.createDirectories(tree.resolve("a".repeat(60) + "/" + "b".repeat(60)));
        write(deep.resolve("large-file-with-a-long-name"), random, 70_001);
        write(tree.resolve("big"), random, 200_000);
        Files.createLink(tree.resolve("big-hard-link"), tree.resolve("big"));
        write(tree.resolve("aligned"), random, 128 * 1024);
        write(tree.resolve("just-large-enough"), random, (int) TarWriter.REGION_MIN);
        write(tree.resolve("just-too-small"), random, (int) TarWriter.REGION_MIN - 1);
        write(tree.resolve("exactly-512"), random, 512);
        write(tree.resolve("odd"), random, 1000);
        write(tree.resolve("empty"), random, 0);
        write(tree.resolve("grüße"), random, 90_000);
        Files.createSymbolicLink(tree.resolve("link-to-big"), Path.of("big"));
        Path capped = write(tree.resolve("capped"), random, 100_000);
        FileSystemCalls.setXattr(capped, "security.capability",
                new byte[] {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                        0x00, 0x00, 0x00, 0x00});
        // nanoseconds in the times, which PAX headers carry
        try (var files = Files.walk(tree)) {
            for (Path p : files.toList()) {
                if (!Files.isSymbolicLink(p)) Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_123L));
            }
        }
    }

    private static Path write(Path file, Random random, int size) throws IOException {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return Files.write(file, bytes);
    }

    private static byte[] throughHeap(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter.write(dir, out);
        return out.toByteArray();
    }

    @Test
    void treeWithRegionsIsTheSameTar() throws IOException {
        RegionCapture regions = new RegionCapture();
        TarWriter.write(tree, regions);
        assertThat(regions.toByteArray()).isEqualTo(throughHeap(tree));
        // the long-named file, big (its hard link is a link entry), aligned, just-large-enough, grüße, capped
        assertThat(regions.files).hasSize(6);
        assertThat(regions.files).noneMatch(FileChannel::isOpen);
    }

    @Test
    void entryOfADirectoryWithRegionsIsTheSameTar() throws IOException {
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        TarWriter.writeEntry(tree, "d", heap);
        RegionCapture regions = new RegionCapture();
        TarWriter.writeEntry(tree, "d", regions);
        assertThat(regions.toByteArray()).isEqualTo(heap.toByteArray());
        assertThat(regions.files).hasSize(6);
    }

    @Test
    void entryOfOneLargeFileIsTheSameTar() throws IOException {
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        TarWriter.writeEntry(tree.resolve("big"), "big", heap);
        RegionCapture regions = new RegionCapture();
        TarWriter.writeEntry(tree.resolve("big"), "big", regions);
        assertThat(regions.toByteArray()).isEqualTo(heap.toByteArray());
        assertThat(regions.files).hasSize(1);
    }

    @Test
    void fileThatGrowsWhileSentIsCutToItsHeadersSize() throws IOException {
        Path only = Files.createDirectory(tmp.resolve("only"));
        Path file = write(only.resolve("growing"), new Random(1), 100_000);
        byte[] before = throughHeap(only);
        RegionCapture regions = new RegionCapture();
        regions.beforeEachRegion = () -> {
            try {
                Files.write(file, new byte[5000], StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        TarWriter.write(only, regions);
        assertThat(regions.toByteArray()).isEqualTo(before);
    }
}
