package berth.daemon.route;

import berth.api.Json;
import berth.api.model.DiskUsage;
import berth.api.model.EventMessage;
import berth.api.model.SystemInfo;
import berth.engine.events.EventService;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The system group: info, events, disk usage (ping and version need no engine: {@link VersionRoutes}). */
public final class SystemRoutes {
    private final Supplier<SystemInfo> info;
    private final EventService events;
    private final Function<Set<String>, DiskUsage> diskUsage;

    public SystemRoutes(Supplier<SystemInfo> info, EventService events, Function<Set<String>, DiskUsage> diskUsage) {
        this.info = info;
        this.events = events;
        this.diskUsage = diskUsage;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/info", this::systemInfo),
                Route.get("/events", this::systemEvents).query("since", "until", "filters"),
                Route.get("/system/df", this::systemDataUsage).query("type"));
    }

    void systemInfo(Request request, Response response) {
        response.json(200, info.get());
    }

    /** {@code type} narrows what is computed from API 1.42 on; older clients always get everything (as moby does). */
    void systemDataUsage(Request request, Response response) {
        Set<String> types = request.version().atLeast("1.42") ? Set.copyOf(request.queryAll("type")) : Set.of();
        response.json(200, diskUsage.apply(types));
    }

    /**
     * Streams events as JSON lines until {@code until} or the client leaves. The engine hands events to the sink on
     * the subscription's own thread, so a slow client never holds up the engine; one that falls too far behind is
     * disconnected (an error after the response started closes the connection).
     */
    void systemEvents(Request request, Response response) throws IOException, InterruptedException {
        long since = Timestamps.parseNanos(request.query("since"), "since");
        long until = Timestamps.parseNanos(request.query("until"), "until");
        CompletableFuture<ChunkedOutput> output = new CompletableFuture<>();
        // Subscribing first refuses bad filters with a plain 400, before the response starts
        try (EventService.Subscription sub = events.subscribe(request.filters(), since, until, event -> {
            try {
                output.join().write(eventLine(event));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })) {
            response.onClose(sub::close);
            try (ChunkedOutput out = response.stream(200, "application/json")) {
                output.complete(out);
                sub.await();
                if (sub.fellBehind()) throw new IOException("events client stopped reading; disconnected");
            } finally {
                output.completeExceptionally(new IOException("no response"));
            }
        }
    }

    private static byte[] eventLine(EventMessage event) throws IOException {
        return (Json.mapper().writeValueAsString(event) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
