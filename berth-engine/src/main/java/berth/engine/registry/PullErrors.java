package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.engine.image.ManifestException;
import berth.engine.image.Reference;
import java.io.IOException;

/** Docker's messages (moby's distribution/errors.go) for failures while resolving what to pull or push. */
final class PullErrors {
    private PullErrors() {}

    /** An error fetching the manifest of {@code ref} ({@code ref} carries the tag or digest asked for). */
    static EngineException manifest(Reference ref, IOException e) {
        if (e instanceof ManifestException) return new InvalidArgumentException(e.getMessage());
        if (!(e instanceof RegistryException r)) return new InternalException(e.getMessage(), e);
        return switch (r.code()) {
            case "MANIFEST_UNKNOWN" -> new NotFoundException(
                    "manifest for " + ref.familiarString() + " not found: " + r.dockerText());
            case "NAME_UNKNOWN" -> new NotFoundException(
                    "repository " + ref.familiarRepository() + " not found: " + r.dockerText());
            default -> registry(ref, r, false);
        };
    }

    /**
     * Any other registry error, as moby's translatePullError words it: DENIED becomes "pull access denied …"; other
     * codes (UNAUTHORIZED: "unauthorized: authentication required") and statuses keep the registry's words. A push
     * reports the bare message; a pull names the request that could not be answered, as Docker does.
     */
    static EngineException registry(Reference ref, RegistryException r, boolean push) {
        if (r.status() == 0) return new InternalException(r.getMessage(), r);
        if (!push && r.code().equals("DENIED")) {
            return new NotFoundException("pull access denied for " + ref.familiarRepository()
                    + ", repository does not exist or may require 'docker login': " + r.dockerText());
        }
        if (r.status() == 404) return new NotFoundException(r.dockerText());
        return new InternalException(push ? r.dockerText() : r.withRequest(), r);
    }
}
