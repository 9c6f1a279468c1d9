package berth.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.cli.CliError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildSecretFlagsTest {
    @TempDir
    Path tmp;

    @Test
    void fileSecretIsReadFromSrc() throws IOException {
        Path f = Files.writeString(tmp.resolve("token"), "abc");
        BuildSecretFlags.Secret s = BuildSecretFlags.parse("id=tok,src=" + f);
        assertThat(s.id()).isEqualTo("tok");
        assertThat(s.value()).isEqualTo("abc".getBytes());
    }

    @Test
    void idDefaultsToTheFileName() throws IOException {
        Path f = Files.writeString(tmp.resolve("npmrc"), "x");
        assertThat(BuildSecretFlags.parse("src=" + f).id()).isEqualTo("npmrc");
    }

    @Test
    void envSecretIsReadFromTheVariable() throws IOException {
        String name = System.getenv().keySet().iterator().next();
        BuildSecretFlags.Secret s = BuildSecretFlags.parse("id=e,env=" + name);
        assertThat(new String(s.value())).isEqualTo(System.getenv(name));
    }

    @Test
    void missingFileAndUnknownKeyAreUsageErrors() {
        assertThatThrownBy(() -> BuildSecretFlags.parse("id=x,src=" + tmp.resolve("absent"))).isInstanceOf(CliError.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> BuildSecretFlags.parse("id=x,colour=red")).isInstanceOf(CliError.class)
                .hasMessageContaining("unexpected key 'colour'");
    }

    @Test
    void headerIsBase64Json() throws IOException {
        Path f = Files.writeString(tmp.resolve("t"), "v");
        String header = BuildSecretFlags.header(List.of("id=a,src=" + f));
        assertThat(new String(java.util.Base64.getDecoder().decode(header))).isEqualTo("{\"a\":\"dg==\"}");
    }
}
