package berth.engine.build;

import berth.engine.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images a build names in {@code cachefrom}, as a second cache after the step cache: an image pulled from a
 * registry carries no cache rows, only its history. A step matches such an image (Docker's classic builder rule,
 * moby's {@code image/cache}) when the image's history and layers begin with exactly those of the step's parent, and
 * its next history entry was written by the same instruction ({@code created_by}, which carries a COPY's content digest
 * and a RUN's build args). The step then takes that entry and, unless it is an empty-layer one, the image's next layer.
 * Once a step matched an image, the rest of the stage matches only that image, as Docker narrows it.
 */
final class CacheFromImages {
    /** What the step produces: a metadata step no layer, COPY and RUN one, WORKDIR either (a layer when it made the directory). */
    enum Produces { NO_LAYER, LAYER, EITHER }

    /**
     * What a step takes from a matching image: the history entry at {@code index} and, when {@code layerIndex} is not
     * negative, the image's layer there; {@code last} when that entry is the image's last.
     */
    record Match(ImageState image, int index, ImageConfig.History entry, int layerIndex) {
        boolean last() {
            return index == image.image().history().size() - 1;
        }

        boolean hasLayer() {
            return layerIndex >= 0;
        }
    }

    private List<ImageState> sources;

    CacheFromImages(List<ImageState> sources) {
        this.sources = List.copyOf(sources);
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The first source whose next entry after {@code parent} was written by one of {@code createdBy}. */
    Optional<Match> match(ImageState parent, List<String> createdBy, Produces produces) {
        if (createdBy.isEmpty()) return Optional.empty();
        ImageConfig p = parent.image();
        List<ImageConfig.History> parentHistory = p.history() == null ? List.of() : p.history();
        List<String> parentDiffs = p.diffIds();
        for (ImageState source : sources) {
            ImageConfig s = source.image();
            List<ImageConfig.History> history = s.history() == null ? List.of() : s.history();
            int n = parentHistory.size();
            if (n >= history.size() || !startsWith(history, parentHistory) || !startsWith(s.diffIds(), parentDiffs)) continue;
            ImageConfig.History entry = history.get(n);
            if (entry == null || !createdBy.contains(entry.createdBy())) continue;
            boolean empty = entry.isEmptyLayer();
            if (empty && produces == Produces.LAYER || !empty && produces == Produces.NO_LAYER) continue;
            int layerIndex = -1;
            if (!empty) {
                // the layer after the parent's: an image whose empty_layer flags disagree with its layers is no source
                if (layersBefore(history, n) != parentDiffs.size() || parentDiffs.size() >= s.diffIds().size()
                        || parentDiffs.size() >= source.layers().size()) continue;
                layerIndex = parentDiffs.size();
            }
            sources = List.of(source);
            return Optional.of(new Match(source, n, entry, layerIndex));
        }
        return Optional.empty();
    }

    private static int layersBefore(List<ImageConfig.History> history, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) if (!history.get(i).isEmptyLayer()) count++;
        return count;
    }

    private static <T> boolean startsWith(List<T> all, List<T> prefix) {
        if (prefix.size() > all.size()) return false;
        return new ArrayList<>(all.subList(0, prefix.size())).equals(prefix);
    }
}
