package berth.daemon.dashboard;

import berth.daemon.config.DashboardSettings;
import berth.daemon.log.Log;
import berth.daemon.route.Router;
import berth.engine.Engine;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * berthd's web dashboard: made with the daemon, started once the engine is up (so that the API socket answers as
 * early as without it), and stopped with the daemon. A port that cannot be bound is a warning: berthd serves on.
 */
public final class Dashboard implements AutoCloseable {
    private final DashboardSettings settings;
    private final CompletableFuture<DashboardStatus> status = new CompletableFuture<>();
    private volatile DashboardServer server;
    private volatile Bridges bridges;
    private volatile boolean closed;

    public Dashboard(DashboardSettings settings) {
        this.settings = settings;
        if (!settings.enabled()) status.complete(DashboardStatus.off());
    }

    /** Binds the listener; {@code router} is the one the Unix socket serves. Never throws. */
    public void start(Router router, Engine engine) {
        if (!settings.enabled() || status.isDone()) return;
        String address = "http://127.0.0.1:" + settings.port() + "/";
        try {
            DashboardAccess access = DashboardAccess.create();
            Bridges made = new Bridges(engine);
            DashboardServer bound = DashboardServer.start(settings.port(), router, access,
                    new StaticAssets(Dashboard.class.getClassLoader()), new WebSockets(made));
            synchronized (this) {
                if (closed) {
                    bound.close();
                    made.close();
                    return;
                }
                server = bound;
                bridges = made;
            }
            Log.info("dashboard listening", "address", address);
            status.complete(new DashboardStatus(true, address, address + "?token=" + access.token(), ""));
        } catch (IOException | RuntimeException e) {
            Log.warn("dashboard not served", "address", address, "error", String.valueOf(e.getMessage()));
            status.complete(DashboardStatus.failed(address, "cannot listen on " + address + ": " + e.getMessage()));
        }
    }

    /** What {@code GET /berth/dashboard} answers; waits for a start that is under way. */
    public DashboardStatus status() {
        return status.join();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) server.close();
        if (bridges != null) bridges.close();
        status.complete(DashboardStatus.off());
    }
}
