package berth.engine.registry;

import berth.api.errors.NotFoundException;
import berth.engine.image.ImageIndex;
import berth.engine.image.Manifest;
import berth.engine.image.ManifestException;
import berth.engine.image.Platform;
import java.io.IOException;
import java.util.List;

/** Resolves a tag or digest to the image manifest to pull: the manifest itself, or an index's entry for a platform. */
final class ManifestResolver {
    private ManifestResolver() {}

    static PullTarget resolve(RegistryClient client, String tagOrDigest) throws IOException {
        return resolve(client, tagOrDigest, Platform.HOST);
    }

    static PullTarget resolve(RegistryClient client, String tagOrDigest, Platform platform) throws IOException {
        FetchedManifest top = client.manifest(tagOrDigest);
        return switch (top.document()) {
            case Manifest m -> new PullTarget(top.digest(), m, top.digest(), List.of(top));
            case ImageIndex index -> {
                var entry = index.select(platform).orElseThrow(() -> new NotFoundException(
                        "no matching manifest for " + platform + " in the manifest list entries"));
                FetchedManifest chosen = client.manifest(entry.digest().toString());
                if (!(chosen.document() instanceof Manifest m)) {
                    throw new ManifestException("the index entry for " + platform + " is not an image manifest");
                }
                if (chosen.bytes().length != entry.size()) {
                    throw new ManifestException("manifest " + entry.digest() + " has " + chosen.bytes().length
                            + " bytes, the index says " + entry.size());
                }
                yield new PullTarget(top.digest(), m, chosen.digest(), List.of(top, chosen));
            }
        };
    }
}
