package berth.engine.container;

import berth.engine.container.ContainerService.AttachOptions;
import java.nio.file.Path;
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

    /** The container will produce no output: sessions still waiting for a start give up. */
    void abandonAll(String id) {
        for (AttachSession s : sessions.getOrDefault(id, List.of())) s.abandon();
    }

    void forget(String id) {
        abandonAll(id);
        sessions.remove(id);
    }
}
