package berth.engine.registry;

import java.io.IOException;

/**
 * An error answer of a registry: the HTTP status and the first code and message of its {"errors": [...]} body
 * (distribution's errcode), e.g. 404 MANIFEST_UNKNOWN "manifest unknown". Status 0: the registry was unreachable, and
 * the message is already Docker's text for that.
 */
public final class RegistryException extends IOException {
    private final int status;
    private final String code;
    private final String request;

    RegistryException(int status, String code, String message, Throwable cause) {
        this(status, code, message, cause, "");
    }

    /** {@code request}: the request that failed before reaching the registry, as Go prints it ({@code Get "url"}). */
    RegistryException(int status, String code, String message, Throwable cause, String request) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.request = request;
    }

    /** Without credentials for a Basic challenge, the request is not answered at all (Go's registry client's words). */
    static RegistryException noBasicCredentials() {
        return new RegistryException(401, "", "no basic auth credentials", null);
    }

    boolean isNoBasicCredentials() {
        return status == 401 && code.isEmpty() && "no basic auth credentials".equals(getMessage());
    }

    /** The same error, naming the request it stopped, e.g. {@code Get "http://r/v2/x/manifests/1"}. */
    RegistryException forRequest(String method, java.net.URI uri) {
        String m = method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
        return new RegistryException(status, code, getMessage(), getCause(), m + " \"" + uri + "\"");
    }

    /** The message with the failed request in front, when one is known (how Docker reports a pull's failure). */
    String withRequest() {
        return request.isEmpty() ? dockerText() : request + ": " + dockerText();
    }

    public int status() {
        return status;
    }

    /** The registry's error code, e.g. MANIFEST_UNKNOWN, NAME_UNKNOWN, BLOB_UNKNOWN, UNAUTHORIZED; "" if none. */
    public String code() {
        return code;
    }

    /** Docker's rendering of an errcode: the code's description, lower case, then the registry's message. */
    String dockerText() {
        if (code.isEmpty()) return getMessage();
        return code.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + getMessage();
    }
}
