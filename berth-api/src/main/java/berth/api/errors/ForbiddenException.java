package berth.api.errors;

/** HTTP 403: the operation is not allowed. */
public final class ForbiddenException extends EngineException {
    public ForbiddenException(String message) {
        super(message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }
}
