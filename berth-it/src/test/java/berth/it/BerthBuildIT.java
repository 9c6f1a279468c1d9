package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Berth;
import berth.it.harness.CommandResult;
import berth.it.harness.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth build}: the context sent from a directory or stdin, its flags, and what it prints. */
class BerthBuildIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    @TempDir
    Path dir;

    @BeforeAll
    static void onlyAgainstBerthd() {
        Harness.assumeBerthd();
    }

    private Berth berth() {
        return harness.berth();
    }

    @Test
    void severalTagsBuildArgsAndIidfileAreApplied() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nARG NAME=x\nRUN echo hello $NAME > /greeting\n");
        String a = harness.name("cli-a") + ":1";
        String b = harness.name("cli-b") + ":2";
        Path iid = dir.resolve("iid");
        CommandResult r = berth().run("build", "-t", a, "-t", b, "--build-arg", "NAME=berth", "--iidfile", iid.toString(),
                dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("Step 3/3 : RUN echo hello $NAME > /greeting").contains("Successfully tagged " + a)
                .contains("Successfully tagged " + b);
        String id = Files.readString(iid);
        assertThat(id).startsWith("sha256:");
        assertThat(harness.docker().inspect("{{.Id}}", b)).isEqualTo(id);
        assertThat(harness.docker().ok("run", "--rm", a, "cat", "/greeting").out()).isEqualTo("hello berth");
    }

    @Test
    void dockerfileFromStdinWithTheDirectoryAsContext() throws IOException {
        Files.writeString(dir.resolve("data.txt"), "from the context");
        String tag = harness.name("cli-stdin") + ":1";
        CommandResult r = berth().runWithStdin("FROM busybox\nCOPY data.txt /data.txt\n", "build", "-f", "-", "-t", tag,
                dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(harness.docker().ok("run", "--rm", tag, "cat", "/data.txt").out()).isEqualTo("from the context");
    }

    @Test
    void aContextOfManyChunksArrivesWhole() throws IOException {
        // larger than one 64 KB chunk of the request body, with an odd size so the last chunk is a short one
        byte[] big = new byte[3 * 64 * 1024 + 1234];
        new java.util.Random(7).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        for (int i = 0; i < 50; i++) Files.writeString(dir.resolve("f" + i + ".txt"), "file " + i);
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY . /ctx/\n");
        String tag = harness.name("cli-chunks") + ":1";
        berth().ok("build", "-q", "-t", tag, dir.toString());
        String sums = harness.docker().ok("run", "--rm", tag, "sh", "-c", "md5sum /ctx/big.bin; cat /ctx/f49.txt").out();
        String expected = java.util.HexFormat.of().formatHex(md5(big));
        assertThat(sums).contains(expected + "  /ctx/big.bin").endsWith("file 49");
    }

    private static byte[] md5(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void quietPrintsOnlyTheImageId() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo noisy\n");
        CommandResult r = berth().run("build", "-q", dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void cacheFromReusesTheStepsOfAnImageOnceTheStepCacheIsGone() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo made > /made\n");
        String tag = harness.name("cli-cachefrom") + ":1";
        berth().ok("build", "-t", tag, dir.toString());
        String id = harness.docker().inspect("{{.Id}}", tag);
        harness.docker().ok("builder", "prune", "-af");
        CommandResult r = berth().run("build", "--cache-from", tag, "-t", tag, dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("Using cache");
        assertThat(harness.docker().inspect("{{.Id}}", tag)).isEqualTo(id);
    }

    @Test
    void explainSaysWhyEachStepMissed() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY app/ /app/\nRUN cat /app/main.c\n");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/main.c"), "int main;");
        String tag = harness.name("cli-explain") + ":1";
        berth().ok("build", "-t", tag, dir.toString());
        Files.writeString(dir.resolve("app/main.c"), "int main(void);");
        CommandResult r = berth().run("build", "--explain", "-t", tag, dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("Cache miss: COPY app/: app/main.c changed")
                .contains("Cache miss: parent step 2 rebuilt");
    }

    @Test
    void failingStepExitsWithItsCodeAndShowsItsOutput() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo broken && exit 5\n");
        CommandResult r = berth().run("build", "-t", harness.name("cli-fail") + ":1", dir.toString());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(5);
        assertThat(r.stdout()).contains("broken");
        assertThat(r.stderr()).contains("returned a non-zero code: 5");
    }
}
