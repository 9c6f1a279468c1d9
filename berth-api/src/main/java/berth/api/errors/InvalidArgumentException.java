package berth.api.errors;

/** HTTP 400: the request is malformed or names something invalid. */
public final class InvalidArgumentException extends EngineException {
    public InvalidArgumentException(String message) {
        super(message, null);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
