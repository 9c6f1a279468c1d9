package berth.api.errors;

/** HTTP 404: a named object does not exist. */
public final class NotFoundException extends EngineException {
    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    public static NotFoundException container(String ref) {
        return new NotFoundException("No such container: " + ref);
    }

    public static NotFoundException image(String ref) {
        return new NotFoundException("No such image: " + ref);
    }
}
