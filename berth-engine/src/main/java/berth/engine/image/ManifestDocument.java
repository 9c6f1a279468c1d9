package berth.engine.image;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** What a registry answers for a manifest request: an image manifest, or an index of them. */
public sealed interface ManifestDocument permits Manifest, ImageIndex {

    String mediaType();

    /** Content-Types that say nothing about the document: its own mediaType field decides. */
    java.util.Set<String> GENERIC_TYPES = java.util.Set.of("", "application/json", "text/plain", "application/octet-stream",
            "binary/octet-stream");

    /**
     * Parses by {@code contentType} (the HTTP Content-Type; may be null or generic JSON), else by the document's own
     * {@code mediaType} field, else by shape ("manifests" makes an index), as containerd does. Schema 1 is refused.
     */
    static ManifestDocument parse(byte[] bytes, String contentType) throws IOException {
        JsonNode json = Json.mapper().readTree(bytes);
        if (json == null || !json.isObject()) throw new ManifestException("invalid manifest: not a JSON object");
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type) && !MediaTypes.isSchema1(type)) {
            // Only an absent or generic type defers to the document (distribution's rule): a registry or proxy that
            // labels the answer text/html has not sent a manifest, whatever the bytes look like.
            if (!GENERIC_TYPES.contains(type.toLowerCase(java.util.Locale.ROOT))) {
                throw new ManifestException("unsupported manifest media type " + type);
            }
            type = json.path("mediaType").asText("");
        }
        if (MediaTypes.isSchema1(type) || json.path("schemaVersion").asInt() == 1) {
            throw new ManifestException("Docker Image manifest schema 1 is not supported: the image must be pushed "
                    + "again with a current client (schema 2 or OCI)");
        }
        if (MediaTypes.isIndex(type) || (type.isEmpty() && json.has("manifests"))) return ImageIndex.read(bytes, type);
        if (MediaTypes.isManifest(type) || (type.isEmpty() && json.has("config"))) return Manifest.read(bytes, type);
        throw new ManifestException("unsupported manifest media type " + (type.isEmpty() ? "(none)" : type));
    }
}
