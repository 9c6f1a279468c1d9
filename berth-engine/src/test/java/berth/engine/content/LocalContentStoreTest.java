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
    void resumedIngestContinuesAfterTheBytesAnEarlierOneKept() throws IOException {
        Digest d = Digest.sha256(HELLO);
        try (ContentStore.Ingest first = store.resume(d)) {
            first.stream().write(HELLO, 0, 2);
        }
        store.recover(); // a restart in between keeps them
        try (ContentStore.Ingest second = store.resume(d)) {
            assertThat(second.written()).isEqualTo(2);
            try (InputStream earlier = second.openWritten()) {
                assertThat(earlier.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(HELLO, 2));
            }
            second.stream().write(HELLO, 2, HELLO.length - 2);
            assertThat(second.commit(d, HELLO.length)).isEqualTo(d);
        }
        assertThat(store.readAll(d)).isEqualTo(HELLO);
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void resumedIngestWhoseBytesDoNotVerifyDropsThem() throws IOException {
        Digest d = Digest.sha256(HELLO);
        try (ContentStore.Ingest first = store.resume(d)) {
            first.stream().write("garbage".getBytes());
        }
        try (ContentStore.Ingest second = store.resume(d)) {
            assertThatThrownBy(() -> second.commit(d, -1)).isInstanceOf(DigestMismatchException.class);
        }
        assertThat(ingestFiles()).isEmpty();
    }

    @Test
    void secondResumeOfABlobBeingResumedGetsAFreshIngest() throws IOException {
        Digest d = Digest.sha256(HELLO);
        try (ContentStore.Ingest first = store.resume(d)) {
            first.stream().write(HELLO, 0, 3);
            first.stream().flush();
            try (ContentStore.Ingest second = store.resume(d)) {
                assertThat(second.written()).isZero();
                second.stream().write(HELLO);
                second.commit(d, HELLO.length);
            }
        }
        assertThat(store.readAll(d)).isEqualTo(HELLO);
    }

    @Test
    void discardDropsTheBytesAResumableIngestWouldKeep() throws IOException {
        try (ContentStore.Ingest ingest = store.resume(Digest.sha256(HELLO))) {
            ingest.stream().write(HELLO, 0, 2);
            ingest.discard();
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
