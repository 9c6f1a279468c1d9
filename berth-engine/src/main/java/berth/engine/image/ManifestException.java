package berth.engine.image;

import java.io.IOException;

/** A manifest or index that Berth cannot use: malformed, schema 1, or of an unknown media type. */
public final class ManifestException extends IOException {
    public ManifestException(String message) {
        super(message);
    }
}
