package berth.engine.container;

import berth.engine.container.ContainerService.AttachOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The attach sessions registered per container. A session registered before a start is connected by the start,
 * between {@code runc create} and {@code runc start}, so that it sees all of the process's output.
 */
final class Attacher {
    private final Map<String, List<AttachSession>> sessions = new ConcurrentHashMap<>();

    AttachSession register(String id, AttachOptions options, boolean tty) {
        List<AttachSession> list = sessions.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        AttachSession[] self = new AttachSession[1];
        self[0] = new AttachSession(options, tty, () -> list.remove(self[0]));
        list.add(self[0]);
        return self[0];
    }

    /** Connects every waiting session of {@code id} to conmon's attach socket. */
    void connectAll(String id, Path attachSocket) {
        for (AttachSession s : sessions.getOrDefault(id, List.of())) s.connect(attachSocket);
    }

    /**
     * Waits, at most {@code timeout}, until the connected sessions of {@code id} have passed on all of the output
     * (conmon closes their sockets when the process has exited). dockerd does the same before it reports an exit:
     * the docker CLI stops reading the attach stream once it has the exit code.
     */
    void awaitDrained(String id, Duration timeout) {
        List<AttachSession> list = sessions.getOrDefault(id, List.of());
        if (list.isEmpty()) return;
        CompletableFuture<?>[] all = list.stream().map(AttachSession::drained).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a client that does not read: its output is its loss, the exit is reported anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The container will produce no output: sessions still waiting for a start give up. */
    void abandonAll(String id) {
        for (AttachSession s : sessions.getOrDefault(id, List.of())) s.abandon();
    }

    void forget(String id) {
        abandonAll(id);
        sessions.remove(id);
    }
}
