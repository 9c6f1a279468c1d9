package berth.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A download that broke off (connection reset, closed mid-body, ended short of its size): the bytes so far are good,
 * and another request for the rest may succeed. Registry errors, stalls and cancellations are not this.
 */
final class InterruptedDownload extends IOException {
    InterruptedDownload(IOException cause) {
        super(cause.getMessage(), cause);
    }

    /** Whether {@code e} means the transfer broke off. */
    static boolean is(Throwable e) {
        return e instanceof InterruptedDownload || e instanceof LimitedInputStream.TruncatedException;
    }

    /** Marks the read failures of a response body as interrupted downloads. */
    static InputStream marking(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw broken(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw broken(e);
                }
            }
        };
    }

    private static IOException broken(IOException e) {
        if (e instanceof InterruptedIOException || e instanceof RegistryStallException || e instanceof RegistryException) {
            return e;
        }
        return new InterruptedDownload(e);
    }
}
