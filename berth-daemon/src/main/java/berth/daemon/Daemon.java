package berth.daemon;

import berth.api.Json;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.ErrorResponse;
import berth.api.model.IdResponse;
import berth.api.model.ImageInspect;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import berth.api.model.SystemInfo;
import berth.api.model.VersionInfo;
import berth.daemon.config.ConfigException;
import berth.daemon.config.DaemonConfig;
import berth.daemon.config.PidFile;
import berth.daemon.config.RootDirs;
import berth.daemon.http.ApiServer;
import berth.daemon.log.Log;
import berth.daemon.route.ContainerRoutes;
import berth.daemon.route.DaemonVersion;
import berth.daemon.route.ImageRoutes;
import berth.daemon.route.Route;
import berth.daemon.route.Router;
import berth.daemon.route.SystemRoutes;
import berth.engine.Engine;
import berth.engine.EngineConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A running berthd: pid file, engine, API server. Closing stops them in reverse order. */
public final class Daemon implements AutoCloseable {
    private final PidFile pidFile;
    private final Engine engine;
    private final ApiServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Daemon(PidFile pidFile, Engine engine, ApiServer server) {
        this.pidFile = pidFile;
        this.engine = engine;
        this.server = server;
    }

    public static Daemon start(DaemonConfig config) throws ConfigException, IOException {
        RootDirs.secure(config.dataRoot(), config.execRoot());
        PidFile pidFile = PidFile.create(config.pidFile());
        Engine engine = null;
        try {
            engine = Engine.start(EngineConfig.of(config.dataRoot(), config.execRoot(), config.insecureRegistries(),
                    config.debug()).withLogDefaults(config.logConfig())
                    .withRegistryTimeouts(config.registryTimeouts()));
            RootDirs.secureStore(config.dataRoot());
            ApiServer server = ApiServer.start(config.hosts(), config.tls(), router(engine));
            Thread.ofVirtual().name("json-warm-up").start(Daemon::warmUpJson);
            Log.info("berthd started", "version", DaemonVersion.BERTH, "hosts", config.hosts(),
                    "data-root", config.dataRoot(), "exec-root", config.execRoot());
            return new Daemon(pidFile, engine, server);
        } catch (IOException | RuntimeException e) {
            if (engine != null) engine.close();
            pidFile.close();
            throw e;
        }
    }

    static Router router(Engine engine) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new SystemRoutes(engine::info, engine.events(), engine::diskUsage).routes());
        routes.addAll(new ImageRoutes(engine.images(), engine.distribution()).routes());
        routes.addAll(new ContainerRoutes(engine.containers()).routes());
        return new Router(routes);
    }

    /**
     * Jackson introspects each record type on first use, which took ~0.4 s for the first /version here; doing it
     * at start keeps the first {@code docker run} fast.
     */
    private static void warmUpJson() {
        try {
            for (Class<?> type : List.of(ContainerCreateRequest.class, ContainerInspect.class, ContainerSummary.class,
                    ImageSummary.class, ImageInspect.class, VersionInfo.class, SystemInfo.class)) {
                Json.mapper().writeValueAsBytes(Json.mapper().readValue("{}", type));
            }
            Json.mapper().writeValueAsBytes(List.of(new ErrorResponse("warm-up"), new IdResponse("warm-up", List.of()),
                    ProgressMessage.status("warm-up")));
        } catch (IOException | RuntimeException e) {
            Log.debug("JSON warm-up failed", "error", String.valueOf(e.getMessage()));
        }
    }

    /** Blocks until {@link #close} has run. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) return;
        Log.info("berthd stopping");
        server.close();
        engine.close();
        pidFile.close();
        Log.info("berthd stopped");
        stopped.countDown();
    }
}
