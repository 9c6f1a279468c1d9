package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void bearerChallengeCarriesRealmServiceAndScope() {
        Challenge c = Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertThat(c.isBearer()).isTrue();
        assertThat(c.params()).containsEntry("realm", "https://auth.docker.io/token")
                .containsEntry("service", "registry.docker.io")
                .containsEntry("scope", "repository:library/busybox:pull");
    }

    @Test
    void schemeIsCaseInsensitiveAndBasicIsRecognised() {
        assertThat(Challenge.parse("basic realm=\"Registry Realm\"").isBasic()).isTrue();
        assertThat(Challenge.parse("BEARER realm=\"x\"").isBearer()).isTrue();
    }

    @Test
    void unquotedParametersAreAccepted() {
        assertThat(Challenge.parse("Bearer realm=https://h/token, service=h").params())
                .containsEntry("realm", "https://h/token").containsEntry("service", "h");
    }
}
