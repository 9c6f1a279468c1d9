package berth.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalContentStoreTest extends ContentStoreContract {
    @Override
    ContentStore open(Path dataRoot) throws IOException {
        return ContentStore.open(dataRoot);
    }

    @Test
    void blobIsStoredReadOnlyUnderItsHex() throws IOException {
        Digest d = store.put(HELLO);
        Path blob = dataRoot.resolve("content/blobs/sha256").resolve(d.hex());
        assertThat(blob).hasBinaryContent(HELLO);
        assertThat(Files.getAttribute(blob, "unix:mode")).isEqualTo(0100444);
    }

    @Test
    void recoverRemovesIngestLeftovers() throws IOException {
        ContentStore.Ingest abandoned = store.begin(); // a crash: never committed nor closed
        abandoned.stream().write(HELLO);
        abandoned.stream().flush();
        assertThat(ingestFiles()).hasSize(1);
        store.recover();
        assertThat(ingestFiles()).isEmpty();
        abandoned.close();
    }

    @Test
    void failedCommitLeavesNoIngestFile() throws IOException {
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
            assertThatThrownBy(() -> ingest.commit(Digest.sha256(new byte[0]), -1))
                    .isInstanceOf(DigestMismatchException.class);
        }
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void readingATamperedBlobFailsAtEof() throws IOException {
        Digest d = store.put(HELLO);
        Path blob = dataRoot.resolve("content/blobs/sha256").resolve(d.hex());
        Files.setAttribute(blob, "unix:mode", 0644);
        Files.write(blob, "hello, world".getBytes());
        try (InputStream in = store.open(d)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining("expected " + d);
        }
    }

    private java.util.List<Path> ingestFiles() throws IOException {
        try (Stream<Path> s = Files.list(dataRoot.resolve("content/ingest"))) {
            return s.toList();
        }
    }
}
