package berth.engine.registry;

import berth.engine.content.Digest;
import com.fasterxml.jackson.databind.JsonNode;

/** An OCI content descriptor: what a manifest says about a blob. Sizes are limits, not hints. */
record Descriptor(String mediaType, Digest digest, long size) {
    static Descriptor of(JsonNode node) {
        return new Descriptor(node.path("mediaType").asText(""), Digest.parse(node.path("digest").asText()),
                node.path("size").asLong(-1));
    }

    String shortId() {
        return digest.shortHex();
    }
}
