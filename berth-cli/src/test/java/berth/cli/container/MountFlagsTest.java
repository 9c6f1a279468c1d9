package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.cli.CliError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** -v, --mount, --volumes-from and --volume-driver as the create body the docker CLI sends for them. */
class MountFlagsTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> host(String... args) throws Exception {
        RunCommand run = new RunCommand();
        CommandLine cmd = new CommandLine(run);
        cmd.setStopAtPositional(true);
        cmd.parseArgs(args);
        return (Map<String, Object>) run.options.createBody(run.detach).get("HostConfig");
    }

    @Test
    void mountFieldsBecomeDockersMountObject() throws Exception {
        Map<String, Object> h = host("--mount", "type=volume,src=data,dst=/d,ro,volume-nocopy,volume-opt=type=tmpfs,"
                + "volume-subpath=sub,volume-label=a=b", "busybox");
        assertThat(h.get("Mounts")).isEqualTo(List.of(Map.of("Type", "volume", "Source", "data", "Target", "/d",
                "ReadOnly", true, "VolumeOptions", Map.of("NoCopy", true, "Subpath", "sub", "Labels", Map.of("a", "b"),
                        "DriverConfig", Map.of("Options", Map.of("type", "tmpfs"))))));
    }

    @Test
    void tmpfsSizeAndOctalModeAreRead() throws Exception {
        Map<String, Object> h = host("--mount", "type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=1770", "busybox");
        assertThat(h.get("Mounts")).isEqualTo(List.of(Map.of("Type", "tmpfs", "Target", "/t",
                "TmpfsOptions", Map.of("SizeBytes", 1048576L, "Mode", 01770))));
    }

    @Test
    void anUnknownMountKeyIsRefused() {
        assertThatThrownBy(() -> host("--mount", "type=bind,colour=red", "busybox")).isInstanceOf(CliError.class)
                .hasMessageContaining("unexpected key 'colour' in 'colour=red'");
    }

    @Test
    void aRelativeHostPathIsMadeAbsoluteAndVolumesFromIsSent() throws Exception {
        Map<String, Object> h = host("-v", "./here:/x", "-v", "name:/y", "--volumes-from", "other:ro", "busybox");
        assertThat(h.get("Binds")).isEqualTo(List.of(java.nio.file.Path.of("here").toAbsolutePath() + ":/x", "name:/y"));
        assertThat(h.get("VolumesFrom")).isEqualTo(List.of("other:ro"));
    }
}
