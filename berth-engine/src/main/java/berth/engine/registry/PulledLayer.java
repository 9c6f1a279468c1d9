package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.Descriptor;

/**
 * One layer of an image being pulled: its blob descriptor, the diff ID the config promises for it, and its chain ID
 * and parent's (null for the bottom layer). {@code present}: the chain is already registered and its blob stored, nothing to fetch (a registered chain
 * whose blob is missing is downloaded again; registering it then finds the layer and only reads the stream).
 */
record PulledLayer(Descriptor blob, Digest diffId, Digest parentChain, Digest chain, boolean present) {
    String id() {
        return blob.shortId();
    }
}
