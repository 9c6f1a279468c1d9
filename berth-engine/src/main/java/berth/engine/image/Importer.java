package berth.engine.image;

import berth.api.Json;
import berth.api.model.ContainerConfig;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.content.TeeInputStream;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code docker import}: one pass over the tarball that unpacks the layer (computing its diff ID) and writes the
 * gzip-compressed blob that push will send, then a config and a schema2 manifest, stored like a pulled image.
 */
final class Importer {
    private final ContentStore content;
    private final LayerStore layers;
    private final SqliteImageStore images;
    private final EventService events;

    Importer(ContentStore content, LayerStore layers, SqliteImageStore images, EventService events) {
        this.content = content;
        this.layers = layers;
        this.images = images;
        this.events = events;
    }

    Digest importTarball(InputStream tarball, Reference tagAs, List<String> changes, String message,
                         Consumer<ProgressMessage> progress) throws IOException {
        ContainerConfig config = ConfigChanges.apply(ContainerConfig.empty(), changes == null ? List.of() : changes);
        LayerStore.Layer layer;
        Digest blobDigest;
        long blobSize;
        try (ContentStore.Ingest ingest = content.begin()) {
            // Level 1: a fraction of the CPU of the default level for ~10% more bytes; import is on the critical path.
            GZIPOutputStream gzip = new GZIPOutputStream(ingest.stream(), 64 * 1024) {
                { def.setLevel(Deflater.BEST_SPEED); }
            };
            try (InputStream tar = new TeeInputStream(berth.engine.layer.Decompression.decompressed(tarball), gzip)) {
                layer = layers.register(null, null, tar);
            }
            gzip.finish();
            gzip.flush();
            blobSize = ingest.written();
            blobDigest = ingest.commit(null, -1);
        }
        String now = Instant.now().toString();
        String comment = message == null || message.isEmpty() ? "Imported from -" : message;
        ImageConfig imageConfig = new ImageConfig("amd64", null, "linux", now, null, comment, null, config,
                new ImageConfig.RootFs("layers", List.of(layer.diffId().toString())),
                List.of(new ImageConfig.History(now, "", null, comment, null)));
        Digest configDigest = content.put(imageConfig.toBytes());
        Digest manifestDigest = content.put(manifest(configDigest, imageConfig.toBytes().length, blobDigest, blobSize));
        images.commit(manifestDigest, configDigest, List.of(layer.chainId()));
        events.publish("image", "import", configDigest.toString(), Map.of());
        if (tagAs != null) {
            images.tag(tagAs, configDigest);
            images.markTagged(configDigest);
        }
        progress.accept(ProgressMessage.status(configDigest.toString()));
        return configDigest;
    }

    private static byte[] manifest(Digest config, long configSize, Digest layer, long layerSize) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
        m.put("config", Map.of("mediaType", "application/vnd.docker.container.image.v1+json", "size", configSize,
                "digest", config.toString()));
        m.put("layers", List.of(Map.of("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size", layerSize, "digest", layer.toString())));
        return Json.mapper().writeValueAsBytes(m);
    }
}
