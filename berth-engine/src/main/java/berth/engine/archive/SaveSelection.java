package berth.engine.archive;

import berth.api.errors.InvalidArgumentException;
import berth.engine.content.Digest;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which images a save writes, and under which tags, as Docker chooses them: a name that is an image ID saves the
 * image untagged; {@code repo:tag} saves it with that tag; a repository alone saves every tag it has. Images come
 * out in the order first named, each once.
 */
final class SaveSelection {
    record Selected(ImageRecord image, Set<Reference> tags) {}

    private SaveSelection() {}

    static List<Selected> of(ImageStore store, List<String> names, Platform platform) {
        if (names.isEmpty()) throw new InvalidArgumentException("no images given to save");
        Map<Digest, Selected> out = new LinkedHashMap<>();
        for (String name : names) {
            for (Map.Entry<ImageRecord, Reference> e : resolve(store, name).entrySet()) {
                ImageRecord image = e.getKey();
                if (platform != null && !image.damaged() && !platform.matches(image.config().os(),
                        image.config().architecture(), image.config().variant())) {
                    throw new berth.api.errors.NotFoundException("image " + name
                            + " does not provide the specified platform (" + platform + ")");
                }
                Selected s = out.computeIfAbsent(image.id(), id -> new Selected(image, new LinkedHashSet<>()));
                if (e.getValue() != null) s.tags().add(e.getValue());
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The images a name stands for, each with the tag it contributes (null: none). */
    private static Map<ImageRecord, Reference> resolve(ImageStore store, String name) {
        Map<ImageRecord, Reference> out = new LinkedHashMap<>();
        Reference ref = parseOrNull(name);
        if (ref != null && ref.tag() == null && ref.digest() == null && !looksLikeId(name)) {
            // a repository alone: all its tags (Docker's save does the same)
            for (Reference tagged : store.tagsOf(ref.repository())) {
                store.lookup(tagged).ifPresent(image -> out.putIfAbsent(image, tagged));
            }
            if (!out.isEmpty()) return out;
        }
        ImageRecord image = store.resolve(name);
        boolean byId = image.id().hex().startsWith(name.startsWith("sha256:") ? name.substring(7) : name);
        Reference tag = ref != null && !byId && ref.digest() == null ? ref.withDefaultTag() : null;
        out.put(image, tag);
        return out;
    }

    private static boolean looksLikeId(String name) {
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        return hex.matches("[a-f0-9]{12,64}");
    }

    private static Reference parseOrNull(String name) {
        try {
            return Reference.parse(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
