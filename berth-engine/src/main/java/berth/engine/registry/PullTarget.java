package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.Manifest;
import java.util.List;

/**
 * What a reference resolved to: the digest Docker reports and records as the repo digest ({@code digest}: the index's
 * when there is one), the linux/amd64 image manifest with its exact bytes, and every document to store.
 */
record PullTarget(Digest digest, Manifest manifest, Digest manifestDigest, List<FetchedManifest> documents) {}
