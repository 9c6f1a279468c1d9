package berth.engine.build;

/**
 * A RUN step whose command failed: Docker's message ("The command '...' returned a non-zero code: 3") and the exit
 * code, which the docker CLI turns into its own exit status. Not one of the API's error kinds because it never
 * becomes an HTTP status: the build's progress has begun when a step runs, so it ends the stream as an error line.
 */
public final class BuildStepException extends RuntimeException {
    private final int code;

    public BuildStepException(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
