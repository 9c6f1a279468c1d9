package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class Subnet6Test {
    @Test
    void parsesAndPrintsInTheShortestFormWithHostBitsCleared() {
        assertThat(Subnet6.parse("fd00:0:0:1:0:0:0:7/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(Subnet6.parse("FD12:3456:789A::/64").toString()).isEqualTo("fd12:3456:789a::/64");
        assertThat(Subnet6.parse("fd00:1::ff/120").toString()).isEqualTo("fd00:1::/120");
    }

    @Test
    void theGatewayIsTheFirstHostAndAddressesFollowIt() {
        Subnet6 s = Subnet6.parse("fd00:1::/64");
        assertThat(s.firstHost()).isEqualTo("fd00:1::1");
        assertThat(s.address(2)).isEqualTo("fd00:1::2");
        assertThat(s.lastLow()).isEqualTo(-1L);
        assertThat(Subnet6.format(0, 0)).isEqualTo("::");
        assertThat(Subnet6.format(0x20010db800000000L, 0x0000000100000001L)).isEqualTo("2001:db8::1:0:1");
    }

    @Test
    void containsAndOverlapsCompareWithinTheSameSlash64() {
        Subnet6 s = Subnet6.parse("fd00:1::/120");
        assertThat(s.contains(Subnet6.parseAddress("fd00:1::fe"))).isTrue();
        assertThat(s.contains(Subnet6.parseAddress("fd00:1::1:0"))).isFalse();
        assertThat(s.contains(Subnet6.parseAddress("fd00:2::1"))).isFalse();
        assertThat(s.overlaps(Subnet6.parse("fd00:1::/64"))).isTrue();
        assertThat(s.overlaps(Subnet6.parse("fd00:1::100/120"))).isFalse();
    }

    @Test
    void aSubnetLargerThanASlash64OrNoAddressIsRefused() {
        assertThatThrownBy(() -> Subnet6.parse("fd00::/48")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("larger than a /64");
        assertThatThrownBy(() -> Subnet6.parse("fd00::zz/64")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Subnet6.parse("10.0.0.0/64")).isInstanceOf(InvalidArgumentException.class);
    }
}
