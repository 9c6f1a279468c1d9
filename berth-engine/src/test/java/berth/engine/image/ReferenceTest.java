package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.engine.content.Digest;
import org.junit.jupiter.api.Test;
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
            "docker.io/library/busybox:1, docker.io/library/busybox:1, busybox:1",
            "index.docker.io/library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "user/app, docker.io/user/app:latest, user/app:latest",
            "library/a/b, docker.io/library/a/b:latest, library/a/b:latest",
            "127.0.0.1:5000/a/b:tag, 127.0.0.1:5000/a/b:tag, 127.0.0.1:5000/a/b:tag",
            "localhost/x, localhost/x:latest, localhost/x:latest",
            "localhost:5000/x, localhost:5000/x:latest, localhost:5000/x:latest",
            "localhost:5000, docker.io/library/localhost:5000, localhost:5000",
            "example.com/a__b/c-d.e, example.com/a__b/c-d.e:latest, example.com/a__b/c-d.e:latest",
            "[::1]:5000/x:t, [::1]:5000/x:t, [::1]:5000/x:t",
    })
    void normalisesAsDockerDoes(String input, String full, String familiar) {
        Reference ref = Reference.parse(input).withDefaultTag();
        assertThat(ref.toString()).isEqualTo(full);
        assertThat(ref.familiarString()).isEqualTo(familiar);
    }

    @Test
    void splitsDomainPathTagAndDigest() {
        Reference ref = Reference.parse("host:5000/x/y:tag@sha256:" + HEX);
        assertThat(ref.domain()).isEqualTo("host:5000");
        assertThat(ref.path()).isEqualTo("x/y");
        assertThat(ref.tag()).isEqualTo("tag");
        assertThat(ref.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
        assertThat(ref.repository()).isEqualTo("host:5000/x/y");
        assertThat(ref.tagOrDigest()).isEqualTo("sha256:" + HEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b:c", "busybox:", ":tag", "a//b", "/a", "a/", "-a", "a-", "a@sha256:12", "busybox:t@g",
            "busybox@", "a:-tag", "a b", "host:port/x", "busybox@md5:" + "a"})
    void rejectsMalformedReferences(String input) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid reference format");
    }

    @Test
    void upperCaseRepositoryIsRejectedWithDockersMessage() {
        assertThatThrownBy(() -> Reference.parse("library/Busybox"))
                .hasMessage("invalid reference format: repository name (library/Busybox) must be lowercase");
    }

    @Test
    void upperCaseSingleNameIsNamedWithItsLibraryPrefix() {
        assertThatThrownBy(() -> Reference.parse("UPPER"))
                .hasMessage("invalid reference format: repository name (library/UPPER) must be lowercase");
    }

    @Test
    void upperCaseFirstComponentIsTakenForAHost() {
        assertThat(Reference.parse("Host/x").domain()).isEqualTo("Host");
    }

    @Test
    void bareImageIdIsRefusedAsAName() {
        assertThatThrownBy(() -> Reference.parse(HEX))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings");
    }

    @Test
    void tooLongNameIsRefused() {
        assertThatThrownBy(() -> Reference.parse("x/" + "a".repeat(260)))
                .hasMessage("repository name must not be more than 255 characters");
    }

    @Test
    void digestReferenceKeepsNoDefaultTag() {
        Reference ref = Reference.parse("host:5000/x@sha256:" + HEX).withDefaultTag();
        assertThat(ref.tag()).isNull();
        assertThat(ref.toString()).isEqualTo("host:5000/x@sha256:" + HEX);
        assertThat(ref.familiarString()).isEqualTo("host:5000/x@sha256:" + HEX);
    }

    @Test
    void familiarFormOfADigestReferenceDropsTheDefaultDomain() {
        assertThat(Reference.parse("busybox@sha256:" + HEX).familiarString()).isEqualTo("busybox@sha256:" + HEX);
    }

    @Test
    void tagParameterMayBeADigest() {
        Reference ref = Reference.parseWithTag("busybox", "sha256:" + HEX);
        assertThat(ref.digest().hex()).isEqualTo(HEX);
        assertThat(ref.tag()).isNull();
    }

    @Test
    void tagParameterReplacesTheTagOfTheName() {
        assertThat(Reference.parseWithTag("127.0.0.1:5000/x", "1").toString()).isEqualTo("127.0.0.1:5000/x:1");
    }

    @Test
    void emptyTagParameterKeepsTheName() {
        assertThat(Reference.parseWithTag("busybox:1", "").toString()).isEqualTo("docker.io/library/busybox:1");
        assertThat(Reference.parseWithTag("busybox", null).tag()).isNull();
    }

    @Test
    void invalidTagParameterIsRefused() {
        assertThatThrownBy(() -> Reference.parseWithTag("busybox", "bad tag"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid reference format");
    }

    @Test
    void withTagAndWithDigestReplaceTheirComponent() {
        Reference ref = Reference.parse("busybox:1").withTag("2").withDigest(Digest.parse("sha256:" + HEX));
        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:2@sha256:" + HEX);
        assertThat(ref.withTag(null).familiarString()).isEqualTo("busybox@sha256:" + HEX);
    }
}
