package berth.engine.image;

import berth.api.errors.DataLossException;
import berth.api.errors.InternalException;
import berth.api.model.FilesystemChange;
import berth.api.model.ImageLayer;
import berth.engine.content.Digest;
import berth.engine.layer.LayerStore;
import berth.engine.layer.UpperDirDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /images/{name}/layers} (Berth's own): each layer of an image, oldest first, with the files it adds,
 * changes and deletes. Read from the unpacked layer directories as {@code docker diff} reads a container's upper
 * directory: an entry a lower layer has is a change, one it lacks an addition, an overlay whiteout or an entry an
 * opaque directory hides a deletion.
 */
public final class ImageLayers {
    /** A layer of a base image can hold tens of thousands of files: the list stops here. */
    public static final int MAX_CHANGES = 10_000;

    private final ImageService images;
    private final LayerStore layers;

    public ImageLayers(ImageService images, LayerStore layers) {
        this.images = images;
        this.layers = layers;
    }

    public List<ImageLayer> layers(String name) {
        ImageRecord image = images.resolve(name);
        List<ImageConfig.History> steps = new ArrayList<>();
        ImageConfig config = image.config();
        if (config.history() != null) {
            for (ImageConfig.History h : config.history()) {
                if (!Boolean.TRUE.equals(h.emptyLayer())) steps.add(h);
            }
        }
        List<ImageLayer> out = new ArrayList<>();
        List<Digest> chain = image.chainIds();
        for (int i = 0; i < chain.size(); i++) {
            LayerStore.Layer layer = layers.get(chain.get(i)).orElseThrow(() -> new DataLossException(
                    "a layer of image " + image.id() + " is missing; remove the image and pull or import it again", null));
            List<FilesystemChange> changes;
            try {
                List<Path> below = i == 0 ? List.of() : layers.lowerDirs(chain.get(i - 1));
                changes = UpperDirDiff.changes(layer.diffDir(), below);
            } catch (IOException e) {
                throw new InternalException("reading layer " + layer.diffId() + ": " + e.getMessage(), e);
            }
            boolean truncated = changes.size() > MAX_CHANGES;
            String createdBy = i < steps.size() && steps.get(i).createdBy() != null ? steps.get(i).createdBy() : "";
            out.add(new ImageLayer(layer.diffId().toString(), layer.size(), createdBy,
                    truncated ? List.copyOf(changes.subList(0, MAX_CHANGES)) : changes, truncated));
        }
        return out;
    }
}
