package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.Tar;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers that try to write outside the extraction root (containerd's TestBreakouts), pushed with skopeo and pulled:
 * the pull may succeed or fail, but nothing appears outside the daemon's data root and no host file gains a link.
 */
class HostileLayersIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    /** One attack: the layers above busybox, given the host directory they aim at. */
    record Attack(String name, Function<String, List<Tar>> layers) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String UP = "../../../../../../../../../../..";

    static Stream<Attack> attacks() {
        return Stream.of(
                new Attack("DotDotPath", t -> List.of(new Tar().file(UP + t + "/dotdot", "x"))),
                new Attack("AbsolutePath", t -> List.of(new Tar().file(t + "/absolute", "x"))),
                new Attack("SymlinkAbsoluteThenFileThroughIt",
                        t -> List.of(new Tar().symlink("esc", t).file("esc/through-abs-link", "x"))),
                new Attack("SymlinkUpAndOutThenFileThroughIt",
                        t -> List.of(new Tar().symlink("up", UP + t).file("up/through-rel-link", "x"))),
                new Attack("SymlinkInLowerLayerFileInUpper",
                        t -> List.of(new Tar().symlink("esc2", t), new Tar().file("esc2/cross-layer", "x"))),
                new Attack("SymlinkDirThenDirThroughIt",
                        t -> List.of(new Tar().symlink("d", t).dir("d/made-dir"))),
                new Attack("HardlinkToHostFile", t -> List.of(new Tar().hardlink("hl", UP + t + "/victim"))),
                new Attack("HardlinkToAbsoluteHostFile", t -> List.of(new Tar().hardlink("hl2", t + "/victim"))),
                new Attack("WhiteoutOfParent", t -> List.of(new Tar().file(".wh..." , "").file("etc/.wh..wh..opq", ""))));
    }

    @TempDir
    Path work;
    private Path target;

    @BeforeEach
    void target() throws Exception {
        target = Files.createTempDirectory(Path.of("/tmp"), "bit-escape-");
        Files.writeString(target.resolve("victim"), "host file\n");
    }

    @AfterEach
    void removeTarget() {
        berth.it.harness.ProcessRunner.run(List.of("rm", "-rf", target.toString()), java.util.Map.of(), null,
                java.time.Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void hostileLayerWritesNothingOutsideTheDataRoot(Attack attack) throws Exception {
        Docker docker = harness.docker();
        List<byte[]> layers = new ArrayList<>(List.of(Busybox.rootfsTar()));
        attack.layers().apply(target.toString()).forEach(t -> layers.add(t.bytes()));
        OciLayout oci = new OciLayout(work.resolve("oci"));
        oci.tag(oci.image("amd64", layers).manifest(), "t");
        String ref = harness.track(harness.registry().address() + "/it/hostile-" + attack.name().toLowerCase() + ":1");
        oci.push("t", ref).requireSuccess();

        CommandResult pull = docker.run("pull", ref);
        if (pull.succeeded()) {
            // a container on it must not reach the host either
            docker.run("run", "--rm", ref, "sh", "-c", "echo pwned > /hl; echo pwned > /hl2; ls / >/dev/null");
        } else {
            assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
            assertThat(docker.run("image", "inspect", ref).exitCode()).as("a failed pull leaves no image").isEqualTo(1);
        }
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .as("host directory %s after pulling %s: %s", target, attack, pull.describe())
                    .containsExactly("victim");
        }
        assertThat(Files.readString(target.resolve("victim"))).as("host file content").isEqualTo("host file\n");
        assertThat((Integer) Files.getAttribute(target.resolve("victim"), "unix:nlink", LinkOption.NOFOLLOW_LINKS))
                .as("a layer must not hard-link a host file: " + pull.describe()).isEqualTo(1);
        docker.run("rmi", "-f", ref);
    }
}
