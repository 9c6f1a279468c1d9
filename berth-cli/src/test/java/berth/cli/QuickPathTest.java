package berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the quick path leaves to picocli: it answers null for these without contacting any daemon. */
class QuickPathTest {
    private static Integer quick(String... args) {
        return QuickPath.run(args);
    }

    @Test
    void otherVerbsGoToPicocli() {
        assertThat(quick("images")).isNull();
        assertThat(quick("container", "ls")).isNull();
        assertThat(quick()).isNull();
    }

    @Test
    void helpAndTheRootsVersionFlagGoToPicocli() {
        assertThat(quick("--help")).isNull();
        assertThat(quick("-v")).isNull();
        assertThat(quick("ps", "--help")).isNull();
        assertThat(quick("run", "--help")).isNull();
    }

    @Test
    void usageErrorsGoToPicocli() {
        assertThat(quick("ps", "--bogus")).isNull();
        assertThat(quick("version", "extra")).isNull();
        assertThat(quick("run")).isNull();
    }

    @Test
    void oddHostFlagsGoToPicocli() {
        assertThat(quick("-H")).isNull();
        assertThat(quick("-H", "unix:///a", "-H", "unix:///b", "ps")).isNull();
        assertThat(quick("-Hunix:///a", "ps")).isNull();
        assertThat(quick("ps", "-H", "unix:///a")).isNull();
    }
}
