package berth.engine.registry;

import java.io.IOException;

/** A registry that stopped sending mid-body for longer than {@code registry-stall-timeout}: the registry's fault. */
public final class RegistryStallException extends IOException {
    RegistryStallException(String message, IOException cause) {
        super(message, cause);
    }
}
