package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code POST /containers/prune}: the IDs removed (null when none, as Docker sends it) and the bytes they held. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerPruneResponse(List<String> containersDeleted, long spaceReclaimed) {}
