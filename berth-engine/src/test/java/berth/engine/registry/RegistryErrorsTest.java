package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.engine.image.Reference;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    private static RegistryException error(int status, String body) {
        return RegistryErrors.of(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void firstErrorOfTheBodyGivesCodeAndMessage() {
        RegistryException e = error(404,
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(e.dockerText()).isEqualTo("manifest unknown: manifest unknown");
    }

    @Test
    void bodyThatIsNotJsonKeepsTheStatus() {
        RegistryException e = error(502, "<html>bad gateway</html>");
        assertThat(e.code()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("unexpected status from registry: 502");
    }

    @Test
    void missingTagIsNotFoundInDockersWords() {
        Reference ref = Reference.parse("127.0.0.1:5000/x:latest");
        var e = PullErrors.manifest(ref, error(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"));
        assertThat(e).isInstanceOf(NotFoundException.class)
                .hasMessage("manifest for 127.0.0.1:5000/x:latest not found: manifest unknown: manifest unknown");
    }

    @Test
    void unknownRepositoryIsNotFoundInDockersWords() {
        Reference ref = Reference.parse("127.0.0.1:5000/x:latest");
        var e = PullErrors.manifest(ref, error(404,
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}"));
        assertThat(e).isInstanceOf(NotFoundException.class)
                .hasMessage("repository 127.0.0.1:5000/x not found: name unknown: repository name not known to registry");
    }

    @Test
    void deniedAccessSaysMayRequireLogin() {
        var e = PullErrors.manifest(Reference.parse("private/app"), error(403,
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"));
        assertThat(e).isInstanceOf(NotFoundException.class).hasMessage("pull access denied for private/app, repository "
                + "does not exist or may require 'docker login': denied: requested access to the resource is denied");
    }

    @Test
    void unauthorizedKeepsTheRegistrysWordsAsDockerDoes() {
        // measured: Docker 20.10 against docker-registry with htpasswd and a wrong password
        var e = PullErrors.manifest(Reference.parse("private/app"), error(401,
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
        assertThat(e).isInstanceOf(InternalException.class).hasMessage("unauthorized: authentication required");
    }

    @Test
    void serverErrorIsInternal() {
        var e = PullErrors.manifest(Reference.parse("x"), error(500, "{}"));
        assertThat(e).isInstanceOf(InternalException.class).hasMessage("unexpected status from registry: 500");
    }
}
