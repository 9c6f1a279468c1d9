package berth.api.errors;

/** HTTP 501: the operation is not supported by Berth. */
public final class NotImplementedException extends EngineException {
    public NotImplementedException(String message) {
        super(message, null);
    }

    public NotImplementedException(String message, Throwable cause) {
        super(message, cause);
    }
}
