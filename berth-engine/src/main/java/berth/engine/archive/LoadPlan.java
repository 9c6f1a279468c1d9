package berth.engine.archive;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageConfig;
import berth.engine.image.ImageIndex;
import berth.engine.image.Manifest;
import berth.engine.image.ManifestDocument;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;


/**
 * What an archive holds, read from its {@code manifest.json} (docker-archive, every Docker version and skopeo's
 * {@code docker-archive:}) or, without one, its {@code index.json} (an OCI archive, skopeo's {@code oci-archive:}).
 * Every name it gives is a name inside the archive; digests are validated before they name anything.
 */
final class LoadPlan {
    static final String MANIFEST_JSON = "manifest.json";
    static final String INDEX_JSON = "index.json";
    /** As for a pull: a config over 8 MiB, a manifest or index over 4 MiB, is not read. */
    static final int MAX_CONFIG = 8 << 20;
    static final int MAX_MANIFEST = 4 << 20;
    private static final int MAX_INDEX_DEPTH = 4;

    /**
     * One image: its config (bytes, digest = image ID), its layer files bottom first with their diff IDs, the tags to
     * give it, and for an OCI archive the manifest it came with (null: one is written for it).
     */
    record Image(byte[] configBytes, Digest id, ImageConfig config, List<String> layerNames, List<Digest> diffIds,
                 List<Reference> tags, byte[] manifestBytes, List<Descriptor> layerDescriptors) {}

    private LoadPlan() {}

    /** The manifest.json of a docker-archive: Config and Layers are names in the archive, RepoTags may be null. */
    static List<Image> fromDockerManifest(ArchiveFiles files, Platform platform) throws IOException {
        JsonNode root = parse(files.read(MANIFEST_JSON, "the archive", MAX_MANIFEST), MANIFEST_JSON);
        if (!root.isArray()) throw invalid("manifest.json is not a list");
        List<Image> out = new ArrayList<>();
        for (JsonNode entry : root) {
            String configName = text(entry.path("Config"), "Config");
            byte[] config = files.read(ArchivePath.clean(configName), MANIFEST_JSON, MAX_CONFIG);
            List<String> layers = new ArrayList<>();
            for (JsonNode l : entry.path("Layers")) layers.add(ArchivePath.clean(text(l, "Layers")));
            List<Reference> tags = new ArrayList<>();
            for (JsonNode t : entry.path("RepoTags")) tags.add(tag(text(t, "RepoTags")));
            out.add(image(config, layers, tags, null, null, platform));
        }
        if (out.isEmpty()) throw invalid("manifest.json lists no image");
        return out;
    }

    /** The index.json of an OCI archive; nested indexes give the entry of {@code platform} (default linux/amd64). */
    static List<Image> fromOciIndex(ArchiveFiles files, Platform platform) throws IOException {
        JsonNode index = parse(files.read(INDEX_JSON, "the archive", MAX_MANIFEST), INDEX_JSON);
        List<Image> out = new ArrayList<>();
        for (JsonNode d : index.path("manifests")) {
            Descriptor top = descriptor(d);
            List<Reference> tags = new ArrayList<>();
            String name = d.path("annotations").path("io.containerd.image.name").asText("");
            if (name.isEmpty()) name = d.path("annotations").path("org.opencontainers.image.ref.name").asText("");
            // a bare tag ("latest") names no repository: the image loads untagged, as with Docker
            if (name.contains(":") || name.contains("/")) tags.add(tag(name));
            out.add(ociImage(files, top, tags, platform, 0));
        }
        if (out.isEmpty()) throw invalid("index.json lists no image");
        return out;
    }

    private static Image ociImage(ArchiveFiles files, Descriptor d, List<Reference> tags, Platform platform, int depth)
            throws IOException {
        if (depth > MAX_INDEX_DEPTH) throw invalid("image indexes nested too deeply");
        byte[] bytes = files.read(blobName(d.digest()), INDEX_JSON, MAX_MANIFEST);
        if (!Digest.sha256(bytes).equals(d.digest())) throw invalid("manifest " + d.digest() + " does not match its digest");
        ManifestDocument doc = ManifestDocument.parse(bytes, d.mediaType());
        return switch (doc) {
            case ImageIndex idx -> {
                Platform want = platform == null ? Platform.HOST : platform;
                Descriptor chosen = idx.select(want)
                        .orElseThrow(() -> new berth.api.errors.NotFoundException("the archive has no image for " + want));
                yield ociImage(files, chosen, tags, platform, depth + 1);
            }
            case Manifest m -> {
                byte[] config = files.read(blobName(m.config().digest()), "manifest " + d.digest(), MAX_CONFIG);
                List<String> layers = m.layers().stream().map(l -> blobName(l.digest())).toList();
                yield image(config, layers, tags, bytes, m.layers(), platform);
            }
        };
    }

    private static Image image(byte[] configBytes, List<String> layers, List<Reference> tags, byte[] manifest,
                               List<Descriptor> layerDescriptors, Platform platform) throws IOException {
        ImageConfig config;
        try {
            config = ImageConfig.parse(configBytes);
        } catch (IOException | RuntimeException e) {
            throw invalid("an image config cannot be read: " + e.getMessage());
        }
        List<Digest> diffIds = new ArrayList<>();
        for (String d : config.diffIds()) {
            try {
                diffIds.add(Digest.parse(d));
            } catch (IllegalArgumentException e) {
                throw invalid("an image config has an invalid diff ID: " + d);
            }
        }
        if (diffIds.size() != layers.size()) {
            throw invalid("an image has " + layers.size() + " layers but its config lists " + diffIds.size());
        }
        Platform want = platform == null ? null : platform;
        if (want != null && !want.matches(config.os(), config.architecture(), config.variant())) {
            throw new berth.api.errors.NotFoundException("the archive's image is " + config.os() + "/"
                    + config.architecture() + ", not the specified platform (" + want + ")");
        }
        return new Image(configBytes, Digest.sha256(configBytes), config, layers, diffIds, tags, manifest,
                layerDescriptors);
    }

    static String blobName(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    private static Descriptor descriptor(JsonNode d) {
        try {
            return Json.mapper().treeToValue(d, Descriptor.class);
        } catch (IOException | RuntimeException e) {
            throw invalid("index.json has an invalid descriptor: " + e.getMessage());
        }
    }

    private static Reference tag(String name) {
        try {
            Reference r = Reference.parse(name);
            if (r.digest() != null) throw invalid("the tag " + ArchivePath.quote(name) + " holds a digest");
            return r.withDefaultTag();
        } catch (InvalidArgumentException e) {
            throw invalid("invalid tag " + ArchivePath.quote(name) + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        if (!n.isTextual()) throw invalid("manifest.json: " + field + " is not a string");
        return n.asText();
    }

    private static JsonNode parse(byte[] bytes, String name) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw invalid(name + " is not JSON");
        }
    }

    static InvalidArgumentException invalid(String why) {
        return new InvalidArgumentException("invalid archive: " + why);
    }

}
