package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker build --cache-from}: on a daemon without step cache for a Dockerfile, an image pulled from a registry
 * gives its layers to the steps that match its history.
 */
class DockerBuildCacheFromIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private static final String DOCKERFILE = """
            FROM busybox
            ENV GREETING=hello
            COPY app.txt /app/
            RUN cat /app/app.txt > /copied
            COPY later.txt /later/
            CMD ["cat", "/copied"]
            """;

    private final Docker docker = harness.docker();

    @TempDir
    Path dir;

    private CommandResult build(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "build";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = dir.toString();
        CommandResult r = docker.run(all);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** Built here, pushed, then gone from this daemon with all step cache, and pulled back: a fresh CI machine. */
    private String pushedAndPulled(String hint) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(dir.resolve("app.txt"), "app " + hint + "\n");
        Files.writeString(dir.resolve("later.txt"), "later\n");
        String ref = harness.image(harness.registry().address() + "/it/cachefrom-" + hint);
        build("-t", ref);
        CommandResult push = docker.run("push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        docker.ok("rmi", ref);
        docker.ok("builder", "prune", "-af");
        docker.ok("pull", ref);
        return ref;
    }

    private List<String> layers(String image) {
        String json = docker.ok("image", "inspect", "--format", "{{json .RootFS.Layers}}", image).out();
        return List.of(json.replaceAll("[\\[\\]\"]", "").split(","));
    }

    private static int usingCache(CommandResult r) {
        int n = 0;
        for (String line : r.stdout().split("\n")) if (line.equals(" ---> Using cache")) n++;
        return n;
    }

    @Test
    void everyStepMatchingThePulledImageUsesItsLayers() throws IOException {
        String ref = pushedAndPulled("all");
        CommandResult r = build("--cache-from", ref, "-t", "cachefrom-all:rebuilt");
        assertThat(usingCache(r)).as(r.describe()).isEqualTo(5);
        assertThat(r.stdout()).as(r.describe()).doesNotContain("Running in");
        assertThat(layers("cachefrom-all:rebuilt")).isEqualTo(layers(ref));
        assertThat(docker.ok("image", "inspect", "--format", "{{.Id}}", "cachefrom-all:rebuilt").out())
                .as("the last step matched with the image's own config: the image itself")
                .isEqualTo(docker.ok("image", "inspect", "--format", "{{.Id}}", ref).out());
        docker.ok("rmi", "cachefrom-all:rebuilt", ref);
    }

    @Test
    void aChangedFileMissesFromTheCopyThatReadsIt() throws IOException {
        String ref = pushedAndPulled("changed");
        Files.writeString(dir.resolve("later.txt"), "later, changed\n");
        CommandResult r = build("--cache-from", ref, "-t", "cachefrom-changed:rebuilt");
        assertThat(usingCache(r)).as("ENV, the first COPY and RUN only: " + r.describe()).isEqualTo(3);
        List<String> rebuilt = layers("cachefrom-changed:rebuilt");
        List<String> pulled = layers(ref);
        assertThat(rebuilt.subList(0, pulled.size() - 1)).isEqualTo(pulled.subList(0, pulled.size() - 1));
        assertThat(rebuilt.getLast()).isNotEqualTo(pulled.getLast());
        assertThat(docker.ok("run", "--rm", "cachefrom-changed:rebuilt", "cat", "/later/later.txt").out())
                .isEqualTo("later, changed");
        docker.ok("rmi", "cachefrom-changed:rebuilt", ref);
    }

    @Test
    void anImageNamedInCacheFromThatIsNotHereIsSkipped() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nENV NOT_THERE=1\n");
        CommandResult r = build("--cache-from", "it/cachefrom-missing:1", "-t", "cachefrom-missing:built");
        assertThat(r.stdout()).as(r.describe()).contains("Successfully tagged cachefrom-missing:built");
        docker.ok("rmi", "cachefrom-missing:built");
    }
}
