package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the image routes take from a request: X-Registry-Auth, platform, and only parameters they apply. */
class ImageEndpointsTest {
    private static String auth(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String postWithAuth(String path, String header) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nX-Registry-Auth: " + header + "\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    void registryAuthHeaderReachesThePullAsACredential() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(postWithAuth("/v1.50/images/create?fromImage=127.0.0.1%3A5000%2Fx&tag=1",
                    auth("{\"username\":\"berth\",\"password\":\"secret\",\"serveraddress\":\"127.0.0.1:5000\"}")));
            assertThat(r.status()).isEqualTo(200);
            var credential = test.distribution.lastPull.credential().orElseThrow();
            assertThat(credential.username()).isEqualTo("berth");
            assertThat(credential.password()).isEqualTo("secret");
        }
    }

    @Test
    void registryAuthHeaderReachesThePush() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.exchange(postWithAuth("/v1.50/images/127.0.0.1:5000/x/push?tag=1", auth("{\"identitytoken\":\"tok\"}")));
            assertThat(test.distribution.lastPush.credential().orElseThrow().identityToken()).isEqualTo("tok");
        }
    }

    @Test
    void emptyRegistryAuthIsAnonymous() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.exchange(postWithAuth("/v1.50/images/create?fromImage=x&tag=1", "e30="));
            assertThat(test.distribution.lastPull.credential()).isEmpty();
        }
    }

    @Test
    void undecodableRegistryAuthIsAnonymousAsDockerTreatsIt() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(postWithAuth("/v1.50/images/create?fromImage=x&tag=1", "s3cr3t!!"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(test.distribution.lastPull.credential()).isEmpty();
        }
    }

    @Test
    void pushWithoutRegistryAuthAndWithoutBodyIsRefusedAsDockerDoes() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/images/127.0.0.1:5000/x/push?tag=1"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("bad parameters and missing X-Registry-Auth");
            assertThat(test.distribution.lastPush).isNull();
        }
    }

    @Test
    void platformOfAPullIsPassedOn() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.exchange(TestApi.post("/v1.50/images/create?fromImage=x&tag=1&platform=linux%2Famd64%2Fv1"));
            assertThat(test.distribution.lastPull.platform()).isEqualTo("linux/amd64/v1");
        }
    }

    @Test
    void importParametersOnAPullAreRefused() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/images/create?fromImage=x&tag=1&changes=CMD%20x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("'changes'");
            assertThat(test.distribution.lastPull).isNull();
        }
    }

    @Test
    void importForAnotherPlatformIsRefused() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/images/create?fromSrc=-&platform=linux%2Farm64"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(test.images.calls).isEmpty();
        }
    }

    @Test
    void perPlatformManifestsInTheListAreRefused() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.get("/v1.50/images/json?manifests=1"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("'manifests'");
        }
    }

    @Test
    void sharedSizeIsAskedOfTheImageService() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.exchange(TestApi.get("/v1.50/images/json?shared-size=1"));
            assertThat(test.images.calls).containsExactly("list all=false filters={} shared-size=true");
        }
    }

    @Test
    void legacyFilterParameterIsTheReferenceFilterBeforeApi141() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.exchange(TestApi.get("/v1.40/images/json?filter=busybox"));
            assertThat(test.images.calls).containsExactly("list all=false filters={reference=[busybox]}");
        }
    }

    @Test
    void clientThatGoesAwayInterruptsThePull() throws InterruptedException {
        TestApi test = new TestApi();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        test.distribution.onPull = (name, tag, progress) -> {
            started.countDown();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new berth.api.errors.InternalException("pull cancelled", e);
            }
        };
        ApiChannel api = test.channel();
        api.send(TestApi.post("/v1.50/images/create?fromImage=x&tag=1"));
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

        api.channel.close();
        api.awaitLoopIdle();

        assertThat(interrupted.await(60, TimeUnit.SECONDS)).as("the pull was interrupted").isTrue();
        api.close();
    }
}
