package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.FileSystemCalls;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a container mounts beside its root: {@code -v} and {@code --mount} binds, volumes and tmpfs with their options,
 * the copy of the image's content into a new volume, how inspect shows the mounts, and what cp, commit and export
 * see of them; bad input refused before anything is created.
 */
class DockerMountsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An image whose /srv has a tree with owners, modes, a symlink, a hard link and a file capability. */
    private static String image;

    /** vfs_cap_data revision 2, effective, permitted cap_net_bind_service (10): what setcap writes for it+ep. */
    private static final byte[] NET_BIND_SERVICE = ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putInt(0x02000001).putInt(1 << 10).putInt(0).putInt(0).putInt(0).array();

    private final Docker docker = harness.docker();

    @TempDir
    Path tmp;

    @BeforeAll
    static void imageWithContent() throws IOException {
        Docker docker = harness.docker();
        image = harness.image("it-mounts");
        String src = harness.name("m-src");
        docker.ok("run", "--name", src, "busybox", "sh", "-c", "mkdir -p /srv/sub && echo content > /srv/sub/f"
                + " && chown -R 1234:4321 /srv && chmod 2750 /srv/sub && chmod 4755 /srv/sub/f && ln -s sub/f /srv/link"
                + " && ln /srv/sub/f /srv/hard");
        // a file capability (the xattr commit records, as Docker's does), set from the host in the writable layer
        Path upper = Path.of(docker.inspect("{{.GraphDriver.Data.UpperDir}}", src));
        FileSystemCalls.setXattr(upper.resolve("srv/sub/f"), "security.capability", NET_BIND_SERVICE);
        docker.ok("commit", src, image);
        docker.ok("rm", src);
    }

    @AfterAll
    static void removeImage() {
        harness.docker().run("rmi", image);
    }

    private JsonNode mounts(String container) throws IOException {
        return JSON.readTree(docker.inspect("{{json .Mounts}}", container));
    }

    private String mountpoint(String volume) {
        return docker.ok("volume", "inspect", "-f", "{{.Mountpoint}}", volume).out().strip();
    }

    @Test
    void newVolumeGetsTheImagesContentWithOwnersModesLinksAndXattrs() throws IOException {
        String v = harness.name("m-copy");
        String listing = docker.ok("run", "--rm", "-v", v + ":/srv", image, "sh", "-c",
                "stat -c '%n %u:%g %a %h' /srv /srv/sub /srv/sub/f /srv/hard; readlink /srv/link").out();
        assertThat(listing).isEqualTo("/srv 1234:4321 755 3\n/srv/sub 1234:4321 2750 2\n/srv/sub/f 1234:4321 4755 2\n"
                + "/srv/hard 1234:4321 4755 2\nsub/f");
        Path f = Path.of(mountpoint(v), "sub/f");
        assertThat(FileSystemCalls.getXattr(f, "security.capability")).isEqualTo(NET_BIND_SERVICE);
        docker.ok("volume", "rm", v);
    }

    @Test
    void volumeThatHasDataIsNotOverwrittenByTheImage() {
        String v = harness.name("m-nocopy-full");
        docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "sh", "-c", "echo mine > /data/own");
        assertThat(docker.ok("run", "--rm", "-v", v + ":/srv", image, "ls", "/srv").out()).isEqualTo("own");
        docker.ok("volume", "rm", v);
    }

    @Test
    void nocopyLeavesANewVolumeEmpty() {
        String v = harness.name("m-nocopy");
        assertThat(docker.ok("run", "--rm", "-v", v + ":/srv:nocopy", image, "ls", "-A", "/srv").out()).isEmpty();
        String w = harness.name("m-nocopy-mount");
        assertThat(docker.ok("run", "--rm", "--mount", "type=volume,source=" + w + ",target=/srv,volume-nocopy", image,
                "ls", "-A", "/srv").out()).isEmpty();
        docker.ok("volume", "rm", v, w);
    }

    @Test
    void inspectShowsMountsAsDockerDoes() throws IOException {
        String v = harness.name("m-inspect");
        String c = harness.name("m-inspect");
        docker.ok("create", "--name", c, "-v", v + ":/data", "-v", tmp + ":/host:ro", "--mount",
                "type=tmpfs,target=/scratch", "busybox", "true");
        JsonNode m = mounts(c);
        assertThat(m).hasSize(3);
        for (JsonNode n : m) {
            switch (n.path("Destination").asText()) {
                case "/data" -> {
                    assertThat(n.path("Type").asText()).isEqualTo("volume");
                    assertThat(n.path("Name").asText()).isEqualTo(v);
                    assertThat(n.path("Source").asText()).isEqualTo(mountpoint(v));
                    assertThat(n.path("Driver").asText()).isEqualTo("local");
                    assertThat(n.path("Mode").asText()).isEqualTo("z");
                    assertThat(n.path("RW").asBoolean()).isTrue();
                    assertThat(n.path("Propagation").asText()).isEmpty();
                }
                case "/host" -> {
                    assertThat(n.path("Type").asText()).isEqualTo("bind");
                    assertThat(n.has("Name")).isFalse();
                    assertThat(n.path("Source").asText()).isEqualTo(tmp.toString());
                    assertThat(n.path("Mode").asText()).isEqualTo("ro");
                    assertThat(n.path("RW").asBoolean()).isFalse();
                    assertThat(n.path("Propagation").asText()).isEqualTo("rprivate");
                }
                default -> {
                    assertThat(n.path("Destination").asText()).isEqualTo("/scratch");
                    assertThat(n.path("Type").asText()).isEqualTo("tmpfs");
                    assertThat(n.path("Source").asText()).isEmpty();
                }
            }
        }
        docker.ok("rm", c);
        docker.ok("volume", "rm", v);
    }

    @Test
    void dashVCreatesAMissingHostPathButMountRefusesIt() {
        Path missing = tmp.resolve("made/by/run");
        docker.ok("run", "--rm", "-v", missing + ":/x", "busybox", "true");
        assertThat(missing).isDirectory();
        Path absent = tmp.resolve("absent");
        CommandResult r = docker.run("run", "--rm", "--mount", "type=bind,source=" + absent + ",target=/x", "busybox", "true");
        assertThat(r.stderr()).contains("invalid mount config for type \"bind\": bind source path does not exist: " + absent);
        assertThat(absent).doesNotExist();
    }

    @Test
    void bindMountReadOnlyAndNonRecursiveOptionsApply() throws IOException {
        Files.writeString(tmp.resolve("f"), "x");
        CommandResult ro = docker.run("run", "--rm", "--mount", "type=bind,source=" + tmp + ",target=/b,readonly",
                "busybox", "sh", "-c", "cat /b/f; touch /b/g");
        assertThat(ro.out()).isEqualTo("x");
        assertThat(ro.stderr()).contains("Read-only file system");
        String opts = docker.ok("run", "--rm", "--mount", "type=bind,source=" + tmp + ",target=/b,readonly,bind-recursive=readonly,bind-propagation=rprivate",
                "busybox", "grep", " /b ", "/proc/mounts").out();
        assertThat(opts).contains(" ro,");
    }

    @Test
    void tmpfsMountHasItsSizeAndMode() {
        String out = docker.ok("run", "--rm", "--mount", "type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=1770", "busybox",
                "sh", "-c", "grep ' /t ' /proc/mounts; stat -c %a /t").out();
        assertThat(out).contains("tmpfs /t tmpfs").contains("size=1024k").endsWith("1770");
        assertThat(docker.ok("run", "--rm", "--tmpfs", "/t:size=2m", "busybox", "grep", " /t ", "/proc/mounts").out())
                .contains("size=2048k");
    }

    @Test
    void volumeSubpathMountsADirectoryOfTheVolume() {
        String v = harness.name("m-sub");
        docker.ok("run", "--rm", "-v", v + ":/data", "busybox", "sh", "-c",
                "mkdir /data/part && echo inner > /data/part/f && ln -s / /data/out");
        assertThat(docker.ok("run", "--rm", "--mount", "type=volume,source=" + v + ",target=/p,volume-subpath=part",
                "busybox", "ls", "/p").out()).isEqualTo("f");
        CommandResult climbs = docker.run("run", "--rm", "--mount", "type=volume,source=" + v
                + ",target=/p,volume-subpath=../x", "busybox", "true");
        assertThat(climbs.stderr()).contains("subpath must not climb out of the volume");
        CommandResult link = docker.run("run", "--rm", "--mount", "type=volume,source=" + v
                + ",target=/p,volume-subpath=out", "busybox", "true");
        assertThat(link.stderr()).contains("leads out of the volume");
        docker.ok("volume", "rm", v);
    }

    @Test
    void badMountRequestsAreRefusedBeforeAnythingIsCreated() {
        List<String> before = docker.ok("ps", "-aq").outLines();
        List<String> volumesBefore = docker.ok("volume", "ls", "-q").outLines();
        Map<List<String>, String> cases = Map.of(
                List.of("-v", "rel/path:/data"), "includes invalid characters for a local volume name",
                List.of("-v", "data-x:rel"), "invalid mount path: 'rel' mount path must be absolute",
                List.of("-v", "data-x:/"), "destination can't be '/'",
                List.of("-v", "data-x:/d:bogus"), "invalid mode: bogus",
                List.of("-v", "bad@name:/d"), "includes invalid characters",
                List.of("--mount", "type=volume,target=/d,volume-driver=other"), "volume driver \"other\" is not supported",
                List.of("--mount", "type=tmpfs,source=x,target=/d"), "field Source must not be specified",
                List.of("--mount", "type=volume,source=data-x,target=/d,volume-opt=colour=red"), "invalid option: \"colour\"",
                List.of("-v", "data-x:/d", "-v", "data-y:/d"), "Duplicate mount point: /d");
        for (var e : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
            args.addAll(e.getKey());
            args.addAll(List.of("busybox", "true"));
            CommandResult r = docker.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).as(r.describe()).contains(e.getValue());
        }
        assertThat(docker.ok("ps", "-aq").outLines()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(docker.ok("volume", "ls", "-q").outLines()).containsExactlyInAnyOrderElementsOf(volumesBefore);
    }

    @Test
    void rsharedOnAPrivateMountFailsWithDockersMessage() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("priv"));
        CommandResult r = docker.run("run", "--rm", "-v", dir + ":/p:rshared", "busybox", "true");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("path " + dir + " is mounted on ").contains("but it is not a shared mount");
    }

    @Test
    void aHostMountUnderAnRsharedSourceAppearsInTheContainer() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        host("mount", "--bind", dir.toString(), dir.toString());
        try {
            host("mount", "--make-shared", dir.toString());
            String c = harness.name("m-shared");
            docker.ok("run", "-d", "--name", c, "-v", dir + ":/s:rshared", "busybox", "sleep", "300");
            Path sub = Files.createDirectories(dir.resolve("sub"));
            host("mount", "-t", "tmpfs", "-o", "size=1m", "late", sub.toString());
            Files.writeString(sub.resolve("f"), "propagated");
            assertThat(docker.ok("exec", c, "cat", "/s/sub/f").out()).isEqualTo("propagated");
            docker.ok("rm", "-f", c);
        } finally {
            ProcessRunner.run(List.of("umount", "-R", dir.toString()), Map.of(), null, Duration.ofSeconds(10));
        }
    }

    private static void host(String... command) {
        CommandResult r = ProcessRunner.run(List.of(command), Map.of(), null, Duration.ofSeconds(10));
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    @Test
    void cpReadsAndWritesThroughVolumesAndBinds() throws IOException {
        String v = harness.name("m-cp");
        String c = harness.name("m-cp");
        Files.writeString(tmp.resolve("onhost"), "bound");
        docker.ok("run", "-d", "--name", c, "-v", v + ":/data", "-v", tmp + ":/bound", "busybox", "sh", "-c",
                "echo in-volume > /data/f; sleep 300");
        berth.it.harness.Poll.until(Duration.ofSeconds(20)).check(
                () -> Files.exists(Path.of(mountpoint(v), "f")), () -> "the container did not write");
        Path out = Files.createDirectories(tmp.resolve("out"));
        docker.ok("cp", c + ":/data/f", out.resolve("f").toString());
        docker.ok("cp", c + ":/bound/onhost", out.resolve("h").toString());
        docker.ok("cp", c + ":/data", out.resolve("dir").toString());
        assertThat(out.resolve("f")).hasContent("in-volume");
        assertThat(out.resolve("h")).hasContent("bound");
        assertThat(out.resolve("dir/f")).hasContent("in-volume");
        Files.writeString(tmp.resolve("new"), "copied in");
        docker.ok("cp", tmp.resolve("new").toString(), c + ":/data/");
        assertThat(docker.ok("exec", c, "cat", "/data/new").out()).isEqualTo("copied in");
        docker.ok("rm", "-f", c);
        docker.ok("volume", "rm", v);
    }

    @Test
    void commitAndExportLeaveVolumeContentsOut() throws IOException {
        String v = harness.name("m-commit");
        String c = harness.name("m-commit");
        docker.ok("run", "--name", c, "-v", v + ":/data", "busybox", "sh", "-c", "echo secret > /data/f; echo top > /top");
        String committed = harness.image("it-mounts-commit");
        docker.ok("commit", c, committed);
        assertThat(docker.ok("run", "--rm", committed, "sh", "-c", "cat /top; ls -A /data").out()).isEqualTo("top");
        Path tar = tmp.resolve("export.tar");
        docker.ok("export", "-o", tar.toString(), c);
        CommandResult list = ProcessRunner.run(List.of("tar", "-tf", tar.toString()), Map.of(), null, Duration.ofSeconds(30));
        assertThat(list.outLines()).contains("top").doesNotContain("data/f");
        docker.ok("rm", c);
        docker.ok("rmi", committed);
        docker.ok("volume", "rm", v);
    }
}
