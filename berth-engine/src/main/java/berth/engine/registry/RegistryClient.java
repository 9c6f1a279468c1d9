package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The Docker Registry HTTP API v2, for one repository of one registry (JDK HttpClient, HTTP/1.1). Handles the
 * scheme (https, or http for insecure and loopback registries), Basic and Bearer challenges, and turns error answers
 * into {@link RegistryException}s carrying the registry's error code. One instance per pull or push; thread-safe.
 */
public final class RegistryClient {
    private final ManifestEndpoints manifests;
    private final BlobEndpoints blobs;
    private final TagEndpoints tags;

    private final RegistryTransport transport;

    private RegistryClient(RegistryTransport transport) {
        this.transport = transport;
        this.manifests = new ManifestEndpoints(transport);
        this.blobs = new BlobEndpoints(transport);
        this.tags = new TagEndpoints(transport);
    }

    /** A client for {@code repository}'s domain and path (its tag or digest is ignored). */
    public static RegistryClient forRepository(Reference repository, RegistryConfig config, Optional<Credential> credential) {
        try {
            return forRepository(repository, new Registries(config), credential);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A client that shares a daemon's tokens, endpoint knowledge and downloads in flight. */
    static RegistryClient forRepository(Reference repository, Registries registries, Optional<Credential> credential)
            throws IOException {
        return new RegistryClient(new RegistryTransport(repository, registries,
                registries.endpoints(repository.domain()), credential));
    }

    /** A client for a docker.io repository on a mirror; anonymous, since a docker.io login belongs to docker.io. */
    static RegistryClient forMirror(Reference repository, Registries registries, java.net.URI mirror) throws IOException {
        return new RegistryClient(new RegistryTransport(repository, registries, List.of(registries.mirror(mirror)),
                Optional.empty()));
    }

    /** Which registry this client talks to (for messages: a mirror's address, or the registry's). */
    String describe() {
        return transport.uri("").getRawAuthority();
    }

    /** The manifest or index for a tag or digest ("sha256:…"), verified against the digest when fetched by one. */
    public FetchedManifest manifest(String tagOrDigest) throws IOException {
        return manifests.get(tagOrDigest);
    }

    /** Every tag of the repository, in the registry's order. */
    public List<String> tags() throws IOException {
        return tags.list();
    }

    /** The blob's bytes as streamed; the caller verifies them (sizes are limits) while reading. */
    public InputStream blob(Digest digest) throws IOException {
        return blobs.get(digest);
    }

    /** The blob's bytes from {@code offset} on, or all of them when the registry ignores the range. */
    BlobEndpoints.Body blob(Digest digest, long offset) throws IOException {
        return blobs.get(digest, offset);
    }

    /** Whether the registry has the blob in this repository (checked with push access when pushing). */
    public boolean blobExists(Digest digest, boolean forPush) throws IOException {
        return blobs.exists(digest, forPush ? "pull,push" : "pull");
    }

    /** Cross-repository mount from another repository path on the same registry; false when declined. */
    public boolean mountBlob(Digest digest, String fromRepositoryPath) throws IOException {
        return blobs.mount(digest, fromRepositoryPath);
    }

    /** Uploads a blob in one PUT; the registry verifies it against {@code digest}. */
    public void uploadBlob(Digest digest, long size, BlobSource source) throws IOException {
        blobs.upload(digest, size, source::open, BlobEndpoints.CHUNK_BYTES);
    }

    /** As {@link #uploadBlob(Digest, long, BlobSource)}, in PATCH requests of at most {@code chunkBytes}. */
    void uploadBlob(Digest digest, long size, BlobSource source, long chunkBytes) throws IOException {
        blobs.upload(digest, size, source::open, chunkBytes);
    }

    /** Puts a manifest under a tag, byte for byte, so that its digest is the one it has locally. */
    public void putManifest(String tag, byte[] bytes, String mediaType) throws IOException {
        manifests.put(tag, bytes, mediaType);
    }

    /** Opens the bytes of a blob to upload; called again if the upload has to be repeated. */
    @FunctionalInterface
    public interface BlobSource {
        InputStream open() throws IOException;
    }
}
