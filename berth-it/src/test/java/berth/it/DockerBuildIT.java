package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker build} (the CLI's classic builder, POST /build) against berthd: the step cache, multi-stage targets,
 * failing steps, hostile contexts and bad Dockerfiles.
 */
class DockerBuildIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private CommandResult build(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "build";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = dir.toString();
        return docker.run(all);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    private static String builtId(CommandResult r) {
        Matcher m = Pattern.compile("Successfully built ([0-9a-f]{12})").matcher(r.stdout());
        assertThat(m.find()).as(r.describe()).isTrue();
        return m.group(1);
    }

    @Test
    void rebuildWithNothingChangedUsesTheCacheForEveryStep() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo one > /one\nCOPY a.txt /a.txt\nENV X=1\nCMD [\"cat\", \"/a.txt\"]\n");
        write("a.txt", "content");
        String tag = harness.name("cached") + ":1";
        CommandResult first = build("-t", tag);
        assertThat(first.exitCode()).as(first.describe()).isZero();
        CommandResult second = build("-t", tag);
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(count(second.stdout(), " ---> Using cache")).as(second.describe()).isEqualTo(4);
        assertThat(second.stdout()).doesNotContain("Running in");
        assertThat(builtId(second)).isEqualTo(builtId(first));
        assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("content");
    }

    @Test
    void quietBuildPrintsOnlyTheImageId() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo from-the-step\n");
        String tag = harness.name("quiet") + ":1";
        CommandResult r = build("-q", "--no-cache", "-t", tag);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().strip()).as(r.describe()).matches("sha256:[0-9a-f]{64}");
        assertThat(docker.inspect("{{.Id}}", tag)).isEqualTo(r.stdout().strip());
    }

    @Test
    void quietBuildThatFailsShowsItsStepsAndTheError() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo before-failing && exit 3\n");
        CommandResult r = build("-q", "--no-cache");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout() + r.stderr()).contains("before-failing").contains("returned a non-zero code: 3");
    }

    @Test
    void changingOneFileRerunsOnlyFromTheCopyThatReadsIt() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo base > /base\nCOPY early.txt /early.txt\nRUN cat /early.txt\n"
                + "COPY late.txt /late.txt\nRUN cat /late.txt > /copy\n");
        write("early.txt", "early");
        write("late.txt", "v1");
        String tag = harness.name("late") + ":1";
        build("-t", tag).requireSuccess();
        write("late.txt", "v2");
        CommandResult r = build("-t", tag);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        // steps 2-4 come from the cache; the COPY of the changed file and the RUN after it run again
        assertThat(count(r.stdout(), " ---> Using cache")).as(r.describe()).isEqualTo(3);
        assertThat(count(r.stdout(), "Running in")).as(r.describe()).isEqualTo(1);
        assertThat(docker.ok("run", "--rm", tag, "cat", "/copy").out()).isEqualTo("v2");
    }

    @Test
    void targetBuildsOnlyTheStagesItNeeds() throws IOException {
        write("Dockerfile", """
                FROM busybox AS base
                RUN echo base > /base
                FROM base AS builder
                RUN echo built > /artifact
                FROM busybox AS broken
                RUN echo never && exit 7
                FROM busybox
                COPY --from=builder /artifact /artifact
                CMD ["cat", "/artifact"]
                """);
        String tag = harness.name("multi") + ":1";
        CommandResult full = build("-t", tag);
        assertThat(full.exitCode()).as(full.describe()).isZero();
        assertThat(full.stdout()).doesNotContain("never");
        assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("built");
        String builder = harness.name("multi") + ":builder";
        CommandResult target = build("--target", "builder", "-t", builder);
        assertThat(target.exitCode()).as(target.describe()).isZero();
        assertThat(target.stdout()).contains("Step 4/4 : RUN echo built > /artifact").doesNotContain("COPY --from");
        assertThat(docker.ok("run", "--rm", builder, "cat", "/base", "/artifact").out()).isEqualTo("base\nbuilt");
    }

    @Test
    void failingRunShowsItsOutputAndExitCodeAndTagsNothing() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo about to fail && exit 3\n");
        String tag = harness.name("failing") + ":1";
        CommandResult r = build("-t", tag);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stdout()).contains("about to fail");
        assertThat(r.stderr()).contains("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3");
        assertThat(docker.run("image", "inspect", tag).exitCode()).isNotZero();
        assertThat(docker.ok("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void badDockerfileIsRefusedWithItsLineBeforeAnythingRuns() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo ran > /ran\nFROOM busybox\n");
        CommandResult r = build("-t", harness.name("bad") + ":1");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Dockerfile:3").contains("FROOM");
        assertThat(r.stdout()).doesNotContain("Step 1/");
    }

    @Test
    void hostileContextIsRefusedAndWritesNothingOutside() throws IOException {
        String marker = "berth-build-escape-" + harness.name("x");
        byte[] tar = tar(new String[][] {{"Dockerfile", "FROM busybox\nCOPY . /c/\n"}, {"../../../../tmp/" + marker, "x"}});
        CommandResult r = docker.exec(tar, Docker.DEFAULT_TIMEOUT, "build", "-t", harness.name("hostile") + ":1", "-");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("leaves the build context");
        assertThat(Path.of("/tmp", marker)).doesNotExist();
    }

    @Test
    void copyOfASymlinkLeadingOutOfTheContextFails() throws IOException {
        write("Dockerfile", "FROM busybox\nCOPY out /out\n");
        Files.createSymbolicLink(dir.resolve("out"), Path.of("../../../../../etc/hostname"));
        CommandResult r = build("-t", harness.name("symlink") + ":1");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("COPY failed: file not found in build context");
    }

    @Test
    void dockerignoreHidesFilesFromCopy() throws IOException {
        write("Dockerfile", "FROM busybox\nCOPY . /app/\nRUN ls -a /app | sort | tr '\\n' ' '\n");
        write(".dockerignore", "secret*\nlogs/\n!logs/keep.log\n");
        write("kept.txt", "k");
        write("secret.key", "s");
        write("logs/a.log", "a");
        write("logs/keep.log", "k");
        String tag = harness.name("ignore") + ":1";
        build("-t", tag).requireSuccess();
        assertThat(docker.ok("run", "--rm", tag, "sh", "-c", "cd /app && find . -type f | sort").out())
                .isEqualTo("./.dockerignore\n./Dockerfile\n./kept.txt\n./logs/keep.log");
    }

    @Test
    void instructionsGiveTheImageConfig() throws IOException {
        write("Dockerfile", """
                FROM busybox
                ARG WHO=builder
                ENV APP_HOME=/srv/app GREETING="hello $WHO"
                WORKDIR $APP_HOME
                USER nobody
                EXPOSE 8080 53/udp
                LABEL team=infra "built.by"=$WHO
                VOLUME /data
                STOPSIGNAL SIGINT
                HEALTHCHECK --interval=5s CMD true
                ENTRYPOINT ["sh", "-c"]
                CMD ["echo $GREETING"]
                """);
        String tag = harness.name("config") + ":1";
        build("-t", tag, "--label", "extra=yes").requireSuccess();
        assertThat(docker.inspect("{{.Config.WorkingDir}} {{.Config.User}} {{.Config.StopSignal}}", tag))
                .isEqualTo("/srv/app nobody SIGINT");
        assertThat(docker.inspect("{{json .Config.ExposedPorts}} {{json .Config.Volumes}}", tag))
                .isEqualTo("{\"53/udp\":{},\"8080/tcp\":{}} {\"/data\":{}}");
        assertThat(docker.inspect("{{json .Config.Labels}}", tag))
                .isEqualTo("{\"built.by\":\"builder\",\"extra\":\"yes\",\"team\":\"infra\"}");
        assertThat(docker.inspect("{{json .Config.Healthcheck}}", tag)).contains("\"Interval\":5000000000");
        assertThat(docker.ok("run", "--rm", tag).out()).isEqualTo("hello builder");
        assertThat(docker.ok("history", "-q", tag).outLines()).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void copyOwnersModesArchivesHeredocsAndTriggersApply() throws IOException {
        write("Dockerfile", """
                FROM busybox AS base
                ONBUILD RUN echo triggered > /triggered
                RUN echo 'app:x:1234:2345::/home/app:/bin/sh' >> /etc/passwd && echo 'grp:x:2345:' >> /etc/group
                FROM base
                COPY --chown=app:grp sub/*.txt /owned/
                COPY --chmod=0700 sub/b.log /modes/b.log
                ADD pkg.tar /unpacked/
                COPY <<EOF /inline.txt
                line one
                EOF
                USER app
                """);
        write("sub/a.txt", "a");
        write("sub/b.log", "b");
        Files.write(dir.resolve("pkg.tar"), tar(new String[][] {{"inner.txt", "inside"}}));
        String tag = harness.name("copyopts") + ":1";
        build("-t", tag).requireSuccess();
        assertThat(docker.ok("run", "--rm", tag, "sh", "-c",
                "stat -c '%u:%g %a' /owned/a.txt /modes/b.log; cat /unpacked/inner.txt /inline.txt /triggered; id -u")
                .out()).isEqualTo("1234:2345 644\n0:0 700\ninsideline one\ntriggered\n1234");
    }

    @Test
    void addFromAUrlIsRefusedClearly() throws IOException {
        write("Dockerfile", "FROM busybox\nADD https://example.org/app.tar.gz /app/\n");
        CommandResult r = build("-t", harness.name("url") + ":1");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("https://example.org/app.tar.gz is a URL").contains("no network access");
    }

    @Test
    void buildArgsReachRunAndTheirChangeMissesTheCache() throws IOException {
        write("Dockerfile", "FROM busybox\nARG VERSION=1\nRUN echo v$VERSION > /version\n");
        String tag = harness.name("args") + ":1";
        build("-t", tag, "--build-arg", "VERSION=2").requireSuccess();
        assertThat(docker.ok("run", "--rm", tag, "cat", "/version").out()).isEqualTo("v2");
        CommandResult again = build("-t", tag, "--build-arg", "VERSION=3");
        assertThat(again.stdout()).contains("Running in");
        assertThat(docker.ok("run", "--rm", tag, "cat", "/version").out()).isEqualTo("v3");
    }

    @Test
    void builderPruneDropsTheCache() throws IOException {
        write("Dockerfile", "FROM busybox\nRUN echo pruned > /p\n");
        String tag = harness.name("prune") + ":1";
        build("-t", tag).requireSuccess();
        docker.ok("builder", "prune", "-f");
        CommandResult r = build("-t", tag);
        assertThat(r.stdout()).doesNotContain("Using cache").contains("Running in");
    }

    /** A plain tar of (name, content) pairs, names as given (hostile ones included). */
    private static byte[] tar(String[][] entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] e : entries) {
            byte[] data = e[1].getBytes(StandardCharsets.UTF_8);
            byte[] h = new byte[512];
            put(h, 0, e[0]);
            put(h, 100, "0000644\0");
            put(h, 108, "0000000\0");
            put(h, 116, "0000000\0");
            put(h, 124, String.format("%011o\0", data.length));
            put(h, 136, String.format("%011o\0", 0));
            h[156] = '0';
            put(h, 257, "ustar\0");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) h[i] = ' ';
            int sum = 0;
            for (byte b : h) sum += b & 0xff;
            put(h, 148, String.format("%06o\0 ", sum));
            out.write(h);
            out.write(data);
            out.write(new byte[(512 - data.length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
