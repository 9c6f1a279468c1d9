package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.ManifestDocument;

/** A manifest or index as the registry sent it: the exact bytes, their verified digest, and the parsed document. */
public record FetchedManifest(byte[] bytes, Digest digest, ManifestDocument document) {
    public String mediaType() {
        return document.mediaType();
    }
}
