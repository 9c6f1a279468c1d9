package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    @Test
    void cmdInJsonFormIsTakenAsIs() {
        assertThat(ConfigChanges.apply(ContainerConfig.empty(), List.of("CMD [\"sh\"]")).cmd()).containsExactly("sh");
    }

    @Test
    void cmdInShellFormRunsUnderBinSh() {
        assertThat(ConfigChanges.apply(ContainerConfig.empty(), List.of("CMD echo hi")).cmd())
                .containsExactly("/bin/sh", "-c", "echo hi");
    }

    @Test
    void envReplacesAnEarlierValueOfTheSameName() {
        ContainerConfig c = ConfigChanges.apply(ContainerConfig.empty(), List.of("ENV A=1 B=2", "ENV A=3"));
        assertThat(c.env()).containsExactly("B=2", "A=3");
    }

    @Test
    void legacyEnvFormTakesTheRestOfTheLineAsValue() {
        assertThat(ConfigChanges.apply(ContainerConfig.empty(), List.of("ENV GREETING hello world")).env())
                .containsExactly("GREETING=hello world");
    }

    @Test
    void workdirUserLabelExposeAndStopSignalAreSet() {
        ContainerConfig c = ConfigChanges.apply(ContainerConfig.empty(),
                List.of("WORKDIR /srv", "USER 1000", "LABEL a=b \"c=d e\"", "EXPOSE 80 53/udp", "STOPSIGNAL SIGINT"));
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.user()).isEqualTo("1000");
        assertThat(c.labels()).containsEntry("a", "b").containsEntry("c", "d e");
        assertThat(c.exposedPorts()).containsKeys("80/tcp", "53/udp");
        assertThat(c.stopSignal()).isEqualTo("SIGINT");
    }

    @Test
    void instructionsDockerDoesNotAllowInChangesAreRefused() {
        assertThatThrownBy(() -> ConfigChanges.apply(ContainerConfig.empty(), List.of("RUN echo")))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("run is not a valid change command");
    }
}
