package berth.api.errors;

/** HTTP 304: nothing to do (container already started or stopped). */
public final class NotModifiedException extends EngineException {
    public NotModifiedException(String message) {
        super(message, null);
    }

    public NotModifiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
