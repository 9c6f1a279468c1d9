package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.ApiVersion;
import berth.api.errors.NotFoundException;
import berth.daemon.fakes.FakeDistribution;
import berth.daemon.fakes.FakeImages;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private final Router router = new Router(new ImageRoutes(new FakeImages(), new FakeDistribution()).routes());

    private static Request request(String method, String path) {
        return new Request(method, path, ApiVersion.CURRENT, Map.of(), Map.of(), Map.of(), InputStream.nullInputStream());
    }

    @ParameterizedTest
    @CsvSource({
            "POST,   /images/127.0.0.1:5000/x/y:1/push,  /images/{name*}/push,    127.0.0.1:5000/x/y:1",
            "GET,    /images/busybox/json,               /images/{name*}/json,    busybox",
            "GET,    /images/sha256:abcd/history,        /images/{name*}/history, sha256:abcd",
            "POST,   /images/busybox/tag,                /images/{name*}/tag,     busybox",
            "DELETE, /images/a/b:c,                      /images/{name*},         a/b:c",
            "DELETE, /images/127.0.0.1:15000/b/busybox:latest, /images/{name*},   127.0.0.1:15000/b/busybox:latest",
    })
    void imageNamesMayHoldSlashesAndColons(String method, String path, String template, String name) {
        Router.Bound bound = router.route(request(method, path));
        assertThat(bound.route().template()).isEqualTo(template);
        assertThat(bound.request().param("name")).isEqualTo(name);
    }

    @Test
    void imageListIsNotMistakenForInspect() {
        assertThat(router.route(request("GET", "/images/json")).route().template()).isEqualTo("/images/json");
    }

    @Test
    void singleSegmentParameterStopsAtSlash() {
        Router containers = new Router(List.of(Route.post("/containers/{id}/start", (q, r) -> r.send(204))));
        assertThat(containers.route(request("POST", "/containers/abc/start")).request().param("id")).isEqualTo("abc");
        assertThatThrownBy(() -> containers.route(request("POST", "/containers/a/b/start")))
                .isInstanceOf(NotFoundException.class).hasMessage("page not found");
    }

    @Test
    void wrongMethodIsPageNotFound() {
        assertThatThrownBy(() -> router.route(request("PUT", "/images/json")))
                .isInstanceOf(NotFoundException.class).hasMessage("page not found");
    }

    @Test
    void routeIntroducedLaterRefusesOlderVersions() {
        Router r = new Router(List.of(Route.get("/new", (q, s) -> s.send(200)).since("1.45")));
        Request old = new Request("GET", "/new", ApiVersion.parse("1.44"), Map.of(), Map.of(), Map.of(),
                InputStream.nullInputStream());
        assertThatThrownBy(() -> r.route(old)).isInstanceOf(berth.api.errors.InvalidArgumentException.class);
    }

    @Test
    void stagedRouterAnswersItsOwnRoutesWhileTheRestIsStillBeingBuilt() {
        CompletableFuture<Router> rest = new CompletableFuture<>();
        Router staged = Router.staged(List.of(Route.get("/_ping", (q, r) -> r.send(200))), rest);

        assertThat(staged.route(request("GET", "/_ping")).route().template()).isEqualTo("/_ping");
        assertThat(rest).isNotDone();
    }

    @Test
    void stagedRouterHoldsOtherRequestsUntilTheRestIsReady() throws Exception {
        CompletableFuture<Router> rest = new CompletableFuture<>();
        Router staged = Router.staged(List.of(Route.get("/_ping", (q, r) -> r.send(200))), rest);
        CompletableFuture<Router.Bound> waiting = CompletableFuture.supplyAsync(() -> staged.route(request("GET", "/images/json")));

        Thread.sleep(100);
        assertThat(waiting).as("routed before the engine was there").isNotDone();
        rest.complete(router);
        assertThat(waiting.get(10, TimeUnit.SECONDS).route().template()).isEqualTo("/images/json");
    }

    @Test
    void stagedRouterFailsHeldRequestsAsTheRestFailed() {
        CompletableFuture<Router> rest = CompletableFuture.failedFuture(new IllegalStateException("store is damaged"));
        Router staged = Router.staged(List.of(), rest);

        assertThatThrownBy(() -> staged.route(request("GET", "/images/json")))
                .isInstanceOf(IllegalStateException.class).hasMessage("store is damaged");
    }
}
