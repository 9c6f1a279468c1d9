package berth.engine.container;

import berth.engine.sys.NativeException;
import berth.engine.sys.Pidfd;
import berth.engine.sys.ProcessStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process of a container's current run, named by boot id, pid and start time. Nothing here trusts a pid number
 * alone: after the container's process is gone its number may be handed to any other process.
 */
final class RunProcess {
    private RunProcess() {}

    /** The identity to record for a run whose init process is {@code pid} (read while it waits on its exec FIFO). */
    static long startTimeOf(int pid) {
        return ProcessStat.of(pid).map(ProcessStat::startTime).orElse(0L);
    }

    /**
     * Whether the run's own process still lives (not a zombie). A run recorded before identities were kept
     * ({@code pidStart} 0) counts as alive only while its pid is a live child of the container's conmon.
     */
    static boolean alive(RuntimeState s, String bootId, ContainerLayout l) {
        if (!s.bootId().isEmpty() && !s.bootId().equals(bootId)) return false;
        Optional<ProcessStat> stat = ProcessStat.of(s.pid());
        if (stat.isEmpty() || !stat.get().isLive()) return false;
        if (s.pidStart() != 0) return stat.get().startTime() == s.pidStart();
        return conmon(l).map(c -> c.pid() == stat.get().ppid()).orElse(false);
    }

    /** Signals the run's process; false, with nothing signalled, when it is gone. */
    static boolean signal(RuntimeState s, String bootId, ContainerLayout l, int signal) throws NativeException {
        if (!s.bootId().isEmpty() && !s.bootId().equals(bootId)) return false;
        long start = s.pidStart();
        if (start == 0) {
            if (!alive(s, bootId, l)) return false;
            start = startTimeOf(s.pid());
        }
        return Pidfd.signal(s.pid(), start, signal);
    }

    /** The container's conmon, when the pid in its pid file is a live conmon. */
    static Optional<ProcessStat> conmon(ContainerLayout l) {
        try {
            int pid = Integer.parseInt(Files.readString(l.conmonPid()).strip());
            return ProcessStat.of(pid).filter(p -> p.isLive() && p.comm().equals("conmon"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The run's conmon: a live conmon named by the pid file that started no later than the run's process. */
    static Optional<ProcessStat> conmonOf(RuntimeState s, ContainerLayout l) {
        return conmon(l).filter(c -> s.pidStart() == 0 || c.startTime() <= s.pidStart());
    }

    /** conmon's own record of the exit code (persist/exit), or 255 when the process vanished without one. */
    static int persistedExit(ContainerLayout l) {
        try {
            return Integer.parseInt(Files.readString(l.persist().resolve("exit")).strip());
        } catch (IOException | NumberFormatException e) {
            return 255;
        }
    }

    /** Waits, bounded, until the conmon of a failed start is gone, so that no exit of that run can come later. */
    static void awaitConmonGone(ContainerLayout l, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Path pidFile = l.conmonPid();
        while (Files.exists(pidFile) && conmon(l).isPresent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
