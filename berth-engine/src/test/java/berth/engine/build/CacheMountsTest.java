package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.build.dockerfile.RunMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMountsTest {
    @TempDir
    Path tmp;

    private static RunMount.Cache cache(String spec) {
        return (RunMount.Cache) RunMount.parse("type=cache," + spec, UnaryOperator.identity());
    }

    @Test
    void contentIsKeptForTheNextStepWithTheSameId() throws IOException {
        CacheMounts mounts = new CacheMounts(tmp.resolve("m"));
        try (CacheMounts.Lease l = mounts.acquire(cache("target=/root/.cache"), null)) {
            Files.writeString(l.path().resolve("kept"), "1");
        }
        try (CacheMounts.Lease l = mounts.acquire(cache("target=/elsewhere,id=/root/.cache"), null)) {
            assertThat(l.path().resolve("kept")).hasContent("1");
        }
        try (CacheMounts.Lease l = mounts.acquire(cache("target=/other"), null)) {
            assertThat(l.path().resolve("kept")).doesNotExist();
        }
    }

    @Test
    void newDirectoryTakesModeOwnerAndSeed() throws IOException {
        Path seed = Files.createDirectories(tmp.resolve("seed/sub"));
        Files.writeString(seed.resolve("f"), "seeded");
        CacheMounts mounts = new CacheMounts(tmp.resolve("m"));
        try (CacheMounts.Lease l = mounts.acquire(cache("target=/c,mode=0700,uid=1000,gid=1001"), seed.getParent())) {
            assertThat(Files.getAttribute(l.path(), "unix:mode")).isEqualTo(040700);
            assertThat(Files.getAttribute(l.path(), "unix:uid")).isEqualTo(1000);
            assertThat(Files.getAttribute(l.path(), "unix:gid")).isEqualTo(1001);
            assertThat(l.path().resolve("sub/f")).hasContent("seeded");
        }
    }

    @Test
    void privateSharingGivesABusyIdAThrowAwayDirectory() throws IOException {
        CacheMounts mounts = new CacheMounts(tmp.resolve("m"));
        try (CacheMounts.Lease first = mounts.acquire(cache("target=/c,sharing=private"), null)) {
            Files.writeString(first.path().resolve("mine"), "1");
            Path second;
            try (CacheMounts.Lease other = mounts.acquire(cache("target=/c,sharing=private"), null)) {
                second = other.path();
                assertThat(second).isNotEqualTo(first.path());
                assertThat(second.resolve("mine")).doesNotExist();
            }
            assertThat(second).doesNotExist();
        }
    }

    @Test
    void pruneRemovesIdleDirectoriesOnly() throws IOException {
        CacheMounts mounts = new CacheMounts(tmp.resolve("m"));
        mounts.acquire(cache("target=/idle"), null).close();
        try (CacheMounts.Lease busy = mounts.acquire(cache("target=/busy"), null)) {
            Files.writeString(busy.path().resolve("f"), "12345");
            CacheMounts.Pruned pruned = mounts.prune(false);
            assertThat(pruned.names()).hasSize(1);
            assertThat(busy.path()).exists();
        }
        assertThat(mounts.prune(false).names()).hasSize(1);
        assertThat(mounts.prune(true).names()).isEmpty();
    }
}
