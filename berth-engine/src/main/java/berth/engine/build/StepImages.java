package berth.engine.build;

import berth.api.Json;
import berth.api.model.ContainerConfig;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageConfig;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Manifest;
import berth.engine.image.MediaTypes;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a step's outcome into the step's image: a new config (and history entry) over the same layers for metadata
 * steps, one more layer for COPY, ADD and RUN. Layers are stored as their uncompressed tar (the blob's digest is
 * the diff ID), written once while the same files are copied into the layer directory, as {@code commit} does.
 */
final class StepImages {
    /** Docker's media type for an uncompressed layer in a schema 2 manifest. */
    static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore images;

    StepImages(ContentStore content, LayerStore layers, ImageStore images) {
        this.content = content;
        this.layers = layers;
        this.images = images;
    }

    /** Writes a layer's tar to {@code out} and the same files, in overlay form, into {@code diffDir}. */
    @FunctionalInterface
    interface LayerSource {
        long write(OutputStream out, Path diffDir) throws IOException;
    }

    ImageState load(ImageRecord record) throws IOException {
        Manifest m = Manifest.parse(content.readAll(record.manifestDigest()), null);
        return new ImageState(record.id(), record.manifestDigest(), record.config(), m.layers(), record.chainIds());
    }

    /** The image a cache entry names, or null when its objects are gone (then the step runs again). */
    ImageState load(Digest id, Digest manifest) {
        try {
            ImageConfig config = ImageConfig.parse(content.readAll(id));
            Manifest m = Manifest.parse(content.readAll(manifest), null);
            List<Digest> chains = chains(config.diffIds());
            if (!chains.isEmpty() && layers.get(chains.getLast()).isEmpty()) return null;
            return new ImageState(id, manifest, config, m.layers(), chains);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<Digest> chains(List<String> diffIds) {
        List<Digest> out = new ArrayList<>();
        Digest parent = null;
        for (String d : diffIds) {
            parent = LayerStore.chainId(parent, Digest.parse(d));
            out.add(parent);
        }
        return out;
    }

    /** A metadata step: {@code config} over the parent's layers, one empty-layer history entry more. */
    ImageState metadata(ImageState parent, ContainerConfig config, String createdBy, String author) throws IOException {
        return store(parent, config, createdBy, author, null, null);
    }

    /** A filesystem step: one layer more, written by {@code source}. */
    ImageState layer(ImageState parent, ContainerConfig config, String createdBy, String author, LayerSource source)
            throws IOException {
        LayerStore.Layer layer;
        Digest[] blob = new Digest[1];
        long[] blobSize = new long[1];
        try (ContentStore.Ingest ingest = content.begin()) {
            layer = layers.registerWritten(parent.topLayer(), diff -> {
                long size = source.write(ingest.stream(), diff);
                blobSize[0] = ingest.written();
                blob[0] = ingest.commit(null, -1);
                return new LayerStore.Written(blob[0], size);
            });
        }
        if (!layer.diffId().equals(blob[0])) throw new IllegalStateException("layer and blob of a build step differ");
        return store(parent, config, createdBy, author, layer,
                new Descriptor(DOCKER_LAYER_TAR, blob[0], blobSize[0], null, null, null));
    }

    /**
     * A step taken from a {@code cachefrom} image: the parent, then that image's history entry and (when it has one)
     * its layer, which is already in the store; the config is the step's own. Null when the layer is gone.
     */
    ImageState reuse(ImageState parent, ContainerConfig config, String author, CacheFromImages.Match match)
            throws IOException {
        ImageState source = match.image();
        ImageConfig p = parent.image();
        List<String> diffIds = new ArrayList<>(p.diffIds());
        List<Descriptor> descriptors = new ArrayList<>(parent.layers());
        List<Digest> chains = new ArrayList<>(parent.chainIds());
        if (match.hasLayer()) {
            Digest diffId = Digest.parse(source.image().diffIds().get(match.layerIndex()));
            Digest chain = LayerStore.chainId(parent.topLayer(), diffId);
            Descriptor blob = source.layers().get(match.layerIndex());
            if (layers.get(chain).isEmpty() || !content.exists(blob.digest())) return null;
            diffIds.add(diffId.toString());
            descriptors.add(blob);
            chains.add(chain);
        }
        List<ImageConfig.History> history = new ArrayList<>(p.history() == null ? List.of() : p.history());
        history.add(match.entry());
        String created = match.entry().created() == null ? Instant.now().toString() : match.entry().created();
        ImageConfig image = new ImageConfig(p.architecture() == null ? "amd64" : p.architecture(), p.variant(),
                p.os() == null ? "linux" : p.os(), created, author, null, null, config,
                new ImageConfig.RootFs("layers", diffIds), history);
        byte[] configBytes = image.toBytes();
        Digest id = content.put(configBytes);
        Digest manifest = content.put(manifest(id, configBytes.length, descriptors));
        return new ImageState(id, manifest, image, List.copyOf(descriptors), List.copyOf(chains));
    }

    private ImageState store(ImageState parent, ContainerConfig config, String createdBy, String author,
                             LayerStore.Layer layer, Descriptor descriptor) throws IOException {
        String now = Instant.now().toString();
        ImageConfig p = parent.image();
        List<String> diffIds = new ArrayList<>(p.diffIds());
        List<Descriptor> descriptors = new ArrayList<>(parent.layers());
        List<Digest> chains = new ArrayList<>(parent.chainIds());
        if (layer != null) {
            diffIds.add(layer.diffId().toString());
            descriptors.add(descriptor);
            chains.add(layer.chainId());
        }
        List<ImageConfig.History> history = new ArrayList<>(p.history() == null ? List.of() : p.history());
        history.add(new ImageConfig.History(now, createdBy, null, null, layer == null ? Boolean.TRUE : null));
        ImageConfig image = new ImageConfig(p.architecture() == null ? "amd64" : p.architecture(), p.variant(),
                p.os() == null ? "linux" : p.os(), now, author, null, null, config,
                new ImageConfig.RootFs("layers", diffIds), history);
        byte[] configBytes = image.toBytes();
        Digest id = content.put(configBytes);
        Digest manifest = content.put(manifest(id, configBytes.length, descriptors));
        return new ImageState(id, manifest, image, List.copyOf(descriptors), List.copyOf(chains));
    }

    /** How many running steps use each hidden image row: the row goes when the last one is done. */
    private final java.util.Map<Digest, Integer> hiddenUsers = new java.util.HashMap<>();

    /**
     * Records the state as an image row hidden from users, so that a step's container can run on it; hand it back
     * with {@link #release} once the step's container is gone.
     */
    synchronized ImageRecord hidden(ImageState state) {
        hiddenUsers.merge(state.id(), 1, Integer::sum);
        return images.commitHidden(state.manifest(), state.id(), state.chainIds());
    }

    synchronized void release(ImageState state) {
        if (hiddenUsers.merge(state.id(), -1, Integer::sum) > 0) return;
        hiddenUsers.remove(state.id());
        images.dropHidden(state.id());
    }

    /** Records the state as a visible image: the build's result. */
    ImageRecord commit(ImageState state) {
        return images.commit(state.manifest(), state.id(), state.chainIds());
    }

    /** A schema 2 manifest names its layers with Docker's types; an OCI base's layers are the same bytes. */
    private static String dockerType(String type) {
        if (type == null) return DOCKER_LAYER_TAR;
        return switch (type) {
            case "application/vnd.oci.image.layer.v1.tar+gzip" -> MediaTypes.DOCKER_LAYER_GZIP;
            case "application/vnd.oci.image.layer.v1.tar" -> DOCKER_LAYER_TAR;
            default -> type;
        };
    }

    private static byte[] manifest(Digest config, long configSize, List<Descriptor> layers) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        m.put("config", Map.of("mediaType", MediaTypes.DOCKER_CONFIG, "size", configSize, "digest", config.toString()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Descriptor d : layers) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("mediaType", dockerType(d.mediaType()));
            l.put("size", d.size());
            l.put("digest", d.digest().toString());
            if (!d.urls().isEmpty()) l.put("urls", d.urls());
            out.add(l);
        }
        m.put("layers", out);
        return Json.mapper().writeValueAsBytes(m);
    }
}
