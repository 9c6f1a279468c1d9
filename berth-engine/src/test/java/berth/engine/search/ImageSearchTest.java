package berth.engine.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.UnauthorizedException;
import berth.api.errors.UnavailableException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageSearchTest {
    private HttpServer registry;
    private String host;

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/v2/_catalog", 200, "{\"repositories\":[\"team/webapp\",\"team/worker\",\"other/web-tools\"]}");
        answer("/v2/team/webapp/tags/list", 200, "{\"name\":\"team/webapp\",\"tags\":[\"2\",\"1\",\"latest\"]}");
        answer("/v2/other/web-tools/tags/list", 200, "{\"name\":\"other/web-tools\",\"tags\":[\"3\"]}");
        answer("/v2/team/worker/tags/list", 200, "{\"name\":\"team/worker\",\"tags\":null}");
        registry.start();
        host = "127.0.0.1:" + registry.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        registry.createContext(path, x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
    }

    @AfterEach
    void stop() {
        registry.stop(0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPrivateRegistryIsSearchedByRepositoryNameWithItsTagsAsDescription() {
        List<SearchResult> found = new ImageSearch().search(host + "/web", null, Map.of());
        assertThat(found).extracting(SearchResult::name).containsExactly(host + "/team/webapp", host + "/other/web-tools");
        assertThat(found.getFirst().description()).isEqualTo("tags: 1, 2, latest");
        assertThat(found.getFirst().official()).isFalse();
    }

    @Test
    void limitCutsTheResults() {
        assertThat(new ImageSearch().search(host + "/team", 1, Map.of())).hasSize(1);
    }

    @Test
    void filtersForOfficialOrStarredImagesMatchNothingInAPrivateRegistry() {
        assertThat(new ImageSearch().search(host + "/team", null, Map.of("is-official", List.of("true")))).isEmpty();
        assertThat(new ImageSearch().search(host + "/team", null, Map.of("stars", List.of("1")))).isEmpty();
        assertThat(new ImageSearch().search(host + "/team", null, Map.of("is-official", List.of("false")))).hasSize(2);
    }

    @Test
    void unknownFiltersAndLimitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new ImageSearch().search(host + "/x", null, Map.of("name", List.of("x"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'name'");
        assertThatThrownBy(() -> new ImageSearch().search(host + "/x", 101, Map.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("limit 101 is outside the range of [1, 100]");
    }

    @Test
    void aRegistryThatWantsCredentialsForItsCatalogSaysSo() throws IOException {
        HttpServer locked = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        locked.createContext("/", x -> {
            x.sendResponseHeaders(401, -1);
            x.close();
        });
        locked.start();
        try {
            assertThatThrownBy(() -> new ImageSearch().search("127.0.0.1:" + locked.getAddress().getPort() + "/x", null, Map.of()))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("needs credentials");
        } finally {
            locked.stop(0);
        }
    }

    @Test
    void anUnreachableDockerHubIsAnErrorThatNamesTheRequest() throws IOException {
        int port = closedPort();
        ImageSearch search = new ImageSearch(URI.create("http://127.0.0.1:" + port));
        assertThatThrownBy(() -> search.search("busybox", null, Map.of()))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Get \"http://127.0.0.1:" + port + "/v1/search?q=busybox&n=25\": dial tcp 127.0.0.1:" + port
                        + ": connect: connection refused");
    }

    @Test
    void dockerHubResultsAreFilteredByStarsAndOfficialState() throws IOException {
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/v1/search", x -> {
            byte[] b = ("{\"results\":[{\"name\":\"busybox\",\"description\":\"small\",\"is_official\":true,\"star_count\":3000},"
                    + "{\"name\":\"someone/busybox\",\"description\":\"copy\",\"is_official\":false,\"star_count\":2}]}")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        hub.start();
        try {
            ImageSearch search = new ImageSearch(URI.create("http://127.0.0.1:" + hub.getAddress().getPort()));
            assertThat(search.search("busybox", null, Map.of("stars", List.of("10")))).extracting(SearchResult::name)
                    .containsExactly("busybox");
            assertThat(search.search("busybox", null, Map.of("is-official", List.of("false"))))
                    .extracting(SearchResult::name).containsExactly("someone/busybox");
        } finally {
            hub.stop(0);
        }
    }
}
