package berth.engine.image;

import berth.engine.content.Digest;
import java.util.List;

/**
 * A stored image: its ID (the config digest), the manifest stored with it, the config, and the chain ID of its top
 * layer (null for an image without layers). {@code chainIds} are bottom-first.
 */
public record ImageRecord(Digest id, Digest manifestDigest, ImageConfig config, List<Digest> chainIds,
                          List<String> repoTags, List<String> repoDigests, long size) {

    public Digest topLayer() {
        return chainIds.isEmpty() ? null : chainIds.getLast();
    }
}
