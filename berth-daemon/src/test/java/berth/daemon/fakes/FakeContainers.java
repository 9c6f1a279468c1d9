package berth.daemon.fakes;

import berth.api.errors.NotFoundException;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.IdResponse;
import berth.api.model.WaitResponse;
import berth.engine.container.ContainerService;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ContainerService whose behaviour each test sets through its public fields; unset operations say "No such container". */
public final class FakeContainers implements ContainerService {

    @FunctionalInterface
    public interface LogsBehaviour {
        void logs(String id, LogOptions options, LogSink sink) throws IOException;
    }

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public java.util.function.BiFunction<String, ContainerCreateRequest, IdResponse> onCreate = (name, r) -> {
        throw NotFoundException.image(r.image());
    };
    public java.util.function.Consumer<String> onStart = id -> {
        throw NotFoundException.container(id);
    };
    public java.util.function.Function<String, ContainerInspect> onInspect = id -> {
        throw NotFoundException.container(id);
    };
    public java.util.function.BiFunction<String, WaitCondition, CompletableFuture<WaitResponse>> onWait = (id, c) -> {
        throw NotFoundException.container(id);
    };
    public java.util.function.BiFunction<String, AttachOptions, Attachment> onAttach = (id, o) -> {
        throw NotFoundException.container(id);
    };
    public LogsBehaviour onLogs = (id, o, s) -> {
        throw NotFoundException.container(id);
    };
    public List<ContainerSummary> listed = List.of();
    public ContainerListOptions lastListOptions;

    @Override
    public berth.engine.network.NetworkService networks() {
        throw new UnsupportedOperationException("no networks in the fake");
    }

    @Override
    public IdResponse create(String name, ContainerCreateRequest request) {
        calls.add("create " + name);
        return onCreate.apply(name, request);
    }

    @Override
    public void start(String nameOrId) {
        calls.add("start " + nameOrId);
        onStart.accept(nameOrId);
    }

    @Override
    public void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        calls.add("stop " + nameOrId + " t=" + timeoutSeconds + " signal=" + signal);
    }

    @Override
    public void restart(String nameOrId, Integer timeoutSeconds, String signal) {
        calls.add("restart " + nameOrId + " t=" + timeoutSeconds);
    }

    @Override
    public void kill(String nameOrId, String signal) {
        calls.add("kill " + nameOrId + " signal=" + signal);
    }

    @Override
    public void remove(String nameOrId, boolean force, boolean removeVolumes) {
        calls.add("remove " + nameOrId + " force=" + force + " v=" + removeVolumes);
    }

    @Override
    public ContainerInspect inspect(String nameOrId) {
        return onInspect.apply(nameOrId);
    }

    @Override
    public List<ContainerSummary> list(ContainerListOptions options) {
        lastListOptions = options;
        return listed;
    }

    @Override
    public CompletableFuture<WaitResponse> wait(String nameOrId, WaitCondition condition) {
        calls.add("wait " + nameOrId + " " + condition);
        return onWait.apply(nameOrId, condition);
    }

    /** The container is resolved through {@link #onInspect} first, as the real service checks it before streaming. */
    @Override
    public LogStream logs(String nameOrId, LogOptions options) {
        boolean tty = Boolean.TRUE.equals(onInspect.apply(nameOrId).config().tty());
        return new LogStream() {
            @Override
            public boolean tty() {
                return tty;
            }

            @Override
            public void writeTo(LogSink sink) throws IOException {
                onLogs.logs(nameOrId, options, sink);
            }
        };
    }

    @Override
    public Attachment attach(String nameOrId, AttachOptions options) {
        calls.add("attach " + nameOrId);
        return onAttach.apply(nameOrId, options);
    }
}
