package berth.engine.image;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters of {@code GET /images/json}, moby's set: reference (glob), dangling, label, label!, before, since,
 * until. Any other key is refused, as is a value that cannot be read. {@code before}/{@code since} name images and
 * compare creation times; {@code until} is a time or a duration back from now, and keeps images created before it.
 */
record ImageFilter(Map<String, List<String>> filters, long beforeSeconds, long sinceSeconds, Instant until) {
    private static final Set<String> KEYS = Set.of("reference", "dangling", "label", "label!", "before", "since", "until");

    static ImageFilter of(Map<String, List<String>> filters, SqliteImageStore store) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        for (String key : f.keySet()) {
            if (!KEYS.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
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
        for (String pattern : f.getOrDefault("reference", List.of())) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new InvalidArgumentException("invalid filter 'reference=" + pattern + "': syntax error in pattern");
            }
        }
        List<String> untilValues = f.getOrDefault("until", List.of());
        if (untilValues.size() > 1) throw new InvalidArgumentException("invalid filter 'until': more than one value");
        Instant until = untilValues.isEmpty() ? null : FilterTime.parse(untilValues.getFirst(), Instant.now());
        return new ImageFilter(f, before, since, until);
    }

    boolean matches(ImageRecord image) {
        if (image.damaged()) {
            // Nothing but its names is known: it shows in an unfiltered list (to be seen and removed), and to filters
            // that ask only about names.
            return filters.keySet().stream().allMatch(k -> k.equals("reference") || k.equals("dangling"))
                    && matchesNames(image);
        }
        long created = LocalImageService.createdSeconds(image.config());
        if (created >= beforeSeconds || created <= sinceSeconds && sinceSeconds != Long.MIN_VALUE) return false;
        if (until != null) {
            Instant createdAt = LocalImageService.createdInstant(image.config());
            if (createdAt == null || !createdAt.isBefore(until)) return false;
        }
        Map<String, String> imageLabels = image.config().configOrEmpty().labels();
        for (String l : filters.getOrDefault("label", List.of())) {
            if (!hasLabel(imageLabels, l)) return false;
        }
        for (String l : filters.getOrDefault("label!", List.of())) {
            if (hasLabel(imageLabels, l)) return false;
        }
        return matchesNames(image);
    }

    private boolean matchesNames(ImageRecord image) {
        for (String d : filters.getOrDefault("dangling", List.of())) {
            boolean dangling = d.equals("true") || d.equals("1");
            if (dangling != image.repoTags().isEmpty()) return false;
        }
        return !filters.containsKey("reference") || !visibleTags(image).isEmpty()
                || image.repoDigests().stream().anyMatch(this::referenceMatches);
    }

    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        if (labels == null || !labels.containsKey(key)) return false;
        return eq < 0 || filter.substring(eq + 1).equals(labels.get(key));
    }

    /** With a reference filter only the matching tags are shown, as Docker does. */
    List<String> visibleTags(ImageRecord image) {
        if (!filters.containsKey("reference")) return image.repoTags();
        return image.repoTags().stream().filter(this::referenceMatches).toList();
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
