package berth.daemon.route;

import berth.api.Json;
import berth.api.model.EventMessage;
import berth.api.model.SystemInfo;
import berth.engine.events.EventService;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/** The system group: info and events (ping and version need no engine: {@link VersionRoutes}). */
public final class SystemRoutes {
    private final Supplier<SystemInfo> info;
    private final EventService events;

    public SystemRoutes(Supplier<SystemInfo> info, EventService events) {
        this.info = info;
        this.events = events;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/info", this::systemInfo),
                Route.get("/events", this::systemEvents));
    }

    void systemInfo(Request request, Response response) {
        response.json(200, info.get());
    }

    /**
     * Streams events as JSON lines until {@code until} or the client leaves. The engine calls the subscriber on the
     * publishing thread, so events are queued here and written by the request's own thread: a slow client never
     * holds up the engine.
     */
    void systemEvents(Request request, Response response) throws IOException, InterruptedException {
        long since = Timestamps.parseNanos(request.query("since"), "since");
        long until = Timestamps.parseNanos(request.query("until"), "until");
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Object end = new Object();
        try (EventService.Subscription sub = events.subscribe(request.filters(), since, until, queue::add);
             ChunkedOutput out = response.stream(200, "application/json")) {
            response.onClose(sub::close);
            Thread.ofVirtual().start(() -> {
                try {
                    sub.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                queue.add(end);
            });
            for (Object item = queue.take(); item != end && out.isOpen(); item = queue.take()) {
                out.write(eventLine((EventMessage) item));
            }
        }
    }

    private static byte[] eventLine(EventMessage event) throws IOException {
        return (Json.mapper().writeValueAsString(event) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
