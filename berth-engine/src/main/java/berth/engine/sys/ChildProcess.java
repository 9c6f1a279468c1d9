package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A child process started with the C library's posix_spawn, straight from berthd: ProcessBuilder starts the JDK's
 * jspawnhelper first, which then executes the command, two program starts where one will do (1-5 ms more per start
 * here, most of it on the exec path of a container). The child gets an empty environment, its stdio as asked and no
 * other descriptor of berthd's; its signal dispositions and mask are reset. Its exit is collected by a platform
 * thread that waits for it, and only then reaped, so that a signal sent before can never reach another process that
 * took the same pid number.
 */
public final class ChildProcess extends Process {
    /** The child's stdout and stderr: pipes to read, one pipe for both, or /dev/null. */
    public enum Output { PIPES, MERGED, DISCARD }

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int EINTR = 4;
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;
    /** glibc's sizes are 80 (file actions), 336 (attributes), 128 (siginfo_t, sigset_t): room to spare. */
    private static final long OPAQUE = 512;

    private static final MethodHandle PIPE2 = errno("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WAITID = errno("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WAITPID = errno("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CLOSEFROM = plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_FLAGS = plain("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SIGMASK = plain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SIGDEFAULT = plain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** Waiters: each blocks in waitid for its child, so none may be a virtual thread. */
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("child-reaper").stackSize(256 * 1024).factory());

    private final int pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Process> exited = new CompletableFuture<>();
    /** Set, under this object's lock, once the child has exited and before it is reaped. */
    private boolean ended;
    private int exitValue;

    private ChildProcess(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} (its first element a path: no PATH lookup) with an empty environment; {@code stdin}: a pipe
     * to write to, else /dev/null. Returns once the program runs; an IOException when it could not be executed.
     */
    public static ChildProcess start(List<String> command, boolean stdin, Output output) throws IOException {
        int[] in = stdin ? pipe() : null;
        int[] out = output == Output.DISCARD ? null : pipe();
        int[] err = output == Output.PIPES ? pipe() : null;
        int devNull = -1;
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            if (in == null || out == null) devNull = openDevNull();
            MemorySegment actions = arena.allocate(OPAQUE);
            MemorySegment attributes = arena.allocate(OPAQUE);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attributes));
            try {
                dup2(actions, in != null ? in[0] : devNull, 0);
                dup2(actions, out != null ? out[1] : devNull, 1);
                dup2(actions, err != null ? err[1] : out != null ? out[1] : devNull, 2);
                check("posix_spawn_file_actions_addclosefrom_np", (int) FA_CLOSEFROM.invokeExact(actions, 3));
                MemorySegment none = arena.allocate(OPAQUE);
                MemorySegment all = arena.allocate(OPAQUE);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(none));
                check("sigfillset", (int) SIGFILLSET.invokeExact(all));
                check("posix_spawnattr_setsigmask", (int) ATTR_SIGMASK.invokeExact(attributes, none));
                check("posix_spawnattr_setsigdefault", (int) ATTR_SIGDEFAULT.invokeExact(attributes, all));
                check("posix_spawnattr_setflags", (int) ATTR_FLAGS.invokeExact(attributes,
                        (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                MemorySegment argv = arena.allocate(ADDRESS, command.size() + 1L);
                for (int i = 0; i < command.size(); i++) {
                    argv.setAtIndex(ADDRESS, i, arena.allocateFrom(command.get(i)));
                }
                argv.setAtIndex(ADDRESS, command.size(), MemorySegment.NULL);
                MemorySegment envp = arena.allocate(ADDRESS, 1);
                envp.setAtIndex(ADDRESS, 0, MemorySegment.NULL);
                MemorySegment pidOut = arena.allocate(JAVA_INT);
                int r = (int) SPAWN.invokeExact(pidOut, arena.allocateFrom(command.getFirst()), actions, attributes,
                        argv, envp);
                if (r != 0) throw new IOException("Cannot run program \"" + command.getFirst() + "\": error=" + r + ", "
                        + Libc.strerror(r));
                pid = pidOut.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attributes);
            }
            // the parent's ends, opened anew as JDK streams while every end is still open (a pipe opened through
            // /proc waits for its other side otherwise); then the raw descriptors go
            ChildProcess child = new ChildProcess(pid,
                    in != null ? new FileOutputStream(procFd(in[1])) : OutputStream.nullOutputStream(),
                    out != null ? new FileInputStream(procFd(out[0])) : InputStream.nullInputStream(),
                    err != null ? new FileInputStream(procFd(err[0])) : InputStream.nullInputStream());
            REAPERS.execute(child::reap);
            return child;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            close(devNull);
            for (int[] p : new int[][] {in, out, err}) {
                if (p != null) {
                    close(p[0]);
                    close(p[1]);
                }
            }
        }
    }

    private static String procFd(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static void dup2(MemorySegment actions, int from, int to) throws Throwable {
        check("posix_spawn_file_actions_adddup2", (int) FA_DUP2.invokeExact(actions, from, to));
    }

    private static void check(String what, int r) throws IOException {
        if (r != 0) throw new IOException(what + ": " + Libc.strerror(r));
    }

    private static int[] pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment state = Libc.callState(arena);
            if ((int) PIPE2.invokeExact(state, fds, O_CLOEXEC) < 0) {
                throw new NativeException("pipe2", "", Libc.errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int openDevNull() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) Libc.OPEN.invokeExact(state, arena.allocateFrom("/dev/null"), O_RDWR | O_CLOEXEC);
            if (fd < 0) throw new NativeException("open", "/dev/null", Libc.errno(state));
            return fd;
        }
    }

    private static void close(int fd) {
        if (fd < 0) return;
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) Libc.CLOSE.invokeExact(Libc.callState(arena), fd);
        } catch (Throwable t) {
            // nothing to do about a descriptor that will not close
        }
    }

    /** Waits for the exit without reaping, records it, then reaps: the pid stays ours until {@link #ended} is set. */
    private void reap() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment info = arena.allocate(OPAQUE);
            while ((int) WAITID.invokeExact(state, P_PID, pid, info, WEXITED | WNOWAIT) < 0) {
                if (Libc.errno(state) != EINTR) break;
            }
            MemorySegment status = arena.allocate(JAVA_INT);
            int r;
            synchronized (this) {
                do {
                    r = (int) WAITPID.invokeExact(state, pid, status, 0);
                } while (r < 0 && Libc.errno(state) == EINTR);
                int s = status.get(JAVA_INT, 0);
                exitValue = r < 0 ? 255 : (s & 0x7f) == 0 ? (s >> 8) & 0xff : 0x80 + (s & 0x7f);
                ended = true;
                notifyAll();
            }
        } catch (Throwable t) {
            synchronized (this) {
                exitValue = 255;
                ended = true;
                notifyAll();
            }
        }
        exited.complete(this);
    }

    private void signal(int signal) {
        synchronized (this) {
            if (ended) return;
            try (Arena arena = Arena.ofConfined()) {
                int ignored = (int) Libc.KILL.invokeExact(Libc.callState(arena), pid, signal);
            } catch (Throwable t) {
                // gone meanwhile
            }
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public synchronized int waitFor() throws InterruptedException {
        while (!ended) wait();
        return exitValue;
    }

    @Override
    public synchronized boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public synchronized int exitValue() {
        if (!ended) throw new IllegalThreadStateException("process " + pid + " has not exited");
        return exitValue;
    }

    @Override
    public synchronized boolean isAlive() {
        return !ended;
    }

    @Override
    public void destroy() {
        signal(SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exited;
    }

    private static MethodHandle errno(String name, FunctionDescriptor d) {
        return Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find(name).orElseThrow(), d,
                Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle plain(String name, FunctionDescriptor d) {
        return Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find(name).orElseThrow(), d);
    }
}
