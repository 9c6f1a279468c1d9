package berth.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json as the docker CLI writes and reads it. */
class DockerConfigTest {
    @TempDir Path dir;

    @Test
    void aStoredLoginIsBase64UserColonPasswordUnderTheRegistryAndOtherKeysStay() throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"psFormat\":\"table {{.ID}}\"}");
        DockerConfig config = DockerConfig.load(file);

        assertThat(config.store("127.0.0.1:5000", new StoredLogin("u", "p:w", ""))).isTrue();

        String text = Files.readString(file);
        assertThat(text).contains("psFormat").contains(Base64.getEncoder().encodeToString("u:p:w".getBytes(StandardCharsets.UTF_8)));
        assertThat(DockerConfig.load(file).lookup("127.0.0.1:5000")).contains(new StoredLogin("u", "p:w", ""));
    }

    @Test
    void keysWrittenAsUrlsAreFoundByHostAndDockerHubByItsUrl() throws IOException {
        Path file = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("hub:pw".getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"},"
                + "\"http://reg.lan:5000/v2/\":{\"auth\":\"" + auth + "\",\"identitytoken\":\"tok\"}}}");
        DockerConfig config = DockerConfig.load(file);

        assertThat(config.lookup("docker.io")).contains(new StoredLogin("hub", "pw", ""));
        assertThat(config.lookup("reg.lan:5000")).contains(new StoredLogin("hub", "", "tok"));
        assertThat(config.lookup("other.lan")).isEmpty();
        assertThat(RegistryAuth.domainOf("busybox")).isEqualTo("docker.io");
        assertThat(RegistryAuth.domainOf("reg.lan:5000/a/b:1")).isEqualTo("reg.lan:5000");
        assertThat(RegistryAuth.domainOf("library/busybox:1")).isEqualTo("docker.io");
    }

    @Test
    void eraseRemovesEveryEntryOfTheRegistry() throws IOException {
        Path file = dir.resolve("config.json");
        DockerConfig config = DockerConfig.load(file);
        config.store("reg.lan:5000", new StoredLogin("u", "p", ""));

        assertThat(config.erase("reg.lan:5000")).isTrue();

        assertThat(DockerConfig.load(file).lookup("reg.lan:5000")).isEmpty();
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
