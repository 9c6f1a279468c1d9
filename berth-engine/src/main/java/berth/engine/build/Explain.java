package berth.engine.build;

import berth.engine.content.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Why a step missed the cache (Berth's {@code --explain}), found by comparing it with the last build of the same step
 * (same stage, position and instruction keyword): its parent was rebuilt, a build arg changed, files it reads
 * changed, or its instruction did.
 */
final class Explain {
    private static final int SHOWN = 3;

    private Explain() {}

    /**
     * @param last the last cached build of this step, or null
     * @param parent this build's parent image of the step
     * @param what how the step names its sources ("COPY app/"), null for steps that read no files
     * @param lastMiss the number of the last step of this stage that missed (0: none)
     */
    static String why(StepCache.Entry last, Digest parent, StepCache.Inputs now, String what, int lastMiss,
                      boolean noCache) {
        if (noCache) return "the cache is off for this build (--no-cache)";
        if (last == null) return "no earlier build of this step";
        if (!Objects.equals(last.parent(), parent)) {
            return lastMiss > 0 ? "parent step " + lastMiss + " rebuilt" : "the base image changed";
        }
        List<String> reasons = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(last.inputs().args().keySet());
        names.addAll(now.args().keySet());
        for (String n : names) {
            String before = last.inputs().args().get(n);
            String after = now.args().get(n);
            if (Objects.equals(before, after)) continue;
            if (before == null) reasons.add("ARG " + n + " set to " + after);
            else if (after == null) reasons.add("ARG " + n + " no longer set (was " + before + ")");
            else reasons.add("ARG " + n + " changed from " + before + " to " + after);
        }
        if (!last.inputs().files().equals(now.files())) reasons.add((what == null ? "" : what + ": ") + files(last.inputs().files(), now.files()));
        if (reasons.isEmpty() && !last.inputs().instruction().equals(now.instruction())) {
            reasons.add("the instruction changed (was: " + last.inputs().instruction() + ")");
        }
        if (reasons.isEmpty()) return "its cache entry is gone (pruned, or its image's files were removed)";
        return String.join("; ", reasons);
    }

    private static String files(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String b = before.get(e.getKey());
            if (b == null) added.add(e.getKey());
            else if (!b.equals(e.getValue())) changed.add(e.getKey());
        }
        for (String k : before.keySet()) if (!after.containsKey(k)) removed.add(k);
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) parts.add(list(changed) + " changed");
        if (!added.isEmpty()) parts.add(list(added) + " added");
        if (!removed.isEmpty()) parts.add(list(removed) + " removed");
        return String.join(", ", parts);
    }

    private static String list(List<String> names) {
        if (names.size() <= SHOWN) return String.join(", ", names);
        return String.join(", ", names.subList(0, SHOWN)) + " and " + (names.size() - SHOWN) + " more";
    }
}
