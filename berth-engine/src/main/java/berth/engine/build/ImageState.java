package berth.engine.build;

import berth.api.model.ContainerConfig;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageConfig;
import java.util.List;

/**
 * The image a stage has built so far: its config and the layers under it, stored (config and manifest in the
 * content store, layers registered) so that every step's result is an image of its own. {@code id} is null only
 * for {@code FROM scratch} before any step ran.
 */
record ImageState(Digest id, Digest manifest, ImageConfig image, List<Descriptor> layers, List<Digest> chainIds) {

    static ImageState scratch() {
        ImageConfig empty = new ImageConfig("amd64", null, "linux", null, null, null, null, ContainerConfig.empty(),
                new ImageConfig.RootFs("layers", List.of()), List.of());
        return new ImageState(null, null, empty, List.of(), List.of());
    }

    ContainerConfig config() {
        return image.configOrEmpty();
    }

    Digest topLayer() {
        return chainIds.isEmpty() ? null : chainIds.getLast();
    }

    /** The ID as a step's " ---> " line shows it (12 hex digits); empty for scratch, as Docker prints it. */
    String shortId() {
        return id == null ? "" : id.hex().substring(0, 12);
    }
}
