package berth.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout directory (blobs + index.json) that {@code skopeo copy oci:<dir>:<tag> docker://…}
 * pushes to a registry: how the tests get layered and multi-platform images without a builder.
 */
public final class OciLayout {
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";

    /** A blob as referenced from a manifest. */
    public record Descriptor(String mediaType, String digest, long size) {
        String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }

    /** A written image manifest and what it points to. */
    public record Image(Descriptor manifest, Descriptor config, List<Descriptor> layers, String architecture) {}

    private final Path dir;

    public OciLayout(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** An image for linux/{@code architecture} whose layers are these uncompressed tars, in order. */
    public Image image(String architecture, List<byte[]> layerTars) {
        return image(architecture, layerTars, "{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin\"]}");
    }

    /** As above, with {@code containerConfig} as the config's "config" object (Cmd, Env, Healthcheck, ...). */
    public Image image(String architecture, List<byte[]> layerTars, String containerConfig) {
        List<Descriptor> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : layerTars) {
            diffIds.add(digest(tar));
            layers.add(blob("application/vnd.oci.image.layer.v1.tar+gzip", gzip(tar)));
        }
        String config = "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\","
                + "\"config\":" + containerConfig + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + String.join(",", diffIds.stream().map(d -> "\"" + d + "\"").toList()) + "]}}";
        Descriptor cfg = blob("application/vnd.oci.image.config.v1+json", config.getBytes(StandardCharsets.UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":" + cfg.json()
                + ",\"layers\":[" + String.join(",", layers.stream().map(Descriptor::json).toList()) + "]}";
        return new Image(blob(MANIFEST, manifest.getBytes(StandardCharsets.UTF_8)), cfg, layers, architecture);
    }

    /** An image index listing the images, each with its linux platform. */
    public Descriptor index(List<Image> images) {
        String entries = String.join(",", images.stream().map(i -> {
            String d = i.manifest().json();
            return d.substring(0, d.length() - 1) + ",\"platform\":{\"architecture\":\"" + i.architecture()
                    + "\",\"os\":\"linux\"}}";
        }).toList());
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[" + entries + "]}";
        return blob(INDEX, index.getBytes(StandardCharsets.UTF_8));
    }

    /** Names {@code top} (a manifest or an index) as {@code tag} in index.json, which skopeo reads as oci:dir:tag. */
    public void tag(Descriptor top, String tag) {
        String d = top.json();
        String entry = d.substring(0, d.length() - 1) + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
                + tag + "\"}}";
        write(dir.resolve("index.json"), ("{\"schemaVersion\":2,\"manifests\":[" + entry + "]}").getBytes(StandardCharsets.UTF_8));
    }

    /** Pushes {@code tag} to {@code reference} (e.g. 127.0.0.1:5000/it/two:1) over plain HTTP, all platforms. */
    public CommandResult push(String tag, String reference) {
        return LocalRegistry.skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + dir + ":" + tag,
                "docker://" + reference);
    }

    private Descriptor blob(String mediaType, byte[] content) {
        String digest = digest(content);
        write(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), content);
        return new Descriptor(mediaType, digest, content.length);
    }

    public static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(Path p, byte[] content) {
        try {
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
