package berth.engine.image;

import berth.api.Json;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerConfig;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}'s image half: one more layer on top of a parent image, with the parent's history and one
 * entry more. The layer source writes the tar once, into the content store (kept uncompressed, so that no CPU goes
 * to compression; Docker compresses only on push too, and the blob's digest is then the diff ID), and copies the same
 * files into the new layer directory as it goes, so the tar is never parsed again.
 */
final class ImageCommitter {
    /** Docker's media type for an uncompressed layer in a schema 2 manifest. */
    static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

    private final ContentStore content;
    private final LayerStore layers;
    private final SqliteImageStore images;

    ImageCommitter(ContentStore content, LayerStore layers, SqliteImageStore images) {
        this.content = content;
        this.layers = layers;
        this.images = images;
    }

    Digest commit(ImageService.CommitRequest request) throws IOException {
        // the changes are judged before anything is written, so a refused one leaves nothing behind
        ContainerConfig config = ConfigChanges.apply(request.config() == null ? ContainerConfig.empty() : request.config(),
                request.changes() == null ? List.of() : request.changes());
        Reference tagAs = null;
        if (request.repo() != null && !request.repo().isEmpty()) {
            tagAs = (request.tag() == null || request.tag().isEmpty() ? Reference.parse(request.repo())
                    : Reference.parseWithTag(request.repo(), request.tag())).withDefaultTag();
        }
        ImageRecord parent = images.get(Digest.parse(request.parentImageId()))
                .orElseThrow(() -> NotFoundException.image(request.parentImageId()));
        ImageConfig parentConfig = parent.config();
        Manifest parentManifest = Manifest.parse(content.readAll(parent.manifestDigest()), null);
        Digest parentChain = parent.chainIds().isEmpty() ? null : parent.chainIds().getLast();

        LayerStore.Layer layer;
        Digest[] blob = new Digest[1];
        long[] blobSize = new long[1];
        try (ContentStore.Ingest ingest = content.begin()) {
            layer = layers.registerWritten(parentChain, diff -> {
                long size = request.layer().writeTo(ingest.stream(), diff);
                blobSize[0] = ingest.written();
                // the blob is the uncompressed tar: its digest is the diff ID
                blob[0] = ingest.commit(null, -1);
                return new LayerStore.Written(blob[0], size);
            });
        }
        if (!layer.diffId().equals(blob[0])) throw new IllegalStateException("layer and blob of a commit differ");

        String now = Instant.now().toString();
        List<String> diffIds = new ArrayList<>(parentConfig.diffIds());
        diffIds.add(layer.diffId().toString());
        List<ImageConfig.History> history = new ArrayList<>(parentConfig.history() == null ? List.of() : parentConfig.history());
        history.add(new ImageConfig.History(now, request.createdBy(), emptyToNull(request.author()),
                emptyToNull(request.comment()), null));
        ImageConfig imageConfig = new ImageConfig(parentConfig.architecture(), parentConfig.variant(), parentConfig.os(),
                now, emptyToNull(request.author()), emptyToNull(request.comment()), null, config,
                new ImageConfig.RootFs("layers", diffIds), history);
        byte[] configBytes = imageConfig.toBytes();
        Digest configDigest = content.put(configBytes);
        boolean oci = MediaTypes.OCI_MANIFEST.equals(parentManifest.mediaType());
        Digest manifestDigest = content.put(manifest(parentManifest, oci, configDigest, configBytes.length,
                new Descriptor(oci ? MediaTypes.OCI_LAYER_TAR : DOCKER_LAYER_TAR, blob[0], blobSize[0], null, null, null)));
        List<Digest> chains = new ArrayList<>(parent.chainIds());
        chains.add(layer.chainId());
        images.commit(manifestDigest, configDigest, chains);
        if (tagAs != null) {
            images.tag(tagAs, configDigest);
            images.markTagged(configDigest);
        }
        return configDigest;
    }


    /** The parent's layer descriptors and one more, in the parent manifest's format (Docker schema 2 or OCI). */
    private static byte[] manifest(Manifest parent, boolean oci, Digest config, long configSize, Descriptor layer)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);
        m.put("config", Map.of("mediaType", oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG,
                "size", configSize, "digest", config.toString()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Descriptor d : parent.layers()) out.add(descriptor(d));
        out.add(descriptor(layer));
        m.put("layers", out);
        return Json.mapper().writeValueAsBytes(m);
    }

    private static Map<String, Object> descriptor(Descriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", d.mediaType());
        m.put("size", d.size());
        m.put("digest", d.digest().toString());
        if (!d.urls().isEmpty()) m.put("urls", d.urls());
        if (!d.annotations().isEmpty()) m.put("annotations", d.annotations());
        return m;
    }



    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
