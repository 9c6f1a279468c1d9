package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundFileWriterTest {
    @TempDir
    Path tmp;

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void finishedFileIsCompleteOnceClosed() throws IOException {
        byte[] data = random(12 << 20); // more chunks than may wait at once
        Path file = tmp.resolve("t");
        BackgroundFileWriter w = new BackgroundFileWriter(file);
        w.write(data, 0, data.length);
        w.finish();
        w.close();
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void abortedFileReportsItselfIncompleteWhenClosed() throws IOException {
        BackgroundFileWriter w = new BackgroundFileWriter(tmp.resolve("t"));
        w.write(random(3 << 20));
        w.finish();
        w.abort();
        assertThatThrownBy(w::close).isInstanceOf(IOException.class);
    }
}
