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

    RegistryException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
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
