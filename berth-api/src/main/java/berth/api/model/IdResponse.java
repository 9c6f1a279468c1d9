package berth.api.model;

import java.util.List;

/** POST /containers/create and /exec answer with the new object's id and any warnings. */
public record IdResponse(String id, List<String> warnings) {}
