package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void parseClearsHostBitsAsDockerDoes() {
        assertThat(Subnet.parse("10.1.2.3/16").toString()).isEqualTo("10.1.0.0/16");
    }

    @Test
    void firstHostIsTheDefaultGateway() {
        assertThat(Subnet.format(Subnet.parse("172.17.0.0/16").firstHost())).isEqualTo("172.17.0.1");
    }

    @Test
    void overlappingSubnetsAreDetectedBothWays() {
        Subnet big = Subnet.parse("10.0.0.0/8");
        Subnet small = Subnet.parse("10.200.3.0/24");
        assertThat(big.overlaps(small)).isTrue();
        assertThat(small.overlaps(big)).isTrue();
        assertThat(small.overlaps(Subnet.parse("10.200.4.0/24"))).isFalse();
    }

    @Test
    void malformedAddressesAreRefusedWithTheirText() {
        assertThatThrownBy(() -> Subnet.parse("10.1.300.0/24")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("10.1.300.0/24");
        assertThatThrownBy(() -> Subnet.parse("10.1.0.0/33")).isInstanceOf(InvalidArgumentException.class);
        assertThat(Subnet.isAddress("1.2.3")).isFalse();
    }
}
