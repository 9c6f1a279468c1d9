package berth.api.errors;

/**
 * The closed set of error kinds a client can act on (containerd's errdefs, moby's errdefs). Each kind
 * maps to exactly one HTTP status, in one place in the daemon, by an exhaustive switch; the client maps
 * the status back to the same kind. Messages are Docker's, word for word, because clients match them.
 */
public abstract sealed class EngineException extends RuntimeException
        permits NotFoundException, InvalidArgumentException, ConflictException, UnauthorizedException,
                ForbiddenException, NotModifiedException, UnavailableException, NotImplementedException,
                PayloadTooLargeException, InternalException {

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind for an HTTP status, used by clients to turn an error response back into a kind. */
    public static EngineException fromStatus(int status, String message) {
        return switch (status) {
            case 304 -> new NotModifiedException(message);
            case 400 -> new InvalidArgumentException(message);
            case 401 -> new UnauthorizedException(message);
            case 403 -> new ForbiddenException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 413 -> new PayloadTooLargeException(message);
            case 501 -> new NotImplementedException(message);
            case 503 -> new UnavailableException(message);
            default -> new InternalException(message, null);
        };
    }
}
