package berth.api.model;

import java.util.List;

/** An item of {@code GET /images/{name}/history}, newest first; Id is "<missing>" for all but the top. */
public record ImageHistoryItem(String id, long created, String createdBy, List<String> tags, long size, String comment) {}
