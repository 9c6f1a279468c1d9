package berth.api.errors;

/** HTTP 401: the registry or daemon wants credentials. */
public final class UnauthorizedException extends EngineException {
    public UnauthorizedException(String message) {
        super(message, null);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }
}
