package berth.engine.container;

import berth.api.model.ContainerConfig;
import berth.api.model.HostConfig;
import java.util.List;

/**
 * A container's immutable creation data, stored as JSON in the containers table. {@code config} is the image
 * config merged with the request, as inspect's "Config" shows it; {@code imageName} is what the user asked for.
 */
record ContainerRecord(String id, String name, String imageId, String imageName, String created, ContainerConfig config,
                       HostConfig hostConfig, String path, List<String> args) {

    ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, imageId, imageName, created, config, hostConfig, path, args);
    }

    String shortId() {
        return id.substring(0, 12);
    }

    boolean tty() {
        return Boolean.TRUE.equals(config.tty());
    }

    boolean openStdin() {
        return Boolean.TRUE.equals(config.openStdin());
    }
}
