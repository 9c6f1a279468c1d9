package berth.api.errors;

/** HTTP 503: a dependency is not reachable now. */
public final class UnavailableException extends EngineException {
    public UnavailableException(String message) {
        super(message, null);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
