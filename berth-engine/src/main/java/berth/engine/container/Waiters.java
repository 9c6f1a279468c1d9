package berth.engine.container;

import berth.api.model.WaitResponse;
import berth.engine.container.ContainerService.WaitCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Clients waiting on containers, per condition; completed by exits and removals. */
final class Waiters {
    private record Waiter(WaitCondition condition, CompletableFuture<WaitResponse> future) {}

    private final Map<String, List<Waiter>> byContainer = new ConcurrentHashMap<>();

    synchronized CompletableFuture<WaitResponse> add(String id, WaitCondition condition) {
        CompletableFuture<WaitResponse> f = new CompletableFuture<>();
        byContainer.computeIfAbsent(id, k -> new ArrayList<>()).add(new Waiter(condition, f));
        return f;
    }

    /** Completes the waiters for an exit; those waiting for removal stay. */
    synchronized void exited(String id, int code) {
        complete(id, code, false);
    }

    synchronized void removed(String id, int code) {
        complete(id, code, true);
        byContainer.remove(id);
    }

    private void complete(String id, int code, boolean removed) {
        List<Waiter> list = byContainer.get(id);
        if (list == null) return;
        list.removeIf(w -> {
            if (w.future().isDone()) return true;
            if (w.condition() == WaitCondition.REMOVED && !removed) return false;
            w.future().complete(WaitResponse.exited(code));
            return true;
        });
    }

    /** Waits with no bound (Docker's {@code stop -t -1}); false only when interrupted. */
    static boolean awaitForever(CompletableFuture<?> f) {
        try {
            f.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Waits up to {@code seconds}; true when the future completed (normally or not). */
    static boolean await(CompletableFuture<?> f, int seconds) {
        try {
            f.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
