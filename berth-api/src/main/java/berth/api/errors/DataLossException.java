package berth.api.errors;

/**
 * HTTP 500, like {@link InternalException}, but about stored data the user can act on: an image or layer that is
 * damaged on disk (errdefs' DataLoss). Its message names the object and what to do, and goes to the client as is.
 */
public final class DataLossException extends EngineException {
    public DataLossException(String message, Throwable cause) {
        super(message, cause);
    }
}
