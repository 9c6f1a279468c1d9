package berth.engine.gc;

import berth.api.Json;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What an image's stored documents reference, read leniently: a missing or damaged document references nothing. */
public final class ImageObjects {
    private ImageObjects() {}

    /** The layer blobs a stored manifest lists. */
    public static List<Digest> layerBlobs(ContentStore content, Digest manifest) {
        List<Digest> out = new ArrayList<>();
        JsonNode doc = readJson(content, manifest);
        if (doc == null) return out;
        for (JsonNode layer : doc.path("layers")) {
            Digest d = parse(layer.path("digest").asText());
            if (d != null) out.add(d);
        }
        return out;
    }

    /** The chain IDs a stored image config describes, bottom first (from its rootfs diff IDs). */
    public static List<Digest> chains(ContentStore content, Digest config) {
        List<Digest> out = new ArrayList<>();
        JsonNode doc = readJson(content, config);
        if (doc == null) return out;
        Digest parent = null;
        for (JsonNode diffId : doc.path("rootfs").path("diff_ids")) {
            Digest d = parse(diffId.asText());
            if (d == null) break;
            parent = berth.engine.layer.LayerStore.chainId(parent, d);
            out.add(parent);
        }
        return out;
    }

    private static JsonNode readJson(ContentStore content, Digest blob) {
        if (blob == null) return null;
        try {
            return Json.mapper().readTree(content.readAll(blob));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Digest parse(String text) {
        try {
            return Digest.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
