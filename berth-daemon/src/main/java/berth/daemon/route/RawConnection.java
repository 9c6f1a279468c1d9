package berth.daemon.route;

import java.io.IOException;
import java.io.InputStream;

/**
 * A hijacked connection. {@link #input} ends at the client's half-close (its stdin EOF), which does not end the
 * output side: output goes on until {@link #close}.
 */
public interface RawConnection extends AutoCloseable {

    InputStream input();

    void write(byte[] data, int offset, int length) throws IOException;

    boolean isOpen();

    @Override
    void close();
}
