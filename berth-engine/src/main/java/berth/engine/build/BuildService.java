package berth.engine.build;

import java.io.InputStream;
import java.util.List;

/**
 * The image builder ({@code POST /build}, {@code POST /build/prune}): a Dockerfile in a context tar becomes an image,
 * step by step, with a step cache that survives restarts. Thread safety: builds may run concurrently.
 */
public interface BuildService {

    /**
     * Builds from {@code context} (a tar, possibly compressed, or a lone Dockerfile), reporting to {@code output}.
     * Errors found before any step runs (a bad Dockerfile, a missing one, a hostile context) are thrown as the API's
     * error kinds; a failing RUN throws {@link BuildStepException}. Returns the image ID.
     */
    String build(BuildRequest request, InputStream context, BuildOutput output);

    /** Drops the whole step cache and collects what only it kept. */
    PruneResult prune();

    /** What a prune removed: the cache entries (their keys) and the bytes of layers and blobs that went. */
    record PruneResult(List<String> entries, long bytes) {}
}
