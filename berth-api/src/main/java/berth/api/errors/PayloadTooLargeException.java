package berth.api.errors;

/** HTTP 413: the request body is larger than the daemon accepts for that endpoint. */
public final class PayloadTooLargeException extends EngineException {
    public PayloadTooLargeException(String message) {
        super(message, null);
    }
}
