package berth.cli;

/**
 * A mistake the CLI finds itself (no daemon involved), printed as-is. run and create show it with their usage hint and
 * exit 125, as the docker CLI does; other verbs exit with {@link #exitCode()}.
 */
public final class CliError extends RuntimeException {
    private final int exitCode;

    public CliError(String message) {
        this(message, 1);
    }

    public CliError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
