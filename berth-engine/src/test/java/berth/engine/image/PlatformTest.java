package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --platform values, normalised as containerd does. */
class PlatformTest {
    @ParameterizedTest
    @ValueSource(strings = {"linux/amd64", "linux/amd64/v1", "linux/x86_64", "LINUX/AMD64", "amd64", "linux"})
    void spellingsOfTheHostPlatformAreTheHostPlatform(String text) {
        assertThat(Platform.parse(text)).isEqualTo(Platform.HOST);
    }

    @Test
    void armSpellingsNormalise() {
        assertThat(Platform.parse("linux/aarch64")).isEqualTo(Platform.parse("linux/arm64/v8"));
        assertThat(Platform.parse("linux/arm")).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThat(Platform.parse("linux/armhf")).isEqualTo(new Platform("linux", "arm", "v7"));
    }

    @Test
    void noPlatformIsNull() {
        assertThat(Platform.parse("")).isNull();
        assertThat(Platform.parse(null)).isNull();
    }

    @Test
    void malformedPlatformIsRefusedWithContainerdsWords() {
        assertThatThrownBy(() -> Platform.parse("foo/bar/baz/x"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("\"foo/bar/baz/x\": cannot parse platform specifier: invalid argument");
    }

    @Test
    void anotherOperatingSystemIsRefused() {
        assertThatThrownBy(() -> Platform.parseForLinux("windows/amd64"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("image operating system \"windows\" cannot be used on this platform: operating system is not supported");
    }

    @Test
    void imageMatchesWhatItsConfigSays() {
        assertThat(Platform.HOST.matches("linux", "amd64", null)).isTrue();
        assertThat(Platform.HOST.matches("linux", "arm64", null)).isFalse();
    }
}
