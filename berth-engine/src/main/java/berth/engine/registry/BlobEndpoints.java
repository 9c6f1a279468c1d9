package berth.engine.registry;

import berth.engine.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /v2/<name>/blobs/…}: download (redirects followed), existence check, and monolithic, chunked or mounted upload. */
final class BlobEndpoints {
    private final RegistryTransport transport;

    BlobEndpoints(RegistryTransport transport) {
        this.transport = transport;
    }

    /** The blob's bytes as the registry streams them; the caller verifies size and digest while reading. */
    InputStream get(Digest digest) throws IOException {
        return get(digest, 0).stream();
    }

    /**
     * The blob's bytes from {@code offset} on, asked for with a Range header; a registry that ignores it sends all
     * of them, which {@link Body#fromOffset()} tells.
     */
    Body get(Digest digest, long offset) throws IOException {
        String range = offset > 0 ? "bytes=" + offset + "-" : null;
        HttpResponse.BodyHandler<InputStream> handler = HttpResponse.BodyHandlers.ofInputStream();
        HttpResponse<InputStream> r = transport.followRedirects(transport.send("pull", () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(transport.uri("blobs/" + digest)).GET();
            return range == null ? b : b.header("Range", range);
        }, handler), handler, range);
        if (range != null && r.statusCode() == 416) {
            // The registry has fewer bytes than were kept: they were not its bytes; take the whole blob again.
            r.body().close();
            return new Body(get(digest), false);
        }
        InputStream body = transport.guarded(r.body(), "downloading " + digest);
        if (range != null && r.statusCode() == 206) return new Body(body, true);
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), BoundedBody.readPrefix(body, 64 * 1024));
        return new Body(body, false);
    }

    /** A blob download: {@code fromOffset} when the registry sent only the bytes from the asked offset on. */
    record Body(InputStream stream, boolean fromOffset) {}

    boolean exists(Digest digest, String actions) throws IOException {
        HttpResponse<Void> r = transport.send(actions, () -> HttpRequest.newBuilder(transport.uri("blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return true;
        if (r.statusCode() == 404) return false;
        throw RegistryErrors.of(r.statusCode(), new byte[0]);
    }

    /**
     * Asks the registry to link a blob from {@code fromRepository} (a path on the same registry). True when mounted;
     * false when the registry declined (it then opened an ordinary upload session, which is cancelled).
     */
    boolean mount(Digest digest, String fromRepository) throws IOException {
        String query = "?mount=" + encode(digest.toString()) + "&from=" + encode(fromRepository);
        List<String> scopes = List.of(RegistryTransport.scope(transport.repository().path(), "pull,push"),
                RegistryTransport.scope(fromRepository, "pull"));
        HttpResponse<byte[]> r = transport.send(scopes, () -> HttpRequest.newBuilder(transport.uri("blobs/uploads/" + query))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 201) return true;
        // No access to the source repository is a declined mount, not a failed push.
        if (r.statusCode() == 401 || r.statusCode() == 403) return false;
        if (r.statusCode() != 202) throw RegistryErrors.of(r.statusCode(), r.body());
        r.headers().firstValue("Location").ifPresent(this::cancelQuietly);
        return false;
    }

    /**
     * Blobs up to this size go up in one PUT; larger ones in PATCH requests of this size and a closing PUT, so that
     * no single request carries more (proxies and registries limit request bodies).
     */
    static final long CHUNK_BYTES = 32L << 20;

    /**
     * POST for an upload session, then the bytes: in the PUT that closes the session with the digest the registry
     * verifies (monolithic), or, above {@code chunkBytes}, in PATCH requests with their Content-Range first (chunked).
     */
    void upload(Digest digest, long size, InputStreamSource body, long chunkBytes) throws IOException {
        HttpResponse<byte[]> start = transport.send("pull,push", () -> HttpRequest.newBuilder(transport.uri("blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
        if (start.statusCode() != 202) throw RegistryErrors.of(start.statusCode(), start.body());
        URI session = location(start);
        boolean chunked = size > chunkBytes;
        if (chunked) {
            for (long offset = 0; offset < size; ) {
                long n = Math.min(chunkBytes, size - offset);
                session = patch(session, body, offset, n);
                offset += n;
            }
        }
        URI put = URI.create(session + (session.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest.toString()));
        HttpResponse<byte[]> done = transport.send("pull,push", () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream");
            return chunked ? b.PUT(HttpRequest.BodyPublishers.noBody()) : b.PUT(part(body, 0, size));
        }, HttpResponse.BodyHandlers.ofByteArray());
        if (done.statusCode() != 201) throw RegistryErrors.of(done.statusCode(), done.body());
    }

    /** Sends bytes {@code offset} to {@code offset + n - 1}; returns where the upload continues. */
    private URI patch(URI session, InputStreamSource body, long offset, long n) throws IOException {
        HttpResponse<byte[]> r = transport.send("pull,push", () -> HttpRequest.newBuilder(session)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + n - 1))
                .method("PATCH", part(body, offset, n)), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 202) throw RegistryErrors.of(r.statusCode(), r.body());
        return location(r);
    }

    /**
     * {@code n} bytes of the body from {@code offset}, opened afresh for each attempt (a request may be repeated after
     * an authentication challenge).
     */
    private static HttpRequest.BodyPublisher part(InputStreamSource body, long offset, long n) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = body.open();
                in.skipNBytes(offset);
                return new berth.engine.content.BoundedInputStream(in, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), n);
    }

    private URI location(HttpResponse<?> r) throws IOException {
        return transport.resolve(r.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("registry answered an upload without a Location")));
    }

    private void cancelQuietly(String location) {
        try {
            transport.send("pull,push", () -> HttpRequest.newBuilder(transport.resolve(location)).DELETE(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // An abandoned upload session expires on the registry by itself.
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Opens the bytes to upload; may be called again if the request has to be repeated after a challenge. */
    @FunctionalInterface
    interface InputStreamSource {
        InputStream open() throws IOException;
    }
}
