package berth.engine.build;

import berth.engine.build.dockerfile.DockerIgnore;
import berth.engine.layer.RootPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What {@code COPY --parents} and {@code --exclude} (also ADD's) change in what a COPY takes, with BuildKit's rules.
 *
 * <p>{@code --parents}: a source {@code a/b/*.go} is matched below the pivot (the part before a {@code /./} in it,
 * else the root) and each match keeps its path from the pivot under the destination, which is always a directory; a
 * directory that matches comes whole; a source that matches nothing is no error.
 *
 * <p>{@code --exclude}: patterns (the {@code .dockerignore} syntax, {@code **} and {@code !} included) matched against
 * each entry's path below what it was copied from: below a directory source for its contents, the file's own name for
 * a file source, the path from the pivot with {@code --parents}. A directory that matches is left out with
 * everything in it.
 */
record CopySelection(boolean parents, List<String> patterns, DockerIgnore excludes) {
    static final CopySelection PLAIN = new CopySelection(false, List.of(), DockerIgnore.NONE);

    static CopySelection of(boolean parents, List<String> excludes) {
        if (!parents && excludes.isEmpty()) return PLAIN;
        List<String> patterns = new ArrayList<>();
        for (String e : excludes) patterns.add(e.startsWith("/") ? e.substring(1) : e);
        return new CopySelection(parents, List.copyOf(patterns), patterns.isEmpty() ? DockerIgnore.NONE
                : DockerIgnore.of(patterns));
    }

    boolean plain() {
        return !parents && excludes.isEmpty();
    }

    /** A {@code --parents} source split at its pivot: the cleaned pivot ("" for the root) and the pattern below it. */
    record Pivoted(String pivot, String pattern) {}

    static Pivoted pivot(String keyword, String written) {
        int cut = written.indexOf("/./");
        String pivot = cut < 0 ? "" : written.substring(0, cut);
        String pattern = cut < 0 ? written : written.substring(cut + 3);
        return new Pivoted(CopySources.clean(keyword, pivot), CopySources.clean(keyword, pattern));
    }

    /**
     * The names below {@code pivot} (among {@code names}, sorted, relative to the root) that the pattern selects: the
     * top-most matches only, as a directory that matches brings everything in it.
     */
    static List<String> matches(Pivoted p, Collection<String> names) {
        DockerIgnore pattern = DockerIgnore.of(List.of(p.pattern().isEmpty() ? "*" : p.pattern()));
        String prefix = p.pivot().isEmpty() ? "" : p.pivot() + "/";
        List<String> out = new ArrayList<>();
        String covered = null;
        for (String n : names) {
            if (!n.startsWith(prefix) || n.length() == prefix.length()) continue;
            if (covered != null && n.startsWith(covered)) continue;
            String rel = n.substring(prefix.length());
            if (pattern.excluded(rel)) {
                out.add(n);
                covered = n + "/";
            }
        }
        return out;
    }

    /**
     * Whether an entry is left out by {@code --exclude}: {@code entry} and {@code source} are names relative to the
     * same root, {@code entry} being the source or below it; {@code pivot} is the source's pivot with
     * {@code --parents}, else null.
     */
    boolean excluded(String entry, String source, boolean sourceIsDirectory, String pivot) {
        if (excludes.isEmpty()) return false;
        String anchor = pivot != null ? pivot : sourceIsDirectory ? source : parent(source);
        String rel = anchor.isEmpty() ? entry : entry.length() > anchor.length() ? entry.substring(anchor.length() + 1) : "";
        return !rel.isEmpty() && excludes.excluded(rel);
    }

    /** The directories between a pivot and a match (each relative to the root), outermost first. */
    static List<String> between(String pivot, String match) {
        List<String> out = new ArrayList<>();
        List<String> parts = RootPath.clean(match);
        int start = pivot.isEmpty() ? 0 : RootPath.clean(pivot).size();
        for (int i = start + 1; i < parts.size(); i++) out.add(String.join("/", parts.subList(0, i)));
        return out;
    }

    static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
