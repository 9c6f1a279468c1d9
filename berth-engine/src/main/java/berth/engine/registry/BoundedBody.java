package berth.engine.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * Reads a small document (manifest, image config, error body) whole, but never more than a cap: a declared length
 * over the cap fails before anything is read, and a body that grows past it fails at the first byte too many, so a
 * hostile registry cannot make berthd buffer a gigabyte.
 */
final class BoundedBody {
    /** Manifests and indexes: Docker and containerd refuse more than 4 MiB. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    /** Image configs: the same order as manifests; real ones are a few KiB (history and env included). */
    static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

    private BoundedBody() {}

    /** Fails fast when the response declares more than {@code max} bytes. */
    static void checkDeclaredLength(HttpResponse<?> r, long max, String what) throws IOException {
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > max) throw tooLarge(what, declared, max);
    }

    static byte[] read(InputStream in, int max, String what) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + (long) n > max) throw tooLarge(what, -1, max);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** At most {@code max} bytes of an error body, the rest discarded with the stream. */
    static byte[] readPrefix(InputStream in, int max) throws IOException {
        try (in) {
            return in.readNBytes(max);
        }
    }

    static IOException tooLarge(String what, long size, long max) {
        return new IOException(what + (size >= 0 ? " of " + size + " bytes" : "") + " is larger than the limit of "
                + max + " bytes");
    }
}
