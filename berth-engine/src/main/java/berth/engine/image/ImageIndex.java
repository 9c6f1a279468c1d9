package berth.engine.image;

import berth.api.Json;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A multi-platform image: an OCI image index or a Docker manifest list. */
public record ImageIndex(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("manifests") List<Descriptor> manifests) implements ManifestDocument {

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
    }

    static ImageIndex read(byte[] bytes, String mediaType) throws IOException {
        ImageIndex index = Json.mapper().readValue(bytes, ImageIndex.class);
        return index.mediaType == null || index.mediaType.isEmpty()
                ? new ImageIndex(index.schemaVersion, mediaType, index.manifests) : index;
    }

    /**
     * The first image manifest for {@code os}/{@code architecture}. Entries of other media types (attestations,
     * nested indexes) are skipped; a variant is not required (amd64 has none).
     */
    public Optional<Descriptor> select(String os, String architecture) {
        return select(new Platform(os, architecture, ""));
    }

    /**
     * The first image manifest for {@code platform}, compared normalised ({@code linux/amd64/v1} is linux/amd64).
     * Without a variant asked for, any variant of the architecture will do, the first listed winning.
     */
    public Optional<Descriptor> select(Platform platform) {
        Platform wanted = platform.normalized();
        return manifests.stream()
                .filter(d -> d.mediaType() == null || MediaTypes.isManifest(d.mediaType()))
                .filter(d -> d.platform() != null)
                .filter(d -> {
                    Platform entry = new Platform(d.platform().os(), d.platform().architecture(), d.platform().variant()).normalized();
                    return entry.os().equals(wanted.os()) && entry.architecture().equals(wanted.architecture())
                            && (wanted.variant().isEmpty() || entry.variant().equals(wanted.variant()));
                })
                .findFirst();
    }
}
