package berth.engine.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} that identify a process: a pid alone is reused once the process is gone,
 * but a pid together with its start time (field 22, clock ticks since boot) names one process for the life of one
 * boot.
 *
 * @param state one letter: R, S, D, Z (zombie), X (dead), ...
 * @param startTime field 22, in clock ticks since boot
 */
public record ProcessStat(int pid, String comm, char state, int ppid, long startTime) {

    /** The process with this pid now, or empty when there is none. */
    public static Optional<ProcessStat> of(int pid) {
        if (pid <= 0) return Optional.empty();
        try {
            return Optional.of(parse(pid, Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH while reading: the process went away between open and read
            return Optional.empty();
        }
    }

    /**
     * Parses one stat line. The command name (field 2) is in parentheses and may itself contain spaces and
     * parentheses, so the fields after it are counted from the last ')'.
     */
    static ProcessStat parse(int pid, String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) throw new IllegalArgumentException("malformed /proc/" + pid + "/stat: " + line);
        String[] rest = line.substring(close + 1).strip().split(" +");
        // rest[0] is field 3 (state), so field n is rest[n - 3]
        if (rest.length < 20) throw new IllegalArgumentException("malformed /proc/" + pid + "/stat: " + line);
        return new ProcessStat(pid, line.substring(open + 1, close), rest[0].charAt(0), Integer.parseInt(rest[1]),
                Long.parseLong(rest[19]));
    }

    /** Running or sleeping: not yet a zombie waiting to be reaped, nor dead. */
    public boolean isLive() {
        return state != 'Z' && state != 'X' && state != 'x';
    }
}
