package berth.daemon.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's files, from the class path under {@code berth/dashboard/} (the berth-dashboard jar). A path without a
 * dot that names no file is a route of the page itself and gets {@code index.html}. Each file is read once and kept:
 * all of them are a few hundred kB.
 */
public final class StaticAssets {
    static final String ROOT = "berth/dashboard/";

    /** One file as served: its bytes, and the gzip-compressed bytes when the build left a {@code .gz} beside it. */
    public record Asset(String path, byte[] bytes, byte[] gzipped, String contentType, String cacheControl) {}

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    public StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The asset a GET of {@code path} (URL path, decoded) serves, if any. */
    public Optional<Asset> lookup(String path) {
        return lookup(path, false);
    }

    /**
     * As {@link #lookup(String)}; {@code navigation} (the browser asked for a page: Accept names text/html) also gets
     * {@code index.html} for a missing name with a dot, such as a page of the image {@code busybox:1.36}.
     */
    public Optional<Asset> lookup(String path, boolean navigation) {
        String relative = relative(path);
        if (relative == null) return Optional.empty();
        Optional<Asset> asset = file(relative);
        if (asset.isPresent()) return asset;
        String last = relative.substring(relative.lastIndexOf('/') + 1);
        if (!last.contains(".") || (navigation && !relative.startsWith("assets/"))) return file("index.html");
        return Optional.empty();
    }

    /** A named file, without the index.html fallback (the login page). */
    public Optional<Asset> file(String relative) {
        return cache.computeIfAbsent(relative, this::load);
    }

    /** The path under the root, or null for one that tries to leave it. */
    static String relative(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.endsWith("/")) p = p + "index.html";
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) return null;
        }
        return p;
    }

    private Optional<Asset> load(String relative) {
        byte[] bytes = read(ROOT + relative);
        if (bytes == null) return Optional.empty();
        return Optional.of(new Asset(relative, bytes, read(ROOT + relative + ".gz"), contentType(relative),
                cacheControl(relative)));
    }

    private byte[] read(String resource) {
        // a directory inside a jar is a resource too, with no content: only names with a dot in their last part are files
        String last = resource.substring(resource.lastIndexOf('/') + 1);
        if (!last.contains(".")) return null;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hashed build output never changes under its name; everything else is checked again at each use. */
    static String cacheControl(String relative) {
        return relative.startsWith("assets/") ? "max-age=31536000, immutable" : "no-cache";
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            case "wasm" -> "application/wasm";
            default -> "application/octet-stream";
        };
    }
}
