package berth.engine.content;

import java.io.IOException;

/** Content did not hash to (or was not the size of) what its descriptor promised. */
public class DigestMismatchException extends IOException {
    public DigestMismatchException(String message) {
        super(message);
    }
}
