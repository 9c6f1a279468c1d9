package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.ForbiddenException;
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

    /** Any other registry error, by status, with the access-denied texts the docker CLI users know. */
    static EngineException registry(Reference ref, RegistryException r, boolean push) {
        return switch (r.status()) {
            case 0 -> new InternalException(r.getMessage(), r);
            case 401, 403 -> push ? new ForbiddenException(r.dockerText())
                    : new ForbiddenException("pull access denied for " + ref.familiarRepository()
                            + ", repository does not exist or may require 'docker login': " + r.dockerText());
            case 404 -> new NotFoundException(r.dockerText());
            default -> new InternalException(r.dockerText(), r);
        };
    }
}
