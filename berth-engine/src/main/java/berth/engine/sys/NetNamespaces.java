package berth.engine.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Persistent network namespaces, as {@code ip netns add} makes them: a fresh namespace bind-mounted on a file, so that
 * it outlives every process in it (netavark's teardown needs it after the container died). The unshare happens on a
 * platform thread of its own, which goes back to the host's namespace before it ends: setns binds the OS thread, so
 * a virtual thread or a pooled one must never do it.
 */
public final class NetNamespaces {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final long MS_BIND = 4096;

    private NetNamespaces() {}

    /** Creates a new, empty network namespace (only a down {@code lo}) pinned at {@code file}. */
    public static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) Files.createFile(file);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("netns-create").start(() -> {
            try {
                createOnThisThread(file);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get();
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating network namespace " + file, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("creating network namespace " + file + ": " + e.getCause(), e.getCause());
        }
    }

    private static void createOnThisThread(Path file) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int host = (int) Libc.OPEN.invokeExact(state, arena.allocateFrom("/proc/thread-self/ns/net"), O_RDONLY_CLOEXEC);
            if (host < 0) throw new NativeException("open", "/proc/thread-self/ns/net", Libc.errno(state));
            try {
                int r = (int) Libc.UNSHARE.invokeExact(state, CLONE_NEWNET);
                if (r < 0) throw new NativeException("unshare", "CLONE_NEWNET", Libc.errno(state));
                try {
                    Mounts.mount("/proc/thread-self/ns/net", file, "none", MS_BIND, null);
                } finally {
                    r = (int) Libc.SETNS.invokeExact(state, host, CLONE_NEWNET);
                    // a thread stuck in the new namespace must not live on: it ends right after this anyway
                    if (r < 0) throw new NativeException("setns", "host network namespace", Libc.errno(state));
                }
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(state, host);
            }
        }
    }

    /** Unpins and removes the namespace at {@code file}; nothing there is not an error. */
    public static void delete(Path file) throws IOException {
        Mounts.unmount(file);
        Files.deleteIfExists(file);
    }

    /** True when {@code file} pins a namespace (a mount point), not just an empty file left by a crash. */
    public static boolean exists(Path file) {
        return Files.exists(file) && Mounts.isMounted(file);
    }
}
