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
import berth.daemon.config.Host;
import berth.daemon.config.PidFile;
import berth.daemon.config.RootDirs;
import berth.daemon.dashboard.Dashboard;
import berth.daemon.dashboard.DashboardRoutes;
import berth.daemon.http.ApiServer;
import berth.daemon.http.EarlyListener;
import berth.daemon.log.Log;
import berth.daemon.route.ContainerManagementRoutes;
import berth.daemon.route.ContainerRoutes;
import berth.daemon.route.ExecRoutes;
import berth.daemon.route.NetworkRoutes;
import berth.daemon.route.DaemonVersion;
import berth.daemon.route.ImageRoutes;
import berth.daemon.route.Route;
import berth.daemon.route.Router;
import berth.daemon.route.SystemRoutes;
import berth.daemon.route.VersionRoutes;
import berth.engine.Engine;
import berth.engine.EngineConfig;
import berth.engine.system.Components;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A running berthd: pid file, API server, engine. The socket is bound first and answers {@code /_ping} and
 * {@code /version} at once; the engine (opening the store, start-up recovery) starts beside it, and every other
 * request waits until it is ready, so none ever sees the store before recovery is done. Closing stops them in
 * reverse order.
 */
public final class Daemon implements AutoCloseable {
    private final PidFile pidFile;
    private final CompletableFuture<Engine> engine;
    private final ApiServer server;
    private final Dashboard dashboard;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;

    private Daemon(PidFile pidFile, CompletableFuture<Engine> engine, ApiServer server, Dashboard dashboard) {
        this.pidFile = pidFile;
        this.engine = engine;
        this.server = server;
        this.dashboard = dashboard;
    }

    public static Daemon start(DaemonConfig config) throws ConfigException, IOException {
        long started = System.nanoTime();
        RootDirs.secure(config.dataRoot(), config.execRoot());
        PidFile pidFile = PidFile.create(config.pidFile());
        // Unix sockets answer /_ping from here on, before Netty (most of the time to a listening socket) is set up
        List<EarlyListener> early = new ArrayList<>();
        try {
            for (Host host : config.hosts()) {
                if (host instanceof Host.Unix unix) EarlyListener.bind(unix.path()).ifPresent(early::add);
            }
        } catch (IOException | RuntimeException e) {
            early.forEach(EarlyListener::close);
            pidFile.close();
            throw e;
        }
        Log.debug("early socket ready", "ms", millisSince(started));
        EngineConfig engineConfig = EngineConfig.of(config.dataRoot(), config.execRoot(), config.insecureRegistries(),
                config.debug()).withLogDefaults(config.logConfig()).withNetwork(config.network())
                .withRegistry(config.registry());
        Components components = new Components(engineConfig);
        // Netty would otherwise look for SLF4J and Log4J on the class path before settling on the JDK's logging
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        CompletableFuture<Engine> engine = new CompletableFuture<>();
        Dashboard dashboard = new Dashboard(config.dashboard());
        CompletableFuture<Router> routes = engine.thenApply(e -> router(e, dashboard));
        Router router = Router.staged(new VersionRoutes(components).routes(), routes);
        ApiServer server;
        try {
            server = ApiServer.start(config.hosts(), config.tls(), router, early);
        } catch (IOException | RuntimeException e) {
            early.forEach(EarlyListener::close);
            pidFile.close();
            throw e;
        }
        Log.debug("socket ready", "ms", millisSince(started));
        // after the bind, not beside it: on a busy machine the two would share the CPU and the socket would answer later
        Thread.ofPlatform().name("engine-start").start(() -> {
            try {
                Engine up = Engine.start(engineConfig, components);
                try {
                    RootDirs.secureStore(config.dataRoot());
                } catch (IOException | RuntimeException e) {
                    up.close();
                    throw e;
                }
                engine.complete(up);
            } catch (Throwable t) {
                engine.completeExceptionally(t);
            }
        });
        Daemon daemon = new Daemon(pidFile, engine, server, dashboard);
        engine.whenComplete((e, failure) -> {
            if (failure != null) {
                Log.error("berthd failed to start", failure);
                daemon.fail();
                return;
            }
            Log.debug("engine ready", "ms", millisSince(started));
            // the dashboard's port after the socket and the engine: it costs start-up nothing
            Thread.ofVirtual().name("dashboard-start").start(() -> dashboard.start(router, e));
            Thread.ofVirtual().name("json-warm-up").start(Daemon::warmUpJson);
            Log.info("berthd started", "version", DaemonVersion.BERTH, "hosts", config.hosts(),
                    "data-root", config.dataRoot(), "exec-root", config.execRoot());
        });
        return daemon;
    }

    static Router router(Engine engine, Dashboard dashboard) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new SystemRoutes(engine::info, engine.events(), engine::diskUsage).routes());
        routes.addAll(new ImageRoutes(engine.images(), engine.distribution(), engine.archives()).routes());
        routes.addAll(new berth.daemon.route.ArchiveRoutes(engine.archives()).routes());
        routes.addAll(new berth.daemon.route.SearchRoutes(engine.search()).routes());
        routes.addAll(new berth.daemon.route.PruneRoutes(engine.imagePruner(), engine::buildCache).routes());
        routes.addAll(new ContainerRoutes(engine.containers()).routes());
        routes.addAll(new ExecRoutes(engine.execs()).routes());
        routes.addAll(new berth.daemon.route.ContainerResourceRoutes(engine.containers()).routes());
        routes.addAll(new ContainerManagementRoutes(engine.containerManagement()).routes());
        routes.addAll(new berth.daemon.route.PauseRoutes(engine.pauses()).routes());
        routes.addAll(new berth.daemon.route.ContainerFilesystemRoutes(engine.containerFilesystem()).routes());
        routes.addAll(new NetworkRoutes(engine.networks()).routes());
        routes.addAll(new berth.daemon.route.AuthRoutes(engine.distribution()).routes());
        routes.addAll(new berth.daemon.route.BuildRoutes(engine.builder()).routes());
        routes.addAll(new berth.daemon.route.VolumeRoutes(engine.volumes()).routes());
        routes.addAll(new berth.daemon.route.BerthRoutes(engine.statsHistory(), engine.imageLayers()).routes());
        routes.addAll(new DashboardRoutes(dashboard).routes());
        return new Router(routes);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * Jackson introspects each record type on first use, which took ~0.4 s for the first /version here; doing it
     * once the engine is up keeps the first {@code docker run} fast without delaying the socket.
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
        // start-up and the warm-up leave garbage in a heap grown for it; one full collection (serial: it also gives
        // the free part of the heap back, MaxHeapFreeRatio) keeps an idle daemon small (issue 11)
        System.gc();
    }

    /** The engine could not start: stop serving and let {@link #awaitStop} report it. */
    private void fail() {
        failed = true;
        close();
    }

    /** Blocks until {@link #close} has run; false when berthd stopped because its engine failed to start. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return !failed;
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) return;
        Log.info("berthd stopping");
        dashboard.close();
        server.close();
        // an engine still starting is closed once it is up: its recovery is never cut off half-way
        try {
            engine.join().close();
        } catch (RuntimeException e) {
            // it never started: nothing to close
        }
        pidFile.close();
        Log.info("berthd stopped");
        stopped.countDown();
    }
}
