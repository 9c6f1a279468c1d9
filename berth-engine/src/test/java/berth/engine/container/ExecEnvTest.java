package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ContainerConfig;
import berth.api.model.HostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecEnvTest {

    private static ContainerRecord container(boolean tty, List<String> env) {
        ContainerConfig config = berth.api.Json.mapper().convertValue(java.util.Map.of("Hostname", "h", "Tty", tty,
                "Env", env), ContainerConfig.class);
        return new ContainerRecord("c".repeat(64), "n", "sha256:" + "0".repeat(64), "busybox", "", config,
                berth.api.Json.mapper().convertValue(java.util.Map.of(), HostConfig.class), "sh", List.of());
    }

    @Test
    void execVariablesReplaceTheContainersAndBareNamesRemoveThem() {
        List<String> env = ExecProcessSpecs.env(container(false, List.of("A=1", "B=2")), false, List.of("A=9", "B", "C=3"));
        assertThat(env).contains("A=9", "C=3").doesNotContain("A=1", "B=2").anyMatch(e -> e.startsWith("PATH="));
    }

    @Test
    void termFollowsTheExecsTtyNotTheContainers() {
        assertThat(ExecProcessSpecs.env(container(false, List.of()), true, null)).contains("TERM=xterm");
        assertThat(ExecProcessSpecs.env(container(true, List.of()), false, null)).doesNotContain("TERM=xterm");
        assertThat(ExecProcessSpecs.env(container(true, List.of("TERM=vt100")), false, null)).contains("TERM=vt100");
    }
}
