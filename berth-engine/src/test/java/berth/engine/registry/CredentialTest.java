package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** X-Registry-Auth as the docker CLI and the SDKs send it. */
class CredentialTest {
    private static String header(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usernameAndPasswordAreDecodedFromBase64UrlJson() {
        Credential c = Credential.fromHeader(header("{\"username\":\"berth\",\"password\":\"p?>~\",\"serveraddress\":\"r:5000\"}"))
                .orElseThrow();
        assertThat(c.username()).isEqualTo("berth");
        assertThat(c.password()).isEqualTo("p?>~");
    }

    @Test
    void tokensAreDecodedAndKeysMatchInAnyCase() {
        Credential c = Credential.fromHeader(header("{\"IdentityToken\":\"id\",\"registrytoken\":\"reg\"}")).orElseThrow();
        assertThat(c.identityToken()).isEqualTo("id");
        assertThat(c.registryToken()).isEqualTo("reg");
    }

    @Test
    void registryConfigHeaderGivesOneLoginPerRegistryKeyedByDomain() {
        var logins = Credential.fromConfigHeader(header("{\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"h\"},"
                + "\"127.0.0.1:5000\":{\"identitytoken\":\"tok\"},\"empty.lan\":{}}"));

        assertThat(logins).containsOnlyKeys("docker.io", "127.0.0.1:5000");
        assertThat(logins.get("docker.io").username()).isEqualTo("hub");
        assertThat(logins.get("127.0.0.1:5000").identityToken()).isEqualTo("tok");
        assertThat(Credential.fromConfigHeader("not base64 json")).isEmpty();
    }

    @Test
    void authBodyTakesUsernameAndPasswordOrTheAuthPair() {
        Credential.Login direct = Credential.fromAuthBody("{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"r:5000\"}"
                .getBytes(StandardCharsets.UTF_8));
        Credential.Login pair = Credential.fromAuthBody(("{\"auth\":\"" + Base64.getEncoder().encodeToString("u:p:q".getBytes())
                + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(direct.serverAddress()).isEqualTo("r:5000");
        assertThat(direct.credential()).isEqualTo(new Credential("u", "p"));
        assertThat(pair.credential()).isEqualTo(new Credential("u", "p:q"));
        assertThat(pair.toString()).doesNotContain("p:q");
        assertThatThrownBy(() -> Credential.fromAuthBody("[1]".getBytes())).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void anEmptyObjectOrNoHeaderIsAnonymous() {
        assertThat(Credential.fromHeader("e30=")).isEmpty();
        assertThat(Credential.fromHeader(null)).isEmpty();
        assertThat(Credential.fromHeader(header("{\"serveraddress\":\"r:5000\"}"))).isEmpty();
    }

    @Test
    void unpaddedBase64IsAccepted() {
        String unpadded = header("{\"username\":\"u\",\"password\":\"pw\"}").replace("=", "");
        assertThat(Credential.fromHeader(unpadded).orElseThrow().password()).isEqualTo("pw");
    }

    @Test
    void standardBase64IsAcceptedToo() {
        String json = "{\"username\":\"u\",\"password\":\"??>>\"}"; // encodes to '/' and '+' in standard base64
        String standard = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        assertThat(standard).containsAnyOf("+", "/");
        assertThat(Credential.fromHeader(standard).orElseThrow().password()).isEqualTo("??>>");
    }

    @Test
    void undecodableHeaderIsAnonymousAsDockerTreatsIt() {
        assertThat(Credential.fromHeader("not*base64!secret")).isEmpty();
        assertThat(Credential.fromHeader(header("[1,2]"))).isEmpty();
    }

    @Test
    void pushWithoutHeaderTakesTheLegacyBodyAndRefusesNone() {
        assertThat(Credential.fromLegacyBody("{\"username\":\"u\",\"password\":\"p\"}".getBytes()).orElseThrow().username())
                .isEqualTo("u");
        assertThatThrownBy(() -> Credential.fromLegacyBody(new byte[0]))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("bad parameters and missing X-Registry-Auth: EOF");
    }

    @Test
    void printingACredentialShowsNoSecret() {
        Credential c = new Credential("berth", "hunter2", "idtok", "regtok");
        assertThat(c.toString()).contains("berth").doesNotContain("hunter2", "idtok", "regtok");
    }
}
