package berth.api.model;

/**
 * One entry of {@code GET /containers/{id}/changes}: a path of the container's filesystem and how its writable
 * layer changed it (Kind 0 modified, 1 added, 2 deleted).
 */
public record FilesystemChange(String path, int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;
}
