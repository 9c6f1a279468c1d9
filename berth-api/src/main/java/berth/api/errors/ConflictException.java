package berth.api.errors;

/** HTTP 409: the request conflicts with the current state. */
public final class ConflictException extends EngineException {
    public ConflictException(String message) {
        super(message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
