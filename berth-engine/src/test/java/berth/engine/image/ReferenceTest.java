package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
    private static final String HEX = "a".repeat(64);

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest, busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
            "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "user/app, docker.io/user/app:latest, user/app:latest",
            "127.0.0.1:5000/a/b:tag, 127.0.0.1:5000/a/b:tag, 127.0.0.1:5000/a/b:tag",
            "localhost/x, localhost/x:latest, localhost/x:latest",
            "localhost:5000/x, localhost:5000/x:latest, localhost:5000/x:latest",
    })
    void normalisesAsDockerDoes(String input, String full, String familiar) {
        Reference ref = Reference.parse(input).withDefaultTag();
        assertThat(ref.toString()).isEqualTo(full);
        assertThat(ref.familiarString()).isEqualTo(familiar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b:c", "busybox:", ":tag", "a//b", "-a", "a@sha256:12", "busybox:t@g"})
    void rejectsMalformedReferences(String input) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid reference format");
    }

    @org.junit.jupiter.api.Test
    void upperCaseRepositoryIsRejectedWithDockersMessage() {
        assertThatThrownBy(() -> Reference.parse("library/Busybox"))
                .hasMessage("invalid reference format: repository name (library/Busybox) must be lowercase");
    }

    @org.junit.jupiter.api.Test
    void digestReferenceKeepsNoDefaultTag() {
        Reference ref = Reference.parse("host:5000/x@sha256:" + HEX).withDefaultTag();
        assertThat(ref.tag()).isNull();
        assertThat(ref.toString()).isEqualTo("host:5000/x@sha256:" + HEX);
        assertThat(ref.tagOrDigest()).isEqualTo("sha256:" + HEX);
    }

    @org.junit.jupiter.api.Test
    void tagParameterMayBeADigest() {
        Reference ref = Reference.parseWithTag("busybox", "sha256:" + HEX);
        assertThat(ref.digest().hex()).isEqualTo(HEX);
    }
}
