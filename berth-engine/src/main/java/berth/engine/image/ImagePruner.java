package berth.engine.image;

import berth.api.model.ImageDeleteItem;
import java.util.List;
import java.util.Map;

/** {@code docker image prune}: removing the images no container uses. */
public interface ImagePruner {

    /** The pruner of an image service made by {@link ImageService#create}. */
    static ImagePruner of(ImageService images, berth.engine.store.Database db, berth.engine.content.ContentStore content,
                          berth.engine.layer.LayerStore layers) {
        LocalImageService local = (LocalImageService) images;
        return new ImagePrune(local.store(), local.remover(), db, content, layers, local.events());
    }

    /**
     * Removes the dangling images ({@code dangling=false}: every image) that no container uses and that match the
     * filters {@code until}, {@code label}, {@code label!}. With {@code dryRun} nothing changes and the report lists
     * exactly what would go: the tags, the images, the layers, and the bytes.
     */
    Report prune(Map<String, List<String>> filters, boolean dryRun);

    /** moby's ImagesPruneReport: ImagesDeleted is null when nothing went. */
    record Report(List<ImageDeleteItem> imagesDeleted, long spaceReclaimed) {}
}
