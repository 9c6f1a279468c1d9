package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Signals a process named by pid and start time, never a stranger that inherited its pid number: a pidfd pins the
 * process that holds the pid when it is opened, and the start time read after opening proves that this is the
 * recorded process (it was alive before the open and is still alive after it).
 */
public final class Pidfd {
    private static final int ESRCH = 3;
    private static final MethodHandle PIDFD_OPEN = handle("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PIDFD_SEND_SIGNAL = handle("pidfd_send_signal",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private Pidfd() {}

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find(name).orElseThrow(), d,
                Linker.Option.captureCallState("errno"));
    }

    /**
     * Sends {@code signal} to the process {@code pid} if it is the one that started at {@code startTime}; returns
     * false, signalling nothing, when that process is gone (its pid free or held by another process).
     */
    public static boolean signal(int pid, long startTime, int signal) throws NativeException {
        if (pid <= 0) return false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) PIDFD_OPEN.invokeExact(state, pid, 0);
            if (fd < 0) {
                int errno = Libc.errno(state);
                if (errno == ESRCH) return false;
                throw new NativeException("pidfd_open", "pid " + pid, errno);
            }
            try {
                var now = ProcessStat.of(pid);
                if (now.isEmpty() || now.get().startTime() != startTime) return false;
                int r = (int) PIDFD_SEND_SIGNAL.invokeExact(state, fd, signal, MemorySegment.NULL, 0);
                if (r == 0) return true;
                int errno = Libc.errno(state);
                if (errno == ESRCH) return false;
                throw new NativeException("pidfd_send_signal", "pid " + pid, errno);
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(state, fd);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
