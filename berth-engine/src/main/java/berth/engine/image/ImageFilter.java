package berth.engine.image;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The filters of {@code GET /images/json}: reference (glob), dangling, label, before, since. */
record ImageFilter(Map<String, List<String>> filters, long beforeSeconds, long sinceSeconds) {
    private static final Set<String> KEYS = Set.of("reference", "dangling", "label", "before", "since", "until");

    static ImageFilter of(Map<String, List<String>> filters, SqliteImageStore store) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        for (String key : f.keySet()) {
            if (!KEYS.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        f.getOrDefault("reference", List.of()).forEach(ImageFilter::checkPattern);
        long before = Long.MAX_VALUE;
        long since = Long.MIN_VALUE;
        for (String b : f.getOrDefault("before", List.of())) {
            before = Math.min(before, LocalImageService.createdSeconds(store.resolve(b).config()));
        }
        for (String s : f.getOrDefault("since", List.of())) {
            since = Math.max(since, LocalImageService.createdSeconds(store.resolve(s).config()));
        }
        for (String d : f.getOrDefault("dangling", List.of())) {
            if (!d.equals("true") && !d.equals("false") && !d.equals("1") && !d.equals("0")) {
                throw new InvalidArgumentException("Invalid filter 'dangling=" + d + "'");
            }
        }
        return new ImageFilter(f, before, since);
    }

    boolean matches(ImageRecord image) {
        long created = LocalImageService.createdSeconds(image.config());
        if (created >= beforeSeconds || created <= sinceSeconds && sinceSeconds != Long.MIN_VALUE) return false;
        for (String d : filters.getOrDefault("dangling", List.of())) {
            boolean dangling = d.equals("true") || d.equals("1");
            if (dangling != image.repoTags().isEmpty()) return false;
        }
        List<String> labels = filters.getOrDefault("label", List.of());
        Map<String, String> imageLabels = image.config().configOrEmpty().labels();
        for (String l : labels) {
            int eq = l.indexOf('=');
            String key = eq < 0 ? l : l.substring(0, eq);
            if (imageLabels == null || !imageLabels.containsKey(key)) return false;
            if (eq >= 0 && !l.substring(eq + 1).equals(imageLabels.get(key))) return false;
        }
        return !filters.containsKey("reference") || !visibleTags(image).isEmpty()
                || image.repoDigests().stream().anyMatch(this::referenceMatches);
    }

    /** With a reference filter only the matching tags are shown, as Docker does. */
    List<String> visibleTags(ImageRecord image) {
        if (!filters.containsKey("reference")) return image.repoTags();
        return image.repoTags().stream().filter(this::referenceMatches).toList();
    }

    private static void checkPattern(String pattern) {
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new InvalidArgumentException("invalid filter 'reference=" + pattern + "': bad pattern: " + e.getDescription());
        }
    }

    private boolean referenceMatches(String familiar) {
        String repo = familiar.contains("@") ? familiar.substring(0, familiar.indexOf('@'))
                : familiar.lastIndexOf(':') > familiar.lastIndexOf('/') ? familiar.substring(0, familiar.lastIndexOf(':')) : familiar;
        for (String pattern : filters.get("reference")) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (m.matches(Path.of(familiar)) || m.matches(Path.of(repo))) return true;
        }
        return false;
    }
}
