package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.content.DigestMismatchException;
import berth.engine.image.ManifestException;
import berth.engine.image.ManifestDocument;
import berth.engine.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GET and PUT of {@code /v2/<name>/manifests/<reference>}. */
final class ManifestEndpoints {
    private final RegistryTransport transport;

    ManifestEndpoints(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * Fetches by tag or digest with every accepted media type. By digest, the bytes must hash to it; by tag, the
     * digest is computed from the bytes (a registry's Docker-Content-Digest header is not trusted over them).
     * The body is size-capped and stall-guarded.
     */
    FetchedManifest get(String tagOrDigest) throws IOException {
        HttpResponse<InputStream> r = transport.send("pull", () -> HttpRequest.newBuilder(transport.uri("manifests/" + tagOrDigest))
                .header("Accept", String.join(", ", MediaTypes.ACCEPTED_MANIFESTS)).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = transport.guarded(r.body(), "reading the manifest " + tagOrDigest);
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), BoundedBody.readPrefix(body, 64 * 1024));
        try {
            BoundedBody.checkDeclaredLength(r, BoundedBody.MAX_MANIFEST_BYTES, "manifest " + tagOrDigest);
        } catch (IOException e) {
            body.close();
            throw e;
        }
        byte[] bytes;
        try {
            bytes = BoundedBody.read(body, BoundedBody.MAX_MANIFEST_BYTES, "manifest " + tagOrDigest);
        } catch (RegistryStallException | java.io.InterruptedIOException | RegistryException e) {
            throw e;
        } catch (IOException e) {
            // The connection ended before Content-Length: the registry's failure, told as Go tells it.
            throw new RegistryException(0, "", "reading the manifest " + tagOrDigest + " from the registry: unexpected EOF ("
                    + e.getMessage() + ")", e);
        }
        Digest digest = Digest.sha256(bytes);
        if (tagOrDigest.startsWith("sha256:") && !digest.toString().equals(tagOrDigest)) {
            throw new DigestMismatchException("manifest verification failed for digest " + tagOrDigest + ": got " + digest);
        }
        // By tag, the registry's digest header is not trusted over the bytes, but one that disagrees with them means
        // the bytes are not what the registry meant to send (a proxy rewrote or cut them): refuse, as containerd does.
        java.util.Optional<String> claimed = r.headers().firstValue("Docker-Content-Digest");
        if (claimed.isPresent() && claimed.get().startsWith("sha256:") && !claimed.get().equals(digest.toString())) {
            throw new DigestMismatchException("manifest verification failed for digest " + claimed.get() + ": got " + digest);
        }
        String contentType = r.headers().firstValue("Content-Type").orElse(null);
        try {
            return new FetchedManifest(bytes, digest, ManifestDocument.parse(bytes, contentType));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // e.g. a descriptor whose digest is not a digest ("sha256:../../x"): refused before it can name a file
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new ManifestException("invalid manifest " + tagOrDigest + ": " + (root == e ? e.getOriginalMessage() : root.getMessage()));
        }
    }

    void put(String tag, byte[] bytes, String mediaType) throws IOException {
        HttpResponse<byte[]> r = transport.send("pull,push", () -> HttpRequest.newBuilder(transport.uri("manifests/" + tag))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201 && r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
    }
}
