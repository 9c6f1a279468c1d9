package berth.engine.layer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Extended attributes from PAX records: GNU tar's and Go's {@code SCHILY.xattr.<name>}, and bsdtar's
 * {@code LIBARCHIVE.xattr.<url-encoded name>} whose base64 value is binary-safe and therefore wins when both exist
 * (Commons Compress decodes PAX values as UTF-8, which can mangle binary values such as security.capability).
 */
final class XattrReader {
    private static final String SCHILY = "SCHILY.xattr.";
    private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    Map<String, byte[]> read(TarArchiveEntry e) {
        Map<String, String> pax = e.getExtraPaxHeaders();
        if (pax.isEmpty()) return Map.of();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : pax.entrySet()) {
            String key = h.getKey();
            if (key.startsWith(SCHILY)) {
                out.putIfAbsent(key.substring(SCHILY.length()), h.getValue().getBytes(StandardCharsets.UTF_8));
            } else if (key.startsWith(LIBARCHIVE)) {
                String name = URLDecoder.decode(key.substring(LIBARCHIVE.length()), StandardCharsets.UTF_8);
                try {
                    out.put(name, Base64.getDecoder().decode(h.getValue()));
                } catch (IllegalArgumentException notBase64) {
                    // keep the SCHILY value, if any
                }
            }
        }
        // trusted.* is overlayfs' own metadata (opaque, redirect, metacopy): a layer must not forge it; whiteouts
        // are the only way a layer may ask for it.
        out.keySet().removeIf(name -> name.startsWith("trusted."));
        return out;
    }
}
