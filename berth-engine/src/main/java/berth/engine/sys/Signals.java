package berth.engine.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Map;

/** Signal names and kill(2). */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
            Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private Signals() {}

    /** Parses "KILL", "SIGKILL", "sigkill" or "9"; throws IllegalArgumentException ("invalid signal: X") otherwise. */
    public static int parse(String signal) {
        String s = signal.trim();
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) return n;
        } catch (NumberFormatException ignored) {
            String name = s.toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) name = name.substring(3);
            Integer n = NUMBERS.get(name);
            if (n != null) return n;
            if (name.startsWith("RTMIN+") || name.startsWith("RTMAX-")) {
                int k = Integer.parseInt(name.substring(6));
                return name.startsWith("RTMIN") ? 34 + k : 64 - k;
            }
        }
        throw new IllegalArgumentException("invalid signal: " + signal);
    }

    /** Sends a signal to a host pid; returns false if the process does not exist (ESRCH). */
    public static boolean kill(int pid, int signal) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int r = (int) Libc.KILL.invokeExact(state, pid, signal);
            if (r == 0) return true;
            int errno = Libc.errno(state);
            if (errno == 3) return false;
            throw new NativeException("kill", "pid " + pid, errno);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static boolean isAlive(int pid) {
        try {
            return pid > 0 && kill(pid, 0);
        } catch (NativeException e) {
            return e.errno() == 1; // EPERM: exists
        }
    }
}
