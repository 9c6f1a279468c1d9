package berth.engine.registry;

import java.io.IOException;

/** An error answer of a registry: status, and the first code and message of its {"errors": [...]} body. */
final class RegistryException extends IOException {
    final int status;
    final String code;

    RegistryException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
