package berth.engine.build;

import berth.api.model.ProgressMessage;

/**
 * What {@code q=1} (docker build -q) sees: nothing while the build runs, the image ID once it succeeds, and the held
 * step output before the error when it fails, as dockerd's classic builder does. The docker CLI prints whatever text
 * arrives as the image ID, so any step line let through would be printed as part of it. The held text is bounded:
 * a build that prints without end keeps only its last {@link #LIMIT} characters.
 */
final class QuietOutput implements BuildOutput {
    static final int LIMIT = 1 << 20;

    private final BuildOutput out;
    private final StringBuilder held = new StringBuilder();

    QuietOutput(BuildOutput out) {
        this.out = out;
    }

    @Override
    public synchronized void stream(String text) {
        held.append(text);
        if (held.length() > LIMIT) held.delete(0, held.length() - LIMIT);
    }

    @Override
    public void progress(ProgressMessage message) {
        // pull progress of a base image is part of what -q hides
    }

    @Override
    public void aux(String imageId) {
        // dockerd sends the aux messages of a quiet build into the same hidden buffer
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    /** The build failed: the client gets what it would have seen, then the error. */
    synchronized void release() {
        if (held.length() > 0 && out.isOpen()) out.stream(held.toString());
        held.setLength(0);
    }
}
