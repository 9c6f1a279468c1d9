package berth.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ContentStore} contract (containerd's testsuite.ContentSuite): extend once per implementation. */
abstract class ContentStoreContract {
    static final byte[] HELLO = "hello, berth".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataRoot;
    ContentStore store;

    abstract ContentStore open(Path dataRoot) throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = open(dataRoot);
    }

    @Test
    void putReturnsTheSha256OfTheBytes() throws IOException {
        assertThat(store.put(HELLO)).isEqualTo(Digest.sha256(HELLO));
    }

    @Test
    void readAllReturnsWhatWasPut() throws IOException {
        Digest d = store.put(HELLO);
        assertThat(store.readAll(d)).isEqualTo(HELLO);
    }

    @Test
    void committedBlobExistsWithItsSize() throws IOException {
        Digest d = store.put(HELLO);
        assertThat(store.exists(d)).isTrue();
        assertThat(store.size(d)).contains((long) HELLO.length);
        assertThat(store.list()).containsExactly(d);
    }

    @Test
    void ingestIsInvisibleUntilCommitted() throws IOException {
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
            ingest.stream().flush();
            assertThat(store.exists(Digest.sha256(HELLO))).isFalse();
            assertThat(store.list()).isEmpty();
            ingest.commit(null, -1);
        }
        assertThat(store.exists(Digest.sha256(HELLO))).isTrue();
    }

    @Test
    void ingestCountsWrittenBytes() throws IOException {
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
            ingest.stream().write('!');
            assertThat(ingest.written()).isEqualTo(HELLO.length + 1);
        }
    }

    @Test
    void commitWithWrongDigestFailsNamingBothDigests() throws IOException {
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
            assertThatThrownBy(() -> ingest.commit(wrong, HELLO.length))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessage("digest mismatch: expected " + wrong + " got " + Digest.sha256(HELLO));
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void commitWithWrongSizeFails() throws IOException {
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
            assertThatThrownBy(() -> ingest.commit(Digest.sha256(HELLO), HELLO.length + 1))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining("expected " + (HELLO.length + 1) + " bytes got " + HELLO.length);
        }
        assertThat(store.exists(Digest.sha256(HELLO))).isFalse();
    }

    @Test
    void committingPresentContentSucceedsAndKeepsOneCopy() throws IOException {
        Digest first = store.put(HELLO);
        Digest second = store.put(HELLO);
        assertThat(second).isEqualTo(first);
        assertThat(store.list()).containsExactly(first);
    }

    @Test
    void closeWithoutCommitDiscards() throws IOException {
        try (ContentStore.Ingest ingest = store.begin()) {
            ingest.stream().write(HELLO);
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void openingAnAbsentBlobThrowsNoSuchFile() {
        assertThatThrownBy(() -> store.open(Digest.sha256(HELLO))).isInstanceOf(NoSuchFileException.class);
        assertThat(store.size(Digest.sha256(HELLO))).isEmpty();
    }

    @Test
    void openStreamsTheBlob() throws IOException {
        Digest d = store.put(HELLO);
        try (InputStream in = store.open(d)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
    }

    @Test
    void deleteRemovesTheBlob() throws IOException {
        Digest d = store.put(HELLO);
        store.delete(d);
        assertThat(store.exists(d)).isFalse();
        store.delete(d); // idempotent
    }

    @Test
    void concurrentIngestsOfTheSameContentBothSucceed() throws Exception {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        List<Future<Digest>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) results.add(pool.submit(() -> store.put(big)));
        }
        for (Future<Digest> f : results) assertThat(f.get()).isEqualTo(Digest.sha256(big));
        assertThat(store.readAll(Digest.sha256(big))).isEqualTo(big);
    }

    @Test
    void recoverKeepsCommittedBlobs() throws IOException {
        Digest d = store.put(HELLO);
        store.recover();
        assertThat(store.readAll(d)).isEqualTo(HELLO);
    }
}
