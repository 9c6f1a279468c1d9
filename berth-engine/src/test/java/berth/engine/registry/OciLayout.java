package berth.engine.registry;

import berth.api.Json;
import berth.engine.content.Digest;
import berth.engine.image.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes an OCI image layout by hand (gzip layers, config, manifest, optional index), for skopeo to push. */
final class OciLayout {
    private final Path dir;
    /** The layer blobs of the image written last, bottom first. */
    final List<Blob> lastLayers = new ArrayList<>();

    OciLayout(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    record Blob(Digest digest, long size) {
        Map<String, Object> descriptor(String mediaType) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", mediaType);
            d.put("digest", digest.toString());
            d.put("size", size);
            return d;
        }
    }

    Blob write(byte[] bytes) throws IOException {
        Digest d = Digest.sha256(bytes);
        Files.write(dir.resolve("blobs/sha256").resolve(d.hex()), bytes);
        return new Blob(d, bytes.length);
    }

    /** An image of one gzip layer per file name (each file holds its name); returns the manifest blob. */
    Blob image(String architecture, String... files) throws IOException {
        return imageOf(architecture, MediaTypes.OCI_LAYER_GZIP, files);
    }

    /** As {@link #image(String, String...)}, with layers compressed as {@code layerMediaType} says (gzip or zstd). */
    Blob imageOf(String architecture, String layerMediaType, String... files) throws IOException {
        List<Object> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        lastLayers.clear();
        for (String f : files) {
            byte[] tar = tar(f, f + "\n");
            diffIds.add(Digest.sha256(tar).toString());
            Blob layer = write(layerMediaType.equals(MediaTypes.OCI_LAYER_ZSTD) ? zstd(tar) : gzip(tar));
            lastLayers.add(layer);
            layers.add(layer.descriptor(layerMediaType));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", Map.of("Cmd", List.of("sh")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        Blob configBlob = write(Json.mapper().writeValueAsBytes(config));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("config", configBlob.descriptor(MediaTypes.OCI_CONFIG));
        manifest.put("layers", layers);
        return write(Json.mapper().writeValueAsBytes(manifest));
    }

    /** An image index of the given manifests, each entry with platform linux/{@code architectures[i]}. */
    Blob index(List<Blob> manifests, List<String> architectures) throws IOException {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            Map<String, Object> d = manifests.get(i).descriptor(MediaTypes.OCI_MANIFEST);
            d.put("platform", Map.of("os", "linux", "architecture", architectures.get(i)));
            entries.add(d);
        }
        return write(Json.mapper().writeValueAsBytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX,
                "manifests", entries)));
    }

    /** Names {@code blob} (of {@code mediaType}) as {@code tag} in index.json. */
    void tag(String tag, Blob blob, String mediaType) throws IOException {
        Map<String, Object> d = blob.descriptor(mediaType);
        d.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
        Files.write(dir.resolve("index.json"), Json.mapper().writeValueAsBytes(
                Map.of("schemaVersion", 2, "manifests", List.of(d))));
    }

    static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new io.airlift.compress.zstd.ZstdOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
