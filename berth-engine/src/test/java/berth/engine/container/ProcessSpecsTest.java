package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecsTest {
    private static final String NOT_FOUND = "runc create failed: unable to start container process: exec: \"nosuchcmd\": "
            + "executable file not found in $PATH";

    @Test
    void missingCommandExitsWith127AndIsAnInvalidParameter() {
        assertThat(ProcessSpecs.exitCodeOf(NOT_FOUND)).isEqualTo(127);
        assertThat(ProcessSpecs.startError(NOT_FOUND)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("failed to create task for container: failed to create shim task: OCI runtime create failed: "
                        + NOT_FOUND + ": unknown");
    }

    @Test
    void unexecutableCommandExitsWith126() {
        assertThat(ProcessSpecs.exitCodeOf("exec: \"/etc/passwd\": permission denied")).isEqualTo(126);
    }

    @Test
    void otherRuntimeFailureIs128AndAnInternalError() {
        assertThat(ProcessSpecs.exitCodeOf("cgroup: device or resource busy")).isEqualTo(128);
        assertThat(ProcessSpecs.startError("cgroup: device or resource busy")).isInstanceOf(InternalException.class);
    }

    @Test
    void environmentGetsDefaultPathAndHostnameBeforeTheConfiguredOnes() {
        var row = Rows.row("ab".repeat(32), "web", Map.of(), Rows.created(), "true", List.of());
        assertThat(ProcessSpecs.env(row.record())).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=abababababab");
    }

    @Test
    void workingDirDefaultsToRoot() {
        var row = Rows.row("ab".repeat(32), "web", Map.of(), Rows.created(), "true", List.of());
        assertThat(ProcessSpecs.cwd(row.record())).isEqualTo("/");
    }

    @Test
    void aVariableWithoutAValueIsLeftOutAsDockerDoes() {
        var row = Rows.withEnv(List.of("A=1", "UNSET_ON_CLIENT", "HOSTNAME"));
        assertThat(ProcessSpecs.env(row.record())).containsExactly(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1");
    }

    @Test
    void confinementFollowsTheHostConfig() {
        var host = berth.api.Json.mapper().convertValue(Map.of("CapDrop", List.of("ALL"), "CapAdd", List.of("kill"),
                "ReadonlyRootfs", true, "ShmSize", 1048576, "CgroupnsMode", "private",
                "SecurityOpt", List.of("no-new-privileges")), berth.api.model.HostConfig.class);
        var c = ProcessSpecs.confinement(host);
        assertThat(c.capabilities()).containsExactly("CAP_KILL");
        assertThat(c.shmSize()).isEqualTo(1048576);
        assertThat(c.cgroupNamespace()).isTrue();
        assertThat(c.noNewPrivileges()).isTrue();
        assertThat(c.privileged()).isFalse();
        assertThat(c.maskedPaths()).contains("/proc/kcore");
        assertThat(c.initBinary()).isNull();
    }

    @Test
    void privilegedMasksNothing() {
        var host = berth.api.Json.mapper().convertValue(Map.of("Privileged", true), berth.api.model.HostConfig.class);
        var c = ProcessSpecs.confinement(host);
        assertThat(c.maskedPaths()).isEmpty();
        assertThat(c.readonlyPaths()).isEmpty();
        assertThat(c.capabilities()).isEqualTo(Capabilities.available());
    }
}
