package berth.daemon.http;

import berth.api.model.SystemInfo;
import berth.daemon.fakes.FakeContainers;
import berth.daemon.fakes.FakeDistribution;
import berth.daemon.fakes.FakeEvents;
import berth.daemon.fakes.FakeImages;
import berth.daemon.route.ContainerRoutes;
import berth.daemon.route.ImageRoutes;
import berth.daemon.route.Route;
import berth.daemon.route.Router;
import berth.daemon.route.SystemRoutes;
import berth.daemon.route.VersionRoutes;
import berth.engine.EngineConfig;
import berth.engine.system.Components;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The real route tables over fake services, plus any extra routes a test needs. */
final class TestApi {
    final FakeContainers containers = new FakeContainers();
    final FakeImages images = new FakeImages();
    final FakeDistribution distribution = new FakeDistribution();
    final FakeEvents events = new FakeEvents();

    Router router(Route... extra) {
        List<Route> routes = new ArrayList<>(List.of(extra));
        routes.addAll(new VersionRoutes(new Components(EngineConfig.of(Path.of("/nonexistent/data"),
                Path.of("/nonexistent/exec"), Set.of(), false))).routes());
        routes.addAll(new SystemRoutes(TestApi::info, events, types -> new berth.api.model.DiskUsage(0, null, null, null, null)).routes());
        routes.addAll(new ImageRoutes(images, distribution).routes());
        routes.addAll(new ContainerRoutes(containers).routes());
        return new Router(routes);
    }

    ApiChannel channel(Route... extra) {
        return new ApiChannel(router(extra));
    }

    private static SystemInfo info() {
        throw new UnsupportedOperationException("no /info in these tests");
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n";
    }

    static String post(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: api.moby.localhost\r\nContent-Length: 0\r\n\r\n";
    }
}
