package berth.engine.build;

import berth.api.model.ProgressMessage;

/**
 * Where a build reports as it goes, in the shape of Docker's classic builder: text for the {@code stream} lines, pull
 * progress of base images, and the {@code aux} message with the ID of each built stage. Writes to a client that has
 * gone may throw; {@link #isOpen} false cancels the build.
 */
public interface BuildOutput {
    void stream(String text);

    void progress(ProgressMessage message);

    void aux(String imageId);

    boolean isOpen();
}
