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

    /**
     * Drops the whole step cache and collects what only it kept; with {@code dryRun}, only says what that would
     * remove and free.
     */
    PruneResult prune(boolean dryRun);

    /** What a prune removed (or would): the cache entries (their keys) and the bytes of layers and blobs. */
    record PruneResult(List<String> entries, long bytes) {}

    /** The cached steps, oldest first, for {@code system df}. */
    List<CacheRecord> cacheRecords();

    /**
     * One cached step: its key, the image it produced, the bytes of the layer it added (0 for a step that changed
     * only the config), whether a tagged image has that layer too, and when it was made and last used (epoch ms).
     */
    record CacheRecord(String key, String imageId, String parentImageId, String description, long size, boolean shared,
                       long createdMillis, long lastUsedMillis) {}
}
