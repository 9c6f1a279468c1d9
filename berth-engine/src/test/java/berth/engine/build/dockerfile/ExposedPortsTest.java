package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposedPortsTest {

    @Test
    void aPortWithoutProtocolIsTcp() {
        assertThat(ExposedPorts.parse("80")).containsExactly("80/tcp");
    }

    @Test
    void protocolsAreLowerCased() {
        assertThat(ExposedPorts.parse("53/UDP")).containsExactly("53/udp");
        assertThat(ExposedPorts.parse("9/sctp")).containsExactly("9/sctp");
    }

    @Test
    void aRangeExposesEachPort() {
        assertThat(ExposedPorts.parse("8000-8002/udp")).containsExactly("8000/udp", "8001/udp", "8002/udp");
    }

    @Test
    void aMappingExposesItsContainerPort() {
        assertThat(ExposedPorts.parse("127.0.0.1:8080:80")).containsExactly("80/tcp");
    }

    @Test
    void wordsAreSubstitutedAndSplitFirst() {
        Instruction.Expose e = (Instruction.Expose) DockerfileParserTest.only("EXPOSE $PORTS 80");
        assertThat(ExposedPorts.of(e, Substitution.standard(), Map.of("PORTS", "80 443/tcp")))
                .containsExactly("80/tcp", "443/tcp");
    }

    @Test
    void badPortsAreRefusedWithDockersWording() {
        assertThatThrownBy(() -> ExposedPorts.parse("80/icmp")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid proto: icmp");
        assertThatThrownBy(() -> ExposedPorts.parse("http")).hasMessage("invalid containerPort: http");
        assertThatThrownBy(() -> ExposedPorts.parse("90-80")).hasMessage("invalid containerPort: 90-80");
        assertThatThrownBy(() -> ExposedPorts.parse("70000")).hasMessage("invalid containerPort: 70000");
        assertThatThrownBy(() -> ExposedPorts.parse("/tcp")).hasMessage("no port specified: /tcp<empty>");
    }
}
