package berth.engine;

import berth.api.errors.InvalidArgumentException;
import berth.engine.build.BuildService;
import berth.engine.system.BuildCacheUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The builder's step cache as {@code system df} and {@code POST /build/prune} see it: one record per cached step in
 * Docker's BuildCache shape, and a prune that empties the cache (Berth's cache has no finer unit to keep or drop, so
 * filters are refused rather than ignored).
 */
final class BuildCacheView implements BuildCacheUsage {
    private final BuildService builder;

    BuildCacheView(BuildService builder) {
        this.builder = builder;
    }

    @Override
    public List<Object> records() {
        List<Object> out = new ArrayList<>();
        for (BuildService.CacheRecord r : builder.cacheRecords()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", r.key().length() > 25 ? r.key().substring(0, 25) : r.key());
            m.put("Parents", null);
            m.put("Type", "regular");
            m.put("Description", r.description());
            m.put("InUse", false);
            m.put("Shared", r.shared());
            m.put("Size", r.size());
            m.put("CreatedAt", Instant.ofEpochMilli(r.createdMillis()).toString());
            m.put("LastUsedAt", Instant.ofEpochMilli(r.lastUsedMillis()).toString());
            m.put("UsageCount", 0);
            out.add(m);
        }
        return out;
    }

    @Override
    public Pruned prune(boolean all, Map<String, List<String>> filters, boolean dryRun) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (!PRUNE_FILTERS.contains(f.getKey())) throw new InvalidArgumentException("invalid filter '" + f.getKey() + "'");
            if (!f.getValue().isEmpty()) {
                throw new InvalidArgumentException("filter '" + f.getKey() + "' is not supported by Berth's build cache prune: "
                        + "it removes the whole step cache");
            }
        }
        BuildService.PruneResult r = builder.prune(dryRun);
        return new Pruned(r.entries(), r.bytes());
    }
}
