package berth.engine.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's rules for the image's Entrypoint and Cmd as a stage's CMD and ENTRYPOINT instructions change them. The
 * executor starts each stage with {@link #inherited} (the base image's values, {@code cmdSet} false) and applies the
 * stage's instructions in order:
 * <ul>
 *   <li>CMD sets Cmd: exec form as written, shell form as the current SHELL plus the text; a CMD with arguments marks
 *       Cmd as set in this stage;</li>
 *   <li>ENTRYPOINT sets Entrypoint the same way ({@code ENTRYPOINT []} or a bare ENTRYPOINT clears it) and, unless a
 *       CMD with arguments came earlier in the same stage, clears the inherited Cmd.</li>
 * </ul>
 *
 * @param entrypoint null when none
 * @param cmd null when none
 * @param cmdSet whether a CMD with arguments appeared in the current stage
 */
public record CommandRules(List<String> entrypoint, List<String> cmd, boolean cmdSet) {
    public CommandRules {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
    }

    /** The state at a FROM: the base image's Entrypoint and Cmd (null for scratch). */
    public static CommandRules inherited(List<String> entrypoint, List<String> cmd) {
        return new CommandRules(entrypoint, cmd, false);
    }

    public CommandRules apply(Instruction.Cmd instruction, List<String> shell) {
        CommandLine c = instruction.command();
        boolean hasArgs = switch (c) {
            case CommandLine.ExecForm e -> !e.args().isEmpty();
            case CommandLine.ShellForm s -> !s.text().isEmpty();
        };
        return new CommandRules(entrypoint, resolve(c, shell, false), cmdSet || hasArgs);
    }

    public CommandRules apply(Instruction.Entrypoint instruction, List<String> shell) {
        List<String> resolved = resolve(instruction.command(), shell, true);
        return new CommandRules(resolved, cmdSet ? cmd : null, cmdSet);
    }

    /** What a container of the image runs by default: Entrypoint followed by Cmd. */
    public List<String> process() {
        List<String> all = new ArrayList<>();
        if (entrypoint != null) all.addAll(entrypoint);
        if (cmd != null) all.addAll(cmd);
        return List.copyOf(all);
    }

    /**
     * The words an instruction's command line stands for with the given SHELL: exec form as is, shell form as the
     * shell plus the text. A bare ENTRYPOINT and {@code ENTRYPOINT []} give null; a bare CMD gives the shell alone
     * (Docker's quirk).
     */
    static List<String> resolve(CommandLine c, List<String> shell, boolean entrypoint) {
        return switch (c) {
            case CommandLine.ExecForm e -> entrypoint && e.args().isEmpty() ? null : e.args();
            case CommandLine.ShellForm s when s.text().isEmpty() -> entrypoint ? null : List.copyOf(shell);
            case CommandLine.ShellForm s -> s.withShell(shell);
        };
    }
}
