package berth.cli;

import picocli.CommandLine;

/** Test access to {@link UsageError}'s flag message, for tests in other packages. */
public final class UsageErrorAccess {
    private UsageErrorAccess() {}

    public static String flagError(CommandLine.ParameterException e, String[] args) {
        return UsageError.flagError(e, args);
    }
}
