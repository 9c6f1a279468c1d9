package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One layer of an image as {@code GET /images/{name}/layers} shows it (Berth's own): its diff ID, unpacked size, the
 * history step that made it, and what it changed in the filesystem below it (Kind as in {@code /containers/{id}/changes};
 * {@code truncated} when there were more changes than are listed).
 */
public record ImageLayer(@JsonProperty("DiffID") String diffId, long size, String createdBy,
                         List<FilesystemChange> changes, boolean truncated) {}
