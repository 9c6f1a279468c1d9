package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Named and anonymous volumes through the docker CLI: the volume verbs, their lifetime, and what keeps them. */
class DockerVolumesIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Docker docker = harness.docker();

    private String volume(String hint) {
        return harness.name(hint);
    }

    private static JsonNode json(CommandResult r) {
        try {
            return JSON.readTree(r.out());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.describe(), e);
        }
    }

    @Test
    void volumeInspectShowsDockersFields() {
        String v = volume("v-inspect");
        assertThat(docker.ok("volume", "create", "--label", "team=a", v).out().strip()).isEqualTo(v);
        JsonNode n = json(docker.ok("volume", "inspect", v)).get(0);
        assertThat(n.path("Name").asText()).isEqualTo(v);
        assertThat(n.path("Driver").asText()).isEqualTo("local");
        assertThat(n.path("Scope").asText()).isEqualTo("local");
        assertThat(n.path("Labels").path("team").asText()).isEqualTo("a");
        assertThat(n.path("Options").isNull()).isTrue();
        assertThat(n.path("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(n.path("Mountpoint").asText()).endsWith("/volumes/" + v + "/_data");
        assertThat(Path.of(n.path("Mountpoint").asText())).isDirectory();
        docker.ok("volume", "rm", v);
    }

    @Test
    void volumeLsFiltersByDanglingNameLabelAndDriver() {
        String used = volume("v-ls-used");
        String free = volume("v-ls-free");
        docker.ok("volume", "create", "--label", "kind=x", free);
        String c = harness.name("v-ls");
        docker.ok("create", "--name", c, "-v", used + ":/data", "busybox", "true");
        assertThat(docker.ok("volume", "ls", "-q", "--filter", "dangling=true").outLines()).contains(free).doesNotContain(used);
        assertThat(docker.ok("volume", "ls", "-q", "--filter", "dangling=false").outLines()).contains(used).doesNotContain(free);
        assertThat(docker.ok("volume", "ls", "-q", "--filter", "label=kind=x").outLines()).containsExactly(free);
        assertThat(docker.ok("volume", "ls", "-q", "--filter", "name=" + used).outLines()).containsExactly(used);
        assertThat(docker.ok("volume", "ls", "-q", "--filter", "driver=local").outLines()).contains(used, free);
        assertThat(docker.ok("volume", "ls", "--format", "{{.Name}} {{.Driver}}", "--filter", "name=" + free).out())
                .isEqualTo(free + " local");
        assertThat(docker.run("volume", "ls", "--filter", "colour=red").stderr()).contains("invalid filter 'colour'");
        docker.ok("rm", c);
        docker.ok("volume", "rm", used, free);
    }

    @Test
    void volumeInUseIsNotRemovedEvenWithForce() {
        String v = volume("v-inuse");
        String c = harness.name("v-inuse");
        docker.ok("create", "--name", c, "-v", v + ":/data", "busybox", "true");
        CommandResult rm = docker.run("volume", "rm", "-f", v);
        assertThat(rm.exitCode()).isNotZero();
        assertThat(rm.stderr()).contains("remove " + v + ": volume is in use - [");
        assertThat(docker.ok("volume", "ls", "-q").outLines()).contains(v);
        docker.ok("rm", c);
        docker.ok("volume", "rm", v);
        assertThat(docker.run("volume", "inspect", v).stderr()).contains("get " + v + ": no such volume");
        docker.ok("volume", "rm", "-f", v); // gone already: -f says nothing
    }

    @Test
    void pruneRemovesUnusedAnonymousVolumesAndWithAllNamedOnesToo() {
        String named = volume("v-prune-named");
        docker.ok("volume", "create", named);
        String anonymous = docker.ok("volume", "create").out().strip();
        String keptAnonymous = docker.ok("volume", "create").out().strip();
        String c = harness.name("v-prune");
        docker.ok("create", "--name", c, "-v", keptAnonymous + ":/data", "busybox", "true");
        CommandResult pruned = docker.ok("volume", "prune", "-f");
        assertThat(pruned.out()).contains(anonymous).doesNotContain(named).doesNotContain(keptAnonymous);
        assertThat(docker.ok("volume", "ls", "-q").outLines()).contains(named, keptAnonymous).doesNotContain(anonymous);
        assertThat(docker.ok("volume", "prune", "-f", "-a").out()).contains(named).doesNotContain(keptAnonymous);
        docker.ok("rm", "-v", c);
        assertThat(docker.ok("volume", "ls", "-q").outLines()).doesNotContain(named, keptAnonymous);
    }

    @Test
    void dataWrittenByOneContainerIsReadByTheNextAfterItsRemoval() {
        String v = volume("v-data");
        docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "sh", "-c", "echo kept > /data/file");
        assertThat(docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "cat", "/data/file").out()).isEqualTo("kept");
        docker.ok("volume", "rm", v);
    }

    @Test
    void twoRunningContainersShareOneVolume() {
        String v = volume("v-share");
        String writer = harness.name("v-share-w");
        docker.ok("run", "-d", "--name", writer, "-v", v + ":/data", "busybox", "sh", "-c",
                "echo live > /data/f; sleep 300");
        berth.it.harness.Poll.until(java.time.Duration.ofSeconds(20)).check(
                () -> docker.run("run", "--rm", "-v", v + ":/data", "busybox", "cat", "/data/f").out().equals("live"),
                () -> "the second container does not see the first one's write");
        docker.ok("rm", "-f", writer);
        docker.ok("volume", "rm", v);
    }

    @Test
    void imageVolumeGivesEachContainerItsOwnAnonymousVolumeAndRmVRemovesIt() {
        String image = harness.image("it-vol-image");
        String src = harness.name("v-image-src");
        docker.ok("run", "--name", src, "busybox", "sh", "-c", "mkdir /state && echo seed > /state/seed");
        docker.ok("commit", "-c", "VOLUME /state", src, image);
        docker.ok("rm", src);
        String a = harness.name("v-image-a");
        String b = harness.name("v-image-b");
        docker.ok("run", "--name", a, image, "sh", "-c", "echo a > /state/mine");
        docker.ok("run", "--name", b, image, "cat", "/state/seed");
        String va = docker.inspect("{{range .Mounts}}{{.Name}}{{end}}", a);
        String vb = docker.inspect("{{range .Mounts}}{{.Name}}{{end}}", b);
        assertThat(va).matches("[0-9a-f]{64}").isNotEqualTo(vb);
        assertThat(docker.ok("run", "--rm", "-v", va + ":/s", "busybox", "cat", "/s/seed", "/s/mine").out())
                .isEqualTo("seed\na");
        docker.ok("rm", "-v", a);
        docker.ok("rm", b);
        List<String> left = docker.ok("volume", "ls", "-q").outLines();
        assertThat(left).doesNotContain(va).contains(vb);
        docker.ok("volume", "rm", vb);
        docker.ok("rmi", image);
    }

    @Test
    void rmVKeepsNamedVolumes() {
        String v = volume("v-rmv");
        String c = harness.name("v-rmv");
        docker.ok("run", "--name", c, "-v", v + ":/data", "-v", "/anon", "busybox", "true");
        String anonymous = docker.inspect("{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}", c);
        docker.ok("rm", "-v", c);
        assertThat(docker.ok("volume", "ls", "-q").outLines()).contains(v).doesNotContain(anonymous);
        docker.ok("volume", "rm", v);
    }

    @Test
    void startAndExitPublishTheMountAndUnmountOfEachVolume() {
        String v = volume("v-events");
        long since = java.time.Instant.now().getEpochSecond() - 1;
        String id = docker.ok("create", "-v", v + ":/data:ro", "-v", "/anon", "busybox", "true").out().strip();
        docker.ok("start", "-a", id);
        String anon = docker.ok("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}",
                id).out().strip();
        long until = java.time.Instant.now().getEpochSecond() + 1;
        CommandResult r = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.container}} "
                        + "{{.Actor.Attributes.driver}} {{.Actor.Attributes.destination}} "
                        + "{{index .Actor.Attributes \"read/write\"}} [{{.Actor.Attributes.propagation}}]");
        List<String> mine = r.outLines().stream().filter(l -> l.contains(" " + id + " ")).toList();
        assertThat(mine).as(r.describe()).hasSize(4);
        assertThat(mine.subList(0, 2)).as(r.describe()).containsExactlyInAnyOrder(
                "mount " + v + " " + id + " local /data false []",
                "mount " + anon + " " + id + " local /anon true []");
        assertThat(mine.subList(2, 4)).as(r.describe()).map(l -> l.substring(0, l.indexOf(" local ") + 6))
                .containsExactlyInAnyOrder("unmount " + v + " " + id + " local", "unmount " + anon + " " + id + " local");
        docker.ok("rm", "-v", id);
        docker.ok("volume", "rm", v);
    }

    @Test
    void runRmRemovesAnonymousVolumesOnly() {
        String v = volume("v-runrm");
        List<String> before = docker.ok("volume", "ls", "-q").outLines();
        docker.ok("run", "--rm", "-v", v + ":/data", "-v", "/anon", "busybox", "true");
        List<String> after = new ArrayList<>(docker.ok("volume", "ls", "-q").outLines());
        after.removeAll(before);
        assertThat(after).containsExactly(v);
        docker.ok("volume", "rm", v);
    }

    @Test
    void volumesFromMountsTheOtherContainersVolumesReadOnlyWhenAsked() {
        String v = volume("v-from");
        String source = harness.name("v-from-src");
        docker.ok("create", "--name", source, "-v", v + ":/data", "-v", "/anon", "busybox", "true");
        docker.ok("run", "--rm", "--volumes-from", source, "busybox", "sh", "-c", "echo via > /data/f && touch /anon/x");
        CommandResult ro = docker.run("run", "--rm", "--volumes-from", source + ":ro", "busybox", "sh", "-c",
                "cat /data/f; touch /data/g");
        assertThat(ro.out()).isEqualTo("via");
        assertThat(ro.stderr()).contains("Read-only file system");
        docker.ok("rm", "-v", source);
        docker.ok("volume", "rm", v);
    }

    @Test
    void volumeRmAndPruneRacingRunNeverDeleteAVolumeInUse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 4; round++) {
                String v = volume("v-race");
                docker.ok("volume", "create", v);
                String c = harness.name("v-race");
                Future<CommandResult> run = pool.submit(() -> docker.run("run", "-d", "--name", c, "-v", v + ":/data",
                        "busybox", "sh", "-c", "echo alive > /data/f; sleep 300"));
                Future<CommandResult> rm = pool.submit(() -> docker.run("volume", "rm", v));
                Future<CommandResult> prune = pool.submit(() -> docker.run("volume", "prune", "-f", "-a"));
                CommandResult ran = run.get();
                rm.get();
                prune.get();
                assertThat(ran.exitCode()).as(ran.describe()).isZero();
                // whichever came first, the running container's volume exists and is the one it writes to
                JsonNode n = json(docker.ok("volume", "inspect", v)).get(0);
                berth.it.harness.Poll.until(java.time.Duration.ofSeconds(20)).check(
                        () -> Files.exists(Path.of(n.path("Mountpoint").asText(), "f")),
                        () -> "the container's write is not in volume " + v);
                assertThat(docker.run("volume", "rm", v).exitCode()).isNotZero();
                docker.ok("rm", "-f", c);
                docker.ok("volume", "rm", v);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void systemDfVerboseShowsVolumeSizeAndLinks() {
        String v = volume("v-df");
        String c = harness.name("v-df");
        docker.ok("run", "--name", c, "-v", v + ":/data", "busybox", "sh", "-c", "head -c 3000 /dev/zero > /data/z");
        String line = docker.ok("system", "df", "-v").outLines().stream().filter(l -> l.startsWith(v + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + v));
        assertThat(line.split("\\s+")).containsExactly(v, "1", "3kB");
        assertThat(harness.berth().ok("system", "df", "-v").outLines()).as("berth system df -v").contains(line);
        docker.ok("rm", c);
        docker.ok("volume", "rm", v);
    }

    @Test
    void systemPruneWithVolumesRemovesUnusedAnonymousVolumes() {
        String anonymous = docker.ok("volume", "create").out().strip();
        // the other parts of system prune (the build cache) are not this test's: only the volumes' part is checked
        assertThat(docker.run("system", "prune", "-f", "--volumes").out()).contains("Deleted Volumes:", anonymous);
        assertThat(docker.ok("volume", "ls", "-q").outLines()).doesNotContain(anonymous);
    }

    @Test
    void psFiltersByVolumeNameOrMountDestination() {
        String v = volume("v-ps");
        String user = harness.name("uses-volume");
        String other = harness.name("no-volume");
        docker.ok("create", "--name", user, "-v", v + ":/data", "busybox", "true");
        docker.ok("create", "--name", other, "busybox", "true");
        assertThat(docker.ok("ps", "-a", "--filter", "volume=" + v, "--format", "{{.Names}}").outLines()).containsExactly(user);
        assertThat(docker.ok("ps", "-a", "--filter", "volume=/data", "--format", "{{.Names}}").outLines()).contains(user)
                .doesNotContain(other);
        docker.ok("rm", user, other);
        docker.ok("volume", "rm", v);
    }

    @Test
    void volumeCreateRefusesUnknownOptionsBadNamesAndOtherDrivers() {
        assertThat(docker.run("volume", "create", "-o", "colour=red", volume("v-bad")).stderr()).contains("invalid option: \"colour\"");
        assertThat(docker.run("volume", "create", "-o", "type=tmpfs", volume("v-bad")).stderr())
                .contains("missing required option: \"device\"");
        assertThat(docker.run("volume", "create", "a@b").stderr()).contains("\"a@b\" includes invalid characters for a local volume name");
        assertThat(docker.run("volume", "create", "-d", "nfs-plugin", volume("v-bad")).stderr())
                .contains("volume driver \"nfs-plugin\" is not supported");
        assertThat(docker.ok("volume", "ls", "-q").outLines()).noneMatch(n -> n.contains("v-bad"));
    }

    @Test
    void tmpfsVolumeIsMountedWithItsOptions() {
        String v = volume("v-tmpfs");
        docker.ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m", v);
        String mounts = docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "sh", "-c", "grep ' /data ' /proc/mounts").out();
        assertThat(mounts).startsWith("tmpfs /data tmpfs").contains("size=2048k");
        docker.ok("volume", "rm", v);
    }

    @Test
    void bindVolumeShowsTheHostDirectory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello"), "from host");
        String v = volume("v-bindopt");
        docker.ok("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + dir, v);
        assertThat(docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "cat", "/data/hello").out()).isEqualTo("from host");
        docker.ok("volume", "rm", v);
        assertThat(dir.resolve("hello")).as("removing the volume leaves the bound directory alone").hasContent("from host");
    }

    @Test
    void bindVolumeIsReadOnlyWhenItsOptionsSaySo(@org.junit.jupiter.api.io.TempDir Path dir) {
        String v = volume("v-bindro");
        docker.ok("volume", "create", "-o", "type=none", "-o", "o=bind,ro", "-o", "device=" + dir, v);
        CommandResult r = docker.run("run", "--rm", "-v", v + ":/data", "busybox", "touch", "/data/x");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("Read-only file system");
        assertThat(dir.resolve("x")).doesNotExist();
        docker.ok("volume", "rm", v);
    }

    @Test
    void bindVolumeOptionsThatABindIgnoresAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) {
        String v = volume("v-bindbad");
        CommandResult r = docker.run("volume", "create", "-o", "type=none", "-o", "o=bind,size=1m", "-o", "device=" + dir, v);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("option \"size=1m\" has no effect on a bind mount");
        assertThat(docker.ok("volume", "ls", "-q").outLines()).doesNotContain(v);
    }

    @Test
    void volumeDataSurvivesARestartAndAKillOfBerthd() {
        Harness.assumeBerthd();
        BerthDaemon berthd = harness.berthd();
        String v = volume("v-restart");
        docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "sh", "-c", "echo durable > /data/f");
        berthd.restart();
        assertThat(docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "cat", "/data/f").out()).isEqualTo("durable");
        berthd.kill();
        berthd.restart();
        assertThat(docker.ok("volume", "ls", "-q").outLines()).contains(v);
        assertThat(docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "cat", "/data/f").out()).isEqualTo("durable");
        docker.ok("volume", "rm", v);
    }

    @Test
    void berthCliManagesVolumes() {
        var berth = harness.berth();
        String v = volume("v-berth");
        assertThat(berth.ok("volume", "create", "--label", "k=v", v).out().strip()).isEqualTo(v);
        assertThat(berth.ok("volume", "ls", "-q", "--filter", "label=k=v").outLines()).containsExactly(v);
        assertThat(berth.ok("run", "--rm", "-v", v + ":/d", "busybox", "sh", "-c", "echo b > /d/f; cat /d/f").out())
                .isEqualTo("b");
        assertThat(berth.ok("volume", "inspect", "-f", "{{.Driver}}", v).out()).isEqualTo("local");
        assertThat(berth.ok("volume", "rm", v).out().strip()).isEqualTo(v);
    }
}
