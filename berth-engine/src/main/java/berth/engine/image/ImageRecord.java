package berth.engine.image;

import berth.api.errors.InternalException;
import berth.engine.content.Digest;
import java.util.List;

/**
 * A stored image: its ID (the config digest), the manifest stored with it, the config, and the chain ID of its top
 * layer (null for an image without layers). {@code chainIds} are bottom-first.
 *
 * <p>{@code damage} is null for a sound image. An image whose config blob cannot be read or parsed is still listed
 * (by what the database knows) so that it can be seen and removed; asking for its config fails with an error that
 * names it, and the damage never spreads to other images.
 */
public record ImageRecord(Digest id, Digest manifestDigest, ImageConfig config, List<Digest> chainIds,
                          List<String> repoTags, List<String> repoDigests, long size, String damage) {

    public ImageRecord(Digest id, Digest manifestDigest, ImageConfig config, List<Digest> chainIds,
                       List<String> repoTags, List<String> repoDigests, long size) {
        this(id, manifestDigest, config, chainIds, repoTags, repoDigests, size, null);
    }

    /** The image config; throws, naming the image, when it is damaged. */
    @Override
    public ImageConfig config() {
        if (damage != null) {
            throw new InternalException("image " + id + " is damaged: " + damage
                    + "; remove it (docker rmi -f " + id.shortHex() + ") and pull or import it again", null);
        }
        return config;
    }

    public boolean damaged() {
        return damage != null;
    }

    public Digest topLayer() {
        return chainIds.isEmpty() ? null : chainIds.getLast();
    }
}
