package berth.engine.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where containers' files go: their directories under the data root, their short attach links under the exec root. */
final class ContainerLayouts {
    private final Path containersDir;
    private final Path execRoot;

    ContainerLayouts(Path dataRoot, Path execRoot) throws IOException {
        this.containersDir = dataRoot.resolve("containers");
        this.execRoot = execRoot;
        Files.createDirectories(containersDir);
        Files.createDirectories(execRoot.resolve("a"));
        Files.createDirectories(execRoot.resolve("socket"));
    }

    ContainerLayout of(String id) {
        return new ContainerLayout(containersDir.resolve(id), execRoot, id);
    }

    Path execRoot() {
        return execRoot;
    }

    Path containersDir() {
        return containersDir;
    }
}
