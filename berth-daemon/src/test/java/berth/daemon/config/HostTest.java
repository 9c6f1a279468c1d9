package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostTest {

    @Test
    void unixSocketPath() throws ConfigException {
        assertThat(Host.parse("unix:///tmp/b/berth.sock")).isEqualTo(new Host.Unix(Path.of("/tmp/b/berth.sock")));
    }

    @Test
    void tcpOnLoopback() throws ConfigException {
        assertThat(Host.parse("tcp://127.0.0.1:2375")).isEqualTo(new Host.Tcp("127.0.0.1", 2375));
        assertThat(Host.parse("tcp://[::1]:2375")).isEqualTo(new Host.Tcp("::1", 2375));
    }

    @Test
    void tcpOnAnyAddress() throws ConfigException {
        assertThat(Host.parse("tcp://0.0.0.0:2376")).isEqualTo(new Host.Tcp("0.0.0.0", 2376));
    }

    @Test
    void unknownSchemeIsAnInvalidBindAddress() {
        assertThatThrownBy(() -> Host.parse("fd://")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid bind address format: fd://");
        assertThatThrownBy(() -> Host.parse("tcp://127.0.0.1")).isInstanceOf(ConfigException.class);
    }
}
