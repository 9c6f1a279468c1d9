package berth.api.errors;

/** HTTP 500: anything that is not one of the other kinds. Carries the cause for the daemon's log. */
public final class InternalException extends EngineException {
    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }
}
