package berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionCommandTest {
    @Test
    void serverBuildTimeIsShownInGoAnsicFormat() {
        assertThat(VersionCommand.ansic("2026-05-07T21:09:36.000000000+00:00")).isEqualTo("Thu May  7 21:09:36 2026");
    }

    @Test
    void unparsableBuildTimeIsShownAsGiven() {
        assertThat(VersionCommand.ansic("")).isEmpty();
    }
}
