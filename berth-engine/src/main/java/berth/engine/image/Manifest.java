package berth.engine.image;

import berth.api.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.List;

/**
 * An image manifest (Docker schema 2 or OCI): the config descriptor and the layer descriptors, bottom-most first.
 * Parsed from the exact bytes whose digest names it; never re-serialised, so its digest stays stable on push.
 */
public record Manifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") List<Descriptor> layers) implements ManifestDocument {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** Parses a manifest; an index, a schema 1 manifest or one without config is refused with a clear error. */
    public static Manifest parse(byte[] bytes, String contentType) throws IOException {
        if (ManifestDocument.parse(bytes, contentType) instanceof Manifest m) return m;
        throw new ManifestException("expected an image manifest, got an image index");
    }

    static Manifest read(byte[] bytes, String mediaType) throws IOException {
        Manifest m = Json.mapper().readValue(bytes, Manifest.class);
        if (m.config == null) throw new ManifestException("invalid manifest: it has no config descriptor");
        if (m.schemaVersion != 2) throw new ManifestException("invalid manifest: schemaVersion " + m.schemaVersion);
        return m.mediaType == null || m.mediaType.isEmpty() ? new Manifest(2, mediaType, m.config, m.layers) : m;
    }
}
