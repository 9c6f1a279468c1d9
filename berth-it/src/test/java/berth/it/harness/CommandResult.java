package berth.it.harness;

import java.util.List;

/** What a finished command left behind; {@link #describe()} goes into every assertion message. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stdout without the trailing newline(s), the usual shape of a one-value answer. */
    public String out() {
        return stdout.strip();
    }

    public List<String> outLines() {
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }

    public String describe() {
        return String.join(" ", command) + "\n  exit: " + exitCode + "\n  stdout: " + stdout.strip()
                + "\n  stderr: " + stderr.strip();
    }

    /** Fails with the whole command and its output unless it exited 0; returns this for chaining. */
    public CommandResult requireSuccess() {
        if (exitCode != 0) throw new AssertionError("command failed: " + describe());
        return this;
    }
}
