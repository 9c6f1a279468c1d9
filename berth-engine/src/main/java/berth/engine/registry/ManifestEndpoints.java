package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.ManifestDocument;
import berth.engine.image.MediaTypes;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GET and PUT of {@code /v2/<name>/manifests/<reference>}. */
final class ManifestEndpoints {
    /** Manifests are small; a registry that sends more than this is not sending a manifest. */
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final RegistryTransport transport;

    ManifestEndpoints(RegistryTransport transport) {
        this.transport = transport;
    }

    /**
     * Fetches by tag or digest with every accepted media type. By digest, the bytes must hash to it; by tag, the
     * digest is computed from the bytes (a registry's Docker-Content-Digest header is not trusted over them).
     */
    FetchedManifest get(String tagOrDigest) throws IOException {
        HttpResponse<byte[]> r = transport.send("pull", () -> HttpRequest.newBuilder(transport.uri("manifests/" + tagOrDigest))
                .header("Accept", String.join(", ", MediaTypes.ACCEPTED_MANIFESTS)).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
        byte[] bytes = r.body();
        if (bytes.length > MAX_MANIFEST_BYTES) throw new IOException("manifest of " + bytes.length + " bytes is too large");
        Digest digest = Digest.sha256(bytes);
        if (tagOrDigest.startsWith("sha256:") && !digest.toString().equals(tagOrDigest)) {
            throw new IOException("manifest verification failed for digest " + tagOrDigest + ": got " + digest);
        }
        String contentType = r.headers().firstValue("Content-Type").orElse(null);
        return new FetchedManifest(bytes, digest, ManifestDocument.parse(bytes, contentType));
    }

    void put(String tag, byte[] bytes, String mediaType) throws IOException {
        HttpResponse<byte[]> r = transport.send("pull,push", () -> HttpRequest.newBuilder(transport.uri("manifests/" + tag))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201 && r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
    }
}
