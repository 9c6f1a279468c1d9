package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;

import berth.daemon.fakes.FakeContainers;
import berth.daemon.fakes.FakeDistribution;
import berth.daemon.fakes.FakeEvents;
import berth.daemon.fakes.FakeImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every route declares exactly the query parameters Docker's API (swagger.yaml for API 1.50, extracted into
 * swagger-v1.50-query.txt) defines for its method and path: each one is either applied or refused.
 */
class QueryDeclarationsTest {
    /** "METHOD /path" → parameter name → swagger default ("-" when none). */
    private static Map<String, Map<String, String>> swagger() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (InputStream in = QueryDeclarationsTest.class.getResourceAsStream("/swagger-v1.50-query.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                Map<String, String> params = out.computeIfAbsent(f[0] + " " + f[1], k -> new LinkedHashMap<>());
                if (!f[2].equals("-")) params.put(f[2], f[4]);
            }
        }
        return out;
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new VersionRoutes(new berth.engine.system.Components(berth.engine.EngineConfig.of(
                java.nio.file.Path.of("/nonexistent/data"), java.nio.file.Path.of("/nonexistent/exec"), Set.of(), false)))
                .routes());
        routes.addAll(new SystemRoutes(() -> null, new FakeEvents(), types -> null).routes());
        routes.addAll(new ImageRoutes(new FakeImages(), new FakeDistribution()).routes());
        routes.addAll(new ContainerRoutes(new FakeContainers()).routes());
        routes.addAll(new ContainerResourceRoutes(new FakeContainers()).routes());
        routes.addAll(new NetworkRoutes(null).routes());
        routes.addAll(new ContainerManagementRoutes(null).routes());
        routes.addAll(new ArchiveRoutes(null).routes());
        routes.addAll(new PruneRoutes(null, null).routes());
        routes.addAll(new SearchRoutes(null).routes());
        return new Router(routes).routes();
    }

    /** Berth's own parameters, which Docker's API does not have: the dry run of each prune. */
    private static final Map<String, Set<String>> BERTH_OWN = Map.of(
            "POST /containers/prune", Set.of("dryrun"), "POST /networks/prune", Set.of("dryrun"),
            "POST /images/prune", Set.of("dryrun"), "POST /build/prune", Set.of("dryrun"));

    private static String key(Route route) {
        return route.method() + " " + route.template().replace("*}", "}");
    }

    @Test
    void everyRouteDeclaresExactlyTheQueryParametersOfDockersApi() throws IOException {
        Map<String, Map<String, String>> swagger = swagger();
        assertThat(swagger).hasSizeGreaterThan(100);
        for (Route route : routes()) {
            Map<String, String> docker = swagger.get(key(route));
            assertThat(docker).as("%s is an operation of Docker's API", key(route)).isNotNull();
            Set<String> declared = new java.util.LinkedHashSet<>(route.query().declared());
            declared.removeAll(BERTH_OWN.getOrDefault(key(route), Set.of()));
            assertThat(declared).as("query parameters of %s", key(route))
                    .containsExactlyInAnyOrderElementsOf(docker.keySet());
        }
    }

    @Test
    void refusedParametersAcceptDockersDefault() throws IOException {
        Map<String, Map<String, String>> swagger = swagger();
        for (Route route : routes()) {
            Map<String, String> docker = swagger.get(key(route));
            for (var refused : route.query().refused().entrySet()) {
                String dockerDefault = docker.get(refused.getKey());
                String expected = dockerDefault.equals("-") || dockerDefault.equals("\"\"") ? "" : dockerDefault;
                assertThat(refused.getValue()).as("default of %s on %s", refused.getKey(), key(route)).isEqualTo(expected);
            }
        }
    }

    @Test
    void noParameterIsBothAppliedAndRefused() {
        for (Route route : routes()) {
            Set<String> both = new LinkedHashSet<>(route.query().applied());
            both.retainAll(route.query().refused().keySet());
            assertThat(both).as(key(route)).isEmpty();
        }
    }
}
