package berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostTest {
    @Test
    void flagWinsOverEnvironment() {
        assertThat(Host.select("unix:///a", Map.of("BERTH_HOST", "unix:///b", "DOCKER_HOST", "unix:///c"))).isEqualTo("unix:///a");
    }

    @Test
    void berthHostWinsOverDockerHost() {
        assertThat(Host.select(null, Map.of("BERTH_HOST", "unix:///b", "DOCKER_HOST", "unix:///c"))).isEqualTo("unix:///b");
        assertThat(Host.select(null, Map.of("DOCKER_HOST", "unix:///c"))).isEqualTo("unix:///c");
    }

    @Test
    void defaultIsBerthsSocket() {
        assertThat(Host.select(null, Map.of())).isEqualTo("unix:///run/berth/berth.sock");
    }

    @Test
    void unixHostsAreThoseParsedAsUnixSockets() {
        assertThat(Host.isUnix("unix:///run/x.sock")).isTrue();
        assertThat(Host.isUnix("/run/x.sock")).isTrue();
        assertThat(Host.isUnix("tcp://127.0.0.1:2375")).isFalse();
    }

    @Test
    void parsesUnixAndTcpHosts() {
        assertThat(Host.parse("unix:///run/x.sock")).isEqualTo(new Host.Unix(Path.of("/run/x.sock")));
        assertThat(Host.parse("tcp://127.0.0.1:2375")).isEqualTo(new Host.Tcp("127.0.0.1", 2375));
    }
}
