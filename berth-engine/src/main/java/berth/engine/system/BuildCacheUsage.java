package berth.engine.system;

import java.util.List;
import java.util.Map;

/**
 * The build cache as {@code system df} and {@code POST /build/prune} see it. Berth has no build cache yet: {@link #NONE}
 * lists no record and prunes nothing (truthfully: there is nothing to prune). The builder provides its own.
 */
public interface BuildCacheUsage {
    BuildCacheUsage NONE = new BuildCacheUsage() {
        @Override
        public List<Object> records() {
            return List.of();
        }

        @Override
        public Pruned prune(boolean all, Map<String, List<String>> filters, boolean dryRun) {
            for (String key : filters.keySet()) {
                if (!PRUNE_FILTERS.contains(key)) throw new berth.api.errors.InvalidArgumentException("invalid filter '" + key + "'");
            }
            return new Pruned(List.of(), 0);
        }
    };

    /** The filter keys of {@code POST /build/prune} (moby's, and the label keys the docker CLI's system prune passes on). */
    java.util.Set<String> PRUNE_FILTERS = java.util.Set.of("until", "id", "parent", "type", "description", "inuse",
            "shared", "private", "label", "label!");

    /** One entry per cache record in Docker's BuildCache shape (ID, Type, Size, InUse, Shared, ...). */
    List<Object> records();

    /** Removes (or with {@code dryRun} lists) the unused cache records matching the filters; {@code all}: not only internal ones. */
    Pruned prune(boolean all, Map<String, List<String>> filters, boolean dryRun);

    /** moby's BuildCachePruneReport. */
    record Pruned(List<String> cachesDeleted, long spaceReclaimed) {}
}
